/** What an operator should understand from a board's ERR code, and what to do about it. */
export interface BoardErrorExplanation {
  summary: string;
  hint: string;
}

const EXPLANATIONS: Readonly<Record<number, BoardErrorExplanation>> = {
  400: {
    summary: 'the board could not understand the request (malformed request or argument)',
    hint: 'The station and the board firmware disagree about the protocol: check the firmware version and report it.',
  },
  404: {
    summary: 'the board does not know this command, slot or kind',
    hint: 'This firmware lacks the feature or slot the profile needs: update the firmware or pick the matching profile.',
  },
  409: {
    summary: "the request is not allowed in the slot's present state (for example overwriting the active key, or committing a slot without a certificate)",
    hint: 'Check the board status; a re-key uses the slot that is not active.',
  },
  413: {
    summary: 'the frame or transfer is too large for the board',
    hint: 'The certificate, chain or trust bundle is bigger than the board accepts: shorten the chain or check the profile.',
  },
  422: {
    summary: "the board rejected the data (length or SHA-256 mismatch, a certificate that does not parse, or a certificate for another key than the slot's)",
    hint: 'Retry the run; if it fails again the certificate does not match the key on the board.',
  },
  500: {
    summary: 'the board failed internally (key generation or storage write)',
    hint: 'Power-cycle the board and retry; if it repeats, set the board aside as faulty.',
  },
  503: {
    summary: 'the board is busy',
    hint: 'Wait a moment and retry the run.',
  },
};

/** Explains an ERR code in plain language; unknown codes get a generic explanation. */
export function explainBoardError(code: number): BoardErrorExplanation {
  return (
    EXPLANATIONS[code] ?? {
      summary: `the board refused the request with an unknown error code ${code}`,
      hint: 'Check the board firmware version and its log output.',
    }
  );
}

/** The ERR codes the protocol defines. */
export const KNOWN_BOARD_ERROR_CODES: readonly number[] = Object.keys(EXPLANATIONS).map(Number);
