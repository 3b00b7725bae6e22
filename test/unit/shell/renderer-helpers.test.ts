import { describe, expect, it } from 'vitest';
import type { PortTile } from '../../../src-main/contract/contract-types';
import { idleTile } from '../../../src-main/core/station/station-core-api';
import { mergeTile } from '../../../src-renderer/features/station/use-station-overview';
import { formatElapsed } from '../../../src-renderer/shared/format-time';
import { secretFragments } from '../../e2e/support/secret-fragments';

function tile(port: string, state: PortTile['state']): PortTile {
  return { ...idleTile(port), state };
}

describe('mergeTile', () => {
  it('replaces the tile of the same port in place', () => {
    const merged = mergeTile([tile('/dev/a', 'idle'), tile('/dev/b', 'idle')], tile('/dev/a', 'working'));
    expect(merged.map((entry) => [entry.port, entry.state])).toEqual([
      ['/dev/a', 'working'],
      ['/dev/b', 'idle'],
    ]);
  });

  it('adds a new port in port order', () => {
    const merged = mergeTile([tile('/dev/a', 'idle'), tile('/dev/c', 'idle')], tile('/dev/b', 'working'));
    expect(merged.map((entry) => entry.port)).toEqual(['/dev/a', '/dev/b', '/dev/c']);
  });
});

describe('formatElapsed', () => {
  const start = '2026-12-03T10:00:00.000Z';
  it('shows minutes and seconds, then hours', () => {
    expect(formatElapsed(start, Date.parse(start) + 65_400)).toBe('1:05');
    expect(formatElapsed(start, Date.parse(start) + 3_723_000)).toBe('1:02:03');
  });
  it('never goes negative', () => {
    expect(formatElapsed(start, Date.parse(start) - 5_000)).toBe('0:00');
  });
});

describe('secretFragments (used by the traffic test)', () => {
  it('finds a PEM key re-wrapped or cut into pieces', () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    const body = Array.from({ length: 90 }, (_, index) => alphabet[(index * 7 + 3) % 64]).join('');
    const pem = `-----BEGIN PRIVATE KEY-----\n${body.slice(0, 64)}\n${body.slice(64)}\n-----END PRIVATE KEY-----\n`;
    const fragments = secretFragments(pem);
    expect(fragments).toContain(body);
    const leakedRun = body.slice(21, 61);
    expect(fragments.some((fragment) => leakedRun.includes(fragment))).toBe(true);
    expect(fragments.some((fragment) => 'unrelated text'.includes(fragment))).toBe(false);
    expect(fragments.every((fragment) => fragment.length >= 16)).toBe(true);
  });
});
