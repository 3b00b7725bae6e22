import { describe, expect, it } from 'vitest';
import { chunkBase64, dataChunkSize } from '../../../src-main/core/devices/station-link/base64-chunker';
import { encodeFrame } from '../../../src-main/core/devices/station-link/frame-codec';

function bytes(length: number): Uint8Array {
  return Uint8Array.from({ length }, (_, index) => (index * 37 + 11) & 0xff);
}

describe('base64 chunker', () => {
  it('keeps every DATA frame, CR LF included, within max_line at the worst seq', () => {
    for (const maxLine of [512, 513, 514, 515, 600, 1024]) {
      for (const length of [1, 2, 3, 100, 359, 360, 361, 5000, 123_456]) {
        const chunks = chunkBase64(bytes(length), { maxLine });
        for (const chunk of chunks) {
          const frame = encodeFrame(65_535, 'DATA', [['off', String(chunk.offset)], ['b64', chunk.base64]]);
          expect(frame.length).toBeLessThanOrEqual(maxLine);
        }
      }
    }
  });

  it('uses the room: the largest chunk at max_line 512 leaves less than 4 characters unused', () => {
    const data = bytes(10_000);
    const size = dataChunkSize(data.length, { maxLine: 512 });
    const frame = encodeFrame(65_535, 'DATA', [['off', '9999'], ['b64', Buffer.from(data.subarray(0, size)).toString('base64')]]);
    expect(512 - frame.length).toBeLessThan(4);
    expect(size % 3).toBe(0);
  });

  it('reassembles to the input, with offsets and padded standard base64', () => {
    const data = bytes(1000);
    const chunks = chunkBase64(data, { maxLine: 512 });
    expect(chunks.length).toBeGreaterThan(1);
    let next = 0;
    const parts: Buffer[] = [];
    for (const chunk of chunks) {
      expect(chunk.offset).toBe(next);
      expect(chunk.base64).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);
      expect(chunk.base64.length % 4).toBe(0);
      const part = Buffer.from(chunk.base64, 'base64');
      expect(part.length).toBe(chunk.byteLength);
      parts.push(part);
      next += chunk.byteLength;
    }
    expect(Buffer.concat(parts).equals(Buffer.from(data))).toBe(true);
  });

  it('gives no chunks for empty data', () => {
    expect(chunkBase64(new Uint8Array(0), { maxLine: 512 })).toEqual([]);
  });

  it('throws TypeError on bad options', () => {
    expect(() => chunkBase64(bytes(3), { maxLine: 511 })).toThrow(TypeError);
    expect(() => chunkBase64(bytes(3), { maxLine: 512.5 })).toThrow(TypeError);
    expect(() => chunkBase64(bytes(3), { maxLine: Number.NaN })).toThrow(TypeError);
    expect(() => dataChunkSize(-1, { maxLine: 512 })).toThrow(TypeError);
    expect(() => chunkBase64('abc' as unknown as Uint8Array, { maxLine: 512 })).toThrow(TypeError);
  });
});
