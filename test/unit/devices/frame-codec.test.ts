import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { encodeFrame, LineSplitter, nextSeq, parseLine } from '../../../src-main/core/devices/station-link/frame-codec';

describe('frame codec', () => {
  it('encodes with the zlib CRC-32 of "@" up to "*" as 8 uppercase hex digits and CRLF', () => {
    const line = encodeFrame(12, 'KEYGEN', [['slot', '0']]);
    const expected = crc32(Buffer.from('@12 KEYGEN slot=0')).toString(16).toUpperCase().padStart(8, '0');
    expect(line).toBe(`@12 KEYGEN slot=0*${expected}\r\n`);
  });

  it('round-trips named and positional arguments', () => {
    const parsed = parseLine(encodeFrame(65_535, 'ERR', ['422', 'sha256', 'mismatch']).trimEnd());
    expect(parsed.kind).toBe('frame');
    if (parsed.kind !== 'frame') return;
    expect(parsed.frame.seq).toBe(65_535);
    expect(parsed.frame.word).toBe('ERR');
    expect(parsed.frame.positional).toEqual(['422', 'sha256', 'mismatch']);
  });

  it('keeps "=" inside base64 values', () => {
    const parsed = parseLine(encodeFrame(1, 'OK', [['pub', 'QUJD+/8=']]).trimEnd());
    expect(parsed.kind === 'frame' && parsed.frame.named.get('pub')).toBe('QUJD+/8=');
  });

  it('classifies log lines, corrupt frames and a bare LF ending', () => {
    expect(parseLine('I (123) boot: ready')).toEqual({ kind: 'log', text: 'I (123) boot: ready' });
    const good = encodeFrame(3, 'OK').trimEnd();
    expect(parseLine(good.replace('OK', 'OJ')).kind).toBe('corrupt');
    expect(parseLine(good.toLowerCase()).kind).toBe('corrupt');
    expect(parseLine('@3 OK').kind).toBe('corrupt');
    expect(parseLine(`${good}\r`).kind).toBe('frame');
  });

  it('throws TypeError on values the grammar does not allow', () => {
    expect(() => encodeFrame(65_536, 'OK')).toThrow(TypeError);
    expect(() => encodeFrame(1, 'ok')).toThrow(TypeError);
    expect(() => encodeFrame(1, 'CSR', [['cn', 'has space']])).toThrow(TypeError);
    expect(() => encodeFrame(1, 'CSR', [['cn', 'star*']])).toThrow(TypeError);
  });

  it('wraps seq and splits lines across chunks (CRLF and LF)', () => {
    expect(nextSeq(65_535)).toBe(0);
    const lines: string[] = [];
    const splitter = new LineSplitter((line) => lines.push(line));
    splitter.push('@1 O');
    splitter.push('K*X\r\nlog li');
    splitter.push(Buffer.from('ne\n'));
    expect(lines).toEqual(['@1 OK*X', 'log line']);
    expect(() => new LineSplitter(() => undefined, 1)).toThrow(TypeError);
  });
});
