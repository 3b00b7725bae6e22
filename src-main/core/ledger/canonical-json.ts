import { StationError } from '../errors';

/**
 * Canonical JSON for the event log: object keys sorted by code unit, no whitespace, `undefined`
 * members dropped, Dates as ISO strings. The same value always gives the same text, so a hash over
 * it can be recomputed later.
 *
 * Failure: throws StationError `ledger-event-invalid` for values JSON cannot carry faithfully
 * (non-finite numbers, bigint, functions, symbols, binary data, cycles).
 */
export function canonicalJson(value: unknown): string {
  return encode(value, new Set<object>(), '$');
}

function encode(value: unknown, seen: Set<object>, where: string): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw invalid(where, 'is not a finite number');
      return JSON.stringify(value);
    case 'object':
      break;
    default:
      throw invalid(where, `is a ${typeof value}`);
  }
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) {
    throw invalid(where, 'is binary data (encode it as text first)');
  }
  if (seen.has(value)) throw invalid(where, 'is a cycle');
  seen.add(value);
  try {
    if (Array.isArray(value)) {
      const items: unknown[] = value;
      return `[${items.map((item, index) => encode(item ?? null, seen, `${where}[${index}]`)).join(',')}]`;
    }
    const entries = Object.entries(value)
      .filter(([, member]) => member !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries
      .map(([key, member]) => `${JSON.stringify(key)}:${encode(member, seen, `${where}.${key}`)}`)
      .join(',')}}`;
  } finally {
    seen.delete(value);
  }
}

function invalid(where: string, problem: string): StationError {
  return new StationError('ledger-event-invalid', `Event data ${where} ${problem}; events hold plain JSON facts only.`, {
    hint: 'This is a station bug: report it with the ledger export.',
  });
}
