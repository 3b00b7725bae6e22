import { crc32 } from 'node:zlib';

/**
 * Station Link Protocol v1 framing as pure functions (shared by the station's driver and the board
 * simulator; both follow ../shared/docs/station-link-protocol.md):
 *
 *     frame = "@" seq " " body "*" crc CRLF        (a bare LF is accepted too)
 *
 * crc is the CRC-32 (zlib/PNG) of the bytes from "@" up to, not including, "*", as 8 uppercase hex digits.
 */

export const MAX_SEQ = 65_535;
/** The smallest max_line a device may announce (CR LF included). */
export const MIN_MAX_LINE = 512;

const WORD_PATTERN = /^[A-Z][A-Z0-9_]*$/;
const VALUE_PATTERN = /^[A-Za-z0-9._\-+/=:,]+$/;
const KEY_PATTERN = /^[a-z][a-z0-9_]*$/;

export interface Frame {
  seq: number;
  word: string;
  /** key=value arguments, in order of appearance. */
  named: Map<string, string>;
  /** Arguments without a key (ERR's code and words). */
  positional: string[];
}

export type FrameArgument = readonly [key: string, value: string] | string;

export type ParsedLine =
  | { kind: 'frame'; frame: Frame }
  | { kind: 'log'; text: string }
  | { kind: 'corrupt'; text: string; reason: string };

/** CRC-32 as the protocol writes it: 8 uppercase hex digits. */
export function frameCrc(headAndBody: string): string {
  return crc32(Buffer.from(headAndBody, 'latin1')).toString(16).toUpperCase().padStart(8, '0');
}

/** Builds one frame line, CRLF included. Throws TypeError on values the grammar does not allow. */
export function encodeFrame(seq: number, word: string, args: readonly FrameArgument[] = []): string {
  if (!Number.isInteger(seq) || seq < 0 || seq > MAX_SEQ) throw new TypeError(`seq must be 0..${MAX_SEQ}, got ${seq}`);
  if (!WORD_PATTERN.test(word)) throw new TypeError(`not a protocol word: ${JSON.stringify(word)}`);
  const parts = [word];
  for (const arg of args) {
    if (typeof arg === 'string') {
      if (!VALUE_PATTERN.test(arg)) throw new TypeError(`not a protocol value: ${JSON.stringify(arg)}`);
      parts.push(arg);
    } else {
      const [key, value] = arg;
      if (!KEY_PATTERN.test(key)) throw new TypeError(`not a protocol key: ${JSON.stringify(key)}`);
      if (!VALUE_PATTERN.test(value)) throw new TypeError(`not a protocol value for ${key}: ${JSON.stringify(value)}`);
      parts.push(`${key}=${value}`);
    }
  }
  const head = `@${seq} ${parts.join(' ')}`;
  return `${head}*${frameCrc(head)}\r\n`;
}

/**
 * Classifies one received line (without its line ending): a frame, a board log line (does not begin
 * with "@"), or a corrupt frame (begins with "@" but its CRC or shape is wrong — the receiver drops it).
 */
export function parseLine(rawLine: string): ParsedLine {
  const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
  if (!line.startsWith('@')) return { kind: 'log', text: line };
  const star = line.lastIndexOf('*');
  if (star < 0) return { kind: 'corrupt', text: line, reason: 'no "*" before the CRC' };
  const head = line.slice(0, star);
  const crc = line.slice(star + 1);
  if (!/^[0-9A-F]{8}$/.test(crc)) return { kind: 'corrupt', text: line, reason: 'CRC is not 8 uppercase hex digits' };
  if (frameCrc(head) !== crc) return { kind: 'corrupt', text: line, reason: 'CRC mismatch' };
  const match = /^@(\d{1,5}) (.+)$/.exec(head);
  if (!match) return { kind: 'corrupt', text: line, reason: 'no seq and body' };
  const seq = Number(match[1]);
  if (seq > MAX_SEQ) return { kind: 'corrupt', text: line, reason: 'seq out of range' };
  const [word, ...rest] = (match[2] ?? '').split(' ');
  if (!word || !WORD_PATTERN.test(word)) return { kind: 'corrupt', text: line, reason: 'no command word' };
  const named = new Map<string, string>();
  const positional: string[] = [];
  for (const token of rest) {
    if (token === '') continue;
    const eq = token.indexOf('=');
    const key = eq > 0 ? token.slice(0, eq) : '';
    if (eq > 0 && KEY_PATTERN.test(key)) named.set(key, token.slice(eq + 1));
    else positional.push(token);
  }
  return { kind: 'frame', frame: { seq, word, named, positional } };
}

/** The seq that follows `seq` (65535 wraps to 0). */
export function nextSeq(seq: number): number {
  return seq >= MAX_SEQ ? 0 : seq + 1;
}

/**
 * Splits a byte stream into lines. Feed it chunks as they arrive; it calls `onLine` for each complete
 * line (CRLF or bare LF, ending removed). `maxLine` bounds a runaway line: past it the partial line is
 * handed over as it is and the buffer restarts.
 */
export class LineSplitter {
  private buffer = '';

  constructor(
    private readonly onLine: (line: string) => void,
    private readonly maxLine = 1 << 20,
  ) {
    if (!Number.isInteger(maxLine) || maxLine < 2) throw new TypeError('maxLine must be an integer ≥ 2');
  }

  push(chunk: Buffer | string): void {
    this.buffer += typeof chunk === 'string' ? chunk : chunk.toString('latin1');
    let newline = this.buffer.indexOf('\n');
    while (newline >= 0) {
      const line = this.buffer.slice(0, newline);
      this.buffer = this.buffer.slice(newline + 1);
      this.onLine(line.endsWith('\r') ? line.slice(0, -1) : line);
      newline = this.buffer.indexOf('\n');
    }
    if (this.buffer.length > this.maxLine) {
      const overflow = this.buffer;
      this.buffer = '';
      this.onLine(overflow);
    }
  }
}
