import { StationError } from '../../errors';
import type { BoardCapability, BoardIdentity, BoardStatus, SlotState, SlotStatus } from '../device-driver';
import { MIN_MAX_LINE, type Frame } from './frame-codec';

/**
 * Pure parsers for the OK responses of Station Link Protocol v1 and for ERR lines. Each throws
 * StationError `board-protocol` (with the command in details) when an answer does not parse as the
 * protocol text says; messages carry only public facts.
 */

export const SUPPORTED_PROTOCOL_VERSION = 1;
const CAPABILITIES: readonly BoardCapability[] = ['keygen', 'inject', 'userpass'];
const SLOT_STATES: readonly SlotState[] = ['empty', 'key', 'cert', 'committed'];
const BASE64_PATTERN = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const UNSIGNED_PATTERN = /^(?:0|[1-9][0-9]*)$/;

export function protocolError(command: string, problem: string): StationError {
  return new StationError('board-protocol', `The board's answer to ${command} does not follow the Station Link Protocol: ${problem}.`, {
    hint: 'The board firmware and the station disagree about the protocol: check the firmware version.',
    details: { command },
  });
}

function required(frame: Frame, command: string, key: string): string {
  const value = frame.named.get(key);
  if (value === undefined || value === '') throw protocolError(command, `${key}= is missing`);
  return value;
}

function unsigned(value: string, command: string, key: string): number {
  if (!UNSIGNED_PATTERN.test(value) || value.length > 9) throw protocolError(command, `${key}= is not a number`);
  return Number(value);
}

/** Decodes standard padded base64 strictly (no whitespace, no URL alphabet); rejects empty input. */
export function decodeStrictBase64(value: string, command: string, key: string): Uint8Array {
  if (value === '' || value.length % 4 !== 0 || !BASE64_PATTERN.test(value)) {
    throw protocolError(command, `${key}= is not standard base64`);
  }
  return new Uint8Array(Buffer.from(value, 'base64'));
}

/** HELLO's `OK proto=1 model= fw= serial= max_line= caps= slots=`. Unknown capabilities are ignored. */
export function parseHelloResponse(frame: Frame): BoardIdentity {
  const command = 'HELLO';
  const protoText = required(frame, command, 'proto');
  const protocolVersion = UNSIGNED_PATTERN.test(protoText) ? Number(protoText) : Number.NaN;
  if (protocolVersion !== SUPPORTED_PROTOCOL_VERSION) {
    throw new StationError(
      'board-protocol',
      `The board speaks Station Link Protocol version ${protoText}; this station speaks version ${SUPPORTED_PROTOCOL_VERSION}.`,
      {
        hint: 'Update the board firmware or the station so that both use the same protocol version.',
        details: { command, boardProtocolVersion: protoText },
      },
    );
  }
  const maxLine = unsigned(required(frame, command, 'max_line'), command, 'max_line');
  if (maxLine < MIN_MAX_LINE) throw protocolError(command, `max_line=${maxLine} is below the minimum of ${MIN_MAX_LINE}`);
  const slotsText = required(frame, command, 'slots');
  if (slotsText !== '1' && slotsText !== '2') throw protocolError(command, `slots=${slotsText} is not 1 or 2`);
  const capsText = frame.named.get('caps') ?? '';
  const capabilities = CAPABILITIES.filter((cap) => capsText.split(',').includes(cap));
  return {
    protocolVersion,
    model: required(frame, command, 'model'),
    firmware: required(frame, command, 'fw'),
    serial: required(frame, command, 'serial'),
    maxLine,
    capabilities,
    slotCount: slotsText === '1' ? 1 : 2,
  };
}

/** KEYGEN's `OK pub=<base64>`: a 65-byte uncompressed P-256 point (0x04 || X || Y). */
export function parseKeygenResponse(frame: Frame): Uint8Array {
  const point = decodeStrictBase64(required(frame, 'KEYGEN', 'pub'), 'KEYGEN', 'pub');
  if (point.length !== 65 || point[0] !== 0x04) {
    throw protocolError('KEYGEN', `pub= is ${point.length} bytes, not a 65-byte uncompressed P-256 point`);
  }
  return point;
}

