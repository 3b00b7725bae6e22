import { describe, expect, it } from 'vitest';
import { bindContract } from '../../../src-main/contract/contract-binder';
import { StationError } from '../../../src-main/core/errors';
import type { ProvisionMode } from '../../../src-main/core/station/station-core-api';
import { stubStationCore } from './stub-station-core';

describe('the key-mode handlers', () => {
  it('mode-get answers the core’s saved mode', async () => {
    const core = stubStationCore({ getMode: async () => 'inject' });
    await expect(bindContract(core).invoke('mode-get', {})).resolves.toEqual({ ok: true, value: 'inject' });
  });

  it('mode-set passes a valid mode to the core and answers what it saved', async () => {
    const calls: ProvisionMode[] = [];
    const core = stubStationCore({
      setMode: async (mode) => {
        calls.push(mode);
        return mode;
      },
    });
    const result = await bindContract(core).invoke('mode-set', { mode: 'inject' });
    expect(result).toEqual({ ok: true, value: 'inject' });
    expect(calls).toEqual(['inject']);
  });

  it('rejects an unknown mode, a missing mode and extra fields without calling the core', async () => {
    let wasCalled = false;
    const core = stubStationCore({
      setMode: async (mode) => {
        wasCalled = true;
        return mode;
      },
    });
    const dispatcher = bindContract(core);
    const results = await Promise.all([
      dispatcher.invoke('mode-set', { mode: 'userpass' }),
      dispatcher.invoke('mode-set', {}),
      dispatcher.invoke('mode-set', { mode: 'keygen', persist: false }),
      dispatcher.invoke('mode-get', { mode: 'keygen' }),
    ]);
    expect(results.map((result) => (result.ok ? 'ok' : result.error.code))).toEqual([
      'invalid-input',
      'invalid-input',
      'invalid-input',
      'invalid-input',
    ]);
    expect(wasCalled).toBe(false);
  });

  it('passes the core’s StationError through with its hint', async () => {
    const core = stubStationCore({
      setMode: async () => {
        throw new StationError('config-invalid', 'Could not write the settings file.', { hint: 'Check the data directory permissions.' });
      },
    });
    await expect(bindContract(core).invoke('mode-set', { mode: 'keygen' })).resolves.toEqual({
      ok: false,
      error: { code: 'config-invalid', message: 'Could not write the settings file.', hint: 'Check the data directory permissions.' },
    });
  });
});
