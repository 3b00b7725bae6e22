import { describe, expect, it } from 'vitest';
import { DEFAULT_BOARD_SIM_OPTIONS, resolveBoardSimOptions } from '../../../src-main/core/sim/board-sim-options';

describe('resolveBoardSimOptions', () => {
  it('fills in the documented defaults', () => {
    expect(resolveBoardSimOptions()).toEqual({
      serial: 'SN-SIM-0001',
      model: 'sim-board',
      fw: '1.0.0-sim',
      caps: ['keygen', 'inject'],
      slots: 1,
      maxLine: 512,
      maxTransfer: 16_384,
      keygenMs: 0,
      baud: 0,
      logNoise: 0,
      logIntervalMs: 0,
      bootBanner: true,
      dropResponseOnce: [],
      corruptResponseOnce: [],
      wrongKeyCsr: 'off',
      vanishAtStep: null,
      errorOnce: [],
      sharedKeyWith: null,
      stateFile: null,
    });
    expect(resolveBoardSimOptions({ serial: undefined }).serial).toBe(DEFAULT_BOARD_SIM_OPTIONS.serial);
  });

  it('keeps given values and removes duplicate caps', () => {
    const resolved = resolveBoardSimOptions({ caps: ['keygen', 'keygen', 'userpass'], slots: 2, baud: 115_200 });
    expect(resolved.caps).toEqual(['keygen', 'userpass']);
    expect(resolved.slots).toBe(2);
    expect(resolved.baud).toBe(115_200);
  });

  it.each([
    [{ serial: 'has space' }, /serial/],
    [{ caps: [] }, /caps/],
    [{ maxLine: 100 }, /maxLine/],
    [{ keygenMs: -1 }, /keygenMs/],
    [{ logNoise: 2 }, /logNoise/],
    [{ baud: Number.NaN }, /baud/],
    [{ dropResponseOnce: ['keygen'] }, /dropResponseOnce/],
    [{ vanishAtStep: 'csr' }, /vanishAtStep/],
    [{ errorOnce: [{ command: 'KEYGEN', code: 200 }] }, /errorOnce/],
    [{ sharedKeyWith: '' }, /sharedKeyWith/],
  ])('throws a TypeError on %j', (bad, message) => {
    expect(() => resolveBoardSimOptions(bad as Parameters<typeof resolveBoardSimOptions>[0])).toThrow(TypeError);
    expect(() => resolveBoardSimOptions(bad as Parameters<typeof resolveBoardSimOptions>[0])).toThrow(message);
  });
});