/** CSR's `OK csr=<base64 DER>` (the DER itself is checked by the CA pipeline). */
export function parseCsrResponse(frame: Frame): Uint8Array {
  return decodeStrictBase64(required(frame, 'CSR', 'csr'), 'CSR', 'csr');
}

/** SIGN's `OK sig=<base64 DER ECDSA signature>`. */
export function parseSignResponse(frame: Frame): Uint8Array {
  return decodeStrictBase64(required(frame, 'SIGN', 'sig'), 'SIGN', 'sig');
}

/** DATA's `OK next=<offset>`, which must equal the chunk's offset plus its length. */
export function parseDataResponse(frame: Frame, expectedNext: number): void {
  const next = unsigned(required(frame, 'DATA', 'next'), 'DATA', 'next');
  if (next !== expectedNext) throw protocolError('DATA', `next=${next}, expected ${expectedNext}`);
}

/** COMMIT's `OK active=<s>`; resolves to the active slot. */
export function parseCommitResponse(frame: Frame): number {
  return unsigned(required(frame, 'COMMIT', 'active'), 'COMMIT', 'active');
}

/**
 * STATUS's `OK active=<s|none> slot0=<state> cert0=<hex|-> [slot1=… cert1=…]`. Slots are reported
 * in order 0, 1, … as far as the board lists them (at least slot0). Certificate hashes come back
 * lowercase.
 */
export function parseStatusResponse(frame: Frame): BoardStatus {
  const command = 'STATUS';
  const activeText = required(frame, command, 'active');
  const activeSlot = activeText === 'none' ? null : unsigned(activeText, command, 'active');
  const slots: SlotStatus[] = [];
  for (let slot = 0; frame.named.has(`slot${slot}`); slot += 1) {
    const stateText = frame.named.get(`slot${slot}`) ?? '';
    const state = SLOT_STATES.find((candidate) => candidate === stateText);
    if (!state) throw protocolError(command, `slot${slot}=${stateText} is not one of ${SLOT_STATES.join(', ')}`);
    const certText = required(frame, command, `cert${slot}`);
    let certificateSha256: string | null = null;
    if (certText !== '-') {
      if (!/^[0-9a-fA-F]{64}$/.test(certText)) throw protocolError(command, `cert${slot}= is not a SHA-256 hex digest`);
      certificateSha256 = certText.toLowerCase();
    }
    slots.push({ slot, state, certificateSha256 });
  }
  if (slots.length === 0) throw protocolError(command, 'slot0= is missing');
  if (activeSlot !== null && activeSlot >= slots.length) throw protocolError(command, `active=${activeSlot} names a slot it does not list`);
  return { activeSlot, slots };
}

export interface BoardErrorReply {
  /** 400…503 as the board sent it. */
  code: number;
  /** The board's own words (may be empty). */
  words: string;
}

/**
 * Reads `@<seq> ERR <code> [words…]*<crc>` from the raw line (the frame's key=value split would
 * reorder words that contain "="). The line's CRC must already have been checked.
 */
export function parseErrorLine(line: string, command: string): BoardErrorReply {
  const withoutEnding = line.endsWith('\r') ? line.slice(0, -1) : line;
  const star = withoutEnding.lastIndexOf('*');
  const head = star >= 0 ? withoutEnding.slice(0, star) : withoutEnding;
  const match = /^@\d+ ERR(?: +(\S+))?(.*)$/.exec(head);
  const codeText = match?.[1] ?? '';
  if (!/^[1-9][0-9]{2}$/.test(codeText)) throw protocolError(command, 'ERR without a 3-digit code');
  return { code: Number(codeText), words: (match?.[2] ?? '').trim().replace(/ +/g, ' ') };
}
