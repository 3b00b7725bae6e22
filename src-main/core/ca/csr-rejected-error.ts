import { StationError } from '../errors';

/**
 * Why a CSR was refused. The first five come from the CSR alone (`station csr check`); `wrong-key` and
 * `duplicate-key` need the provisioning context (the board's KEYGEN point, the ledger).
 */
export type CsrRejectReason =
  | 'encoding'
  | 'too-large'
  | 'signature'
  | 'key-type'
  | 'signature-algorithm'
  | 'wrong-key'
  | 'duplicate-key';

const HINTS: Record<CsrRejectReason, string> = {
  encoding: 'Send exactly one PKCS#10 request as PEM, DER or base64url; check that the board firmware returned it whole.',
  'too-large': 'A device CSR is under 1 KiB: check that the right file or serial answer was captured.',
  signature: 'Ask the board for a fresh CSR; if it fails again the key slot or the firmware is faulty.',
  'key-type': 'Regenerate the key on the board as EC P-256 with the named curve prime256v1.',
  'signature-algorithm': 'The CSR must be signed with ecdsa-with-SHA256: update the board firmware or its CSR settings.',
  'wrong-key': 'The CSR does not carry the key the board just generated: re-run KEYGEN and CSR on the same slot.',
  'duplicate-key': 'Two boards must never share a key: regenerate the key on this board and check its key generator.',
};

/** A CSR the station will not sign. `reason` is stable for programs; the message names the cause. */
export class CsrRejectedError extends StationError {
  readonly reason: CsrRejectReason;

  constructor(reason: CsrRejectReason, message: string, options: { cause?: unknown; hint?: string } = {}) {
    super('csr-rejected', message, {
      hint: options.hint ?? HINTS[reason],
      cause: options.cause,
      details: { reason },
    });
    this.name = 'CsrRejectedError';
    this.reason = reason;
  }
}

export function isCsrRejectedError(error: unknown): error is CsrRejectedError {
  return error instanceof CsrRejectedError;
}
