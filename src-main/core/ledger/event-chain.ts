import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';

/** prevHash of the first event: 64 zeros. */
export const GENESIS_HASH = '0'.repeat(64);

/** The parts of an event row the hash covers. */
export interface ChainedContent {
  id: number;
  at: string;
  type: string;
  /** The row's JSON text exactly as stored. */
  data: string;
  boardSerial: string | null;
}

/**
 * hash = lowercase hex SHA-256 over UTF-8 of `prevHash` followed by the canonical JSON of
 * `{at, boardSerial, data, id, type}` (data as its stored text). Covering `id` makes a deleted or
 * reordered row break the chain at the next row.
 */
export function eventHash(prevHash: string, content: ChainedContent): string {
  const canonical = canonicalJson({
    id: content.id,
    at: content.at,
    type: content.type,
    data: content.data,
    boardSerial: content.boardSerial,
  });
  return createHash('sha256').update(prevHash, 'utf8').update(canonical, 'utf8').digest('hex');
}

/** Key names an event may never carry, whatever their value: events hold public facts only. */
const FORBIDDEN_KEY = /private|secret|password|passphrase|pin$|token|seed/i;

/** Returns the first forbidden key path in `data`, or null. */
export function findForbiddenKey(data: unknown, where = '$'): string | null {
  if (data === null || typeof data !== 'object') return null;
  for (const [key, value] of Object.entries(data)) {
    const path = `${where}.${key}`;
    if (FORBIDDEN_KEY.test(key)) return path;
    const nested = findForbiddenKey(value, path);
    if (nested !== null) return nested;
  }
  return null;
}
