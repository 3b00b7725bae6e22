import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../src-main/core/ledger/canonical-json';
import { GENESIS_HASH, eventHash, findForbiddenKey } from '../../../src-main/core/ledger/event-chain';

describe('canonicalJson', () => {
  it('sorts keys at every depth, drops undefined members and writes dates as ISO', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: undefined }, e: new Date('2026-03-01T00:00:00Z') })).toBe(
      '{"a":{"d":[3,{"y":2,"z":1}]},"b":1,"e":"2026-03-01T00:00:00.000Z"}',
    );
    expect(canonicalJson({ x: 'é"\n' })).toBe('{"x":"é\\"\\n"}');
  });

  it('rejects values JSON cannot carry faithfully', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    for (const value of [Number.POSITIVE_INFINITY, 10n, () => 1, Symbol('s'), new Uint8Array(1), cyclic]) {
      expect(() => canonicalJson({ value })).toThrow(expect.objectContaining({ code: 'ledger-event-invalid' }));
    }
  });
});

describe('event-chain', () => {
  const content = { id: 1, at: '2026-03-01T08:00:00.000Z', type: 'board.seen', data: '{"boardSerial":"A"}', boardSerial: 'A' };

  it('hashes prevHash followed by the canonical row content', () => {
    const hash = eventHash(GENESIS_HASH, content);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(eventHash(GENESIS_HASH, { ...content })).toBe(hash);
    expect(eventHash('1'.repeat(64), content)).not.toBe(hash);
    expect(eventHash(GENESIS_HASH, { ...content, id: 2 })).not.toBe(hash);
    expect(eventHash(GENESIS_HASH, { ...content, boardSerial: null })).not.toBe(hash);
  });

  it('finds keys that look secret at any depth', () => {
    expect(findForbiddenKey({ serial: 'x', nested: { list: [{ ok: 1 }] } })).toBeNull();
    expect(findForbiddenKey({ privateKey: 'x' })).toBe('$.privateKey');
    expect(findForbiddenKey({ a: { clientSecret: 'x' } })).toBe('$.a.clientSecret');
    expect(findForbiddenKey({ list: [{ password: 'x' }] })).toBe('$.list.0.password');
  });
});
