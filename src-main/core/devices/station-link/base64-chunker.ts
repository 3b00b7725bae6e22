import { MAX_SEQ, MIN_MAX_LINE } from './frame-codec';

/** One DATA chunk: the byte offset it starts at, its length in bytes, and its standard padded base64. */
export interface DataChunk {
  offset: number;
  byteLength: number;
  base64: string;
}

export interface ChunkOptions {
  /** The device's max_line from HELLO (CR LF included); an integer ≥ 512. */
  maxLine: number;
}

const CRC_PART = '*XXXXXXXX\r\n'.length;

/**
 * The largest chunk (in bytes, a multiple of 3 so only the last chunk carries padding) such that
 * `@<seq> DATA off=<offset> b64=<chunk>*<crc>\r\n` fits in maxLine for any seq (5 digits assumed)
 * and any offset below totalLength. Throws TypeError on bad options or when not even 3 bytes fit.
 */
export function dataChunkSize(totalLength: number, options: ChunkOptions): number {
  const { maxLine } = options;
  if (!Number.isInteger(maxLine) || maxLine < MIN_MAX_LINE) {
    throw new TypeError(`maxLine must be an integer ≥ ${MIN_MAX_LINE}, got ${maxLine}`);
  }
  if (!Number.isInteger(totalLength) || totalLength < 0) {
    throw new TypeError(`totalLength must be a non-negative integer, got ${totalLength}`);
  }
  const overhead = `@${MAX_SEQ} DATA off=${Math.max(0, totalLength - 1)} b64=`.length + CRC_PART;
  const base64Chars = Math.floor((maxLine - overhead) / 4) * 4;
  const bytes = (base64Chars / 4) * 3;
  if (bytes < 3) throw new TypeError(`maxLine ${maxLine} leaves no room for data`);
  return bytes;
}

/**
 * Splits `data` into DATA chunks that each fit the device's max_line (see dataChunkSize). Empty data
 * gives no chunks. Throws TypeError on bad options.
 */
export function chunkBase64(data: Uint8Array, options: ChunkOptions): DataChunk[] {
  if (!(data instanceof Uint8Array)) throw new TypeError('data must be a Uint8Array');
  const size = dataChunkSize(data.length, options);
  const chunks: DataChunk[] = [];
  for (let offset = 0; offset < data.length; offset += size) {
    const part = data.subarray(offset, Math.min(offset + size, data.length));
    chunks.push({ offset, byteLength: part.length, base64: Buffer.from(part).toString('base64') });
  }
  return chunks;
}
