import { describe, expect, it } from 'vitest';
import { SeqCounter } from '../../../src-main/core/devices/station-link/seq-counter';

describe('SeqCounter', () => {
  it('starts at the injected first seq and goes up by one', () => {
    const counter = new SeqCounter(41);
    expect([counter.next(), counter.next(), counter.next()]).toEqual([41, 42, 43]);
  });

  it('wraps 65535 to 0', () => {
    const counter = new SeqCounter(65_534);
    expect([counter.next(), counter.next(), counter.next()]).toEqual([65_534, 65_535, 0]);
  });

  it('picks a random first seq in range by default', () => {
    const firsts = new Set(Array.from({ length: 20 }, () => new SeqCounter().next()));
    for (const seq of firsts) expect(seq >= 0 && seq <= 65_535 && Number.isInteger(seq)).toBe(true);
    expect(firsts.size).toBeGreaterThan(1);
  });

  it('throws TypeError on a first seq out of range', () => {
    expect(() => new SeqCounter(65_536)).toThrow(TypeError);
    expect(() => new SeqCounter(-1)).toThrow(TypeError);
    expect(() => new SeqCounter(1.5)).toThrow(TypeError);
  });
});
