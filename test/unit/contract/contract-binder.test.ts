import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { bindContract, ContractRegistry } from '../../../src-main/contract/contract-binder';
import { combineHandlerMaps, defineHandler } from '../../../src-main/contract/contract-handler';
import { stationContract } from '../../../src-main/contract/station-contract';
import { StationError } from '../../../src-main/core/errors';
import { idleTile, type PortTile } from '../../../src-main/core/station/station-core-api';
import { stubStationCore } from './stub-station-core';

const idle: PortTile = idleTile('/dev/ttyACM0');

describe('bindContract', () => {
  it('runs a handler with validated input and wraps the value', async () => {
    const calls: Array<[string, string | undefined]> = [];
    const core = stubStationCore({
      provisionPort: async (port, mode) => {
        calls.push([port, mode]);
        return idle;
      },
    });
    const result = await bindContract(core).invoke('station-provision-port', { port: '/dev/ttyACM0', mode: 'inject' });
    expect(result).toEqual({ ok: true, value: idle });
    expect(calls).toEqual([['/dev/ttyACM0', 'inject']]);
  });

  it('turns a schema violation into invalid-input without calling the core', async () => {
    let wasCalled = false;
    const core = stubStationCore({
      setProfile: async (profile) => {
        wasCalled = true;
        return profile;
      },
    });
    const result = await bindContract(core).invoke('profile-set', {
      subjectTemplate: 'CN={serial}',
      validityDays: 0,
      copySubjectAltName: false,
      backdateSeconds: 300,
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('invalid-input');
    expect(result.error.message).toContain('validityDays');
    expect(wasCalled).toBe(false);
  });

  it('rejects unknown fields and missing input as invalid-input', async () => {
    const dispatcher = bindContract(stubStationCore({}));
    const extra = await dispatcher.invoke('station-overview', { sneaky: true });
    const missing = await dispatcher.invoke('registry-set-secret', undefined);
    expect(extra.ok ? null : extra.error.code).toBe('invalid-input');
    expect(missing.ok ? null : missing.error.code).toBe('invalid-input');
  });

  it('never echoes a rejected value in the error message', async () => {
    const secret = 'x'.repeat(5000);
    const result = await bindContract(stubStationCore({})).invoke('registry-set-secret', { secret });
    expect(result.ok).toBe(false);
    expect(JSON.stringify(result)).not.toContain('xxxxxxxxxx');
  });

  it('maps a StationError to its code, message and hint', async () => {
    const core = stubStationCore({
      caSummary: async () => {
        throw new StationError('keychain-unavailable', 'Could not reach the OS keychain.', { hint: 'Start gnome-keyring.' });
      },
    });
    const result = await bindContract(core).invoke('ca-summary', {});
    expect(result).toEqual({
      ok: false,
      error: { code: 'keychain-unavailable', message: 'Could not reach the OS keychain.', hint: 'Start gnome-keyring.' },
    });
  });

  it('maps any other thrown error to internal, keeping only its message', async () => {
    const core = stubStationCore({
      overview: async () => {
        throw new TypeError('boom');
      },
    });
    const result = await bindContract(core).invoke('station-overview', {});
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('internal');
    expect(result.error.message).toBe('boom');
    expect(Object.keys(result.error).sort()).toEqual(['code', 'hint', 'message']);
  });

  it('answers an unknown name with unknown-handler', async () => {
    const result = await bindContract(stubStationCore({})).invoke('station-self-destruct', {});
    expect(result.ok ? null : result.error.code).toBe('unknown-handler');
  });

  it('turns credential DER into PEM so results survive JSON', async () => {
    const core = stubStationCore({
      searchLedger: async () => [
        {
          id: 1,
          boardSerial: 'SN-1',
          certificateDer: new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01]),
          thumbprint: 'ab',
          serialNumber: '01',
          publicKeyHash: 'cd',
          subject: 'CN=SN-1',
          notBefore: '2026-01-01T00:00:00Z',
          notAfter: '2027-01-01T00:00:00Z',
          keyOrigin: 'on-chip',
          slot: 0,
          runId: 1,
          enrollmentStatus: 'pending',
          status: 'active',
          createdAt: '2026-01-01T00:00:00Z',
          registryDeviceSid: null,
          registryCertificateSid: null,
          enrollmentError: null,
          enrollmentAttempts: 0,
          enrolledAt: null,
        },
      ],
    });
    const result = await bindContract(core).invoke('ledger-search', { serial: 'SN-1' });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(JSON.stringify(result.value)).not.toContain('certificateDer');
    expect(JSON.stringify(result.value)).toContain('-----BEGIN CERTIFICATE-----\\nMAMCAQE=\\n-----END CERTIFICATE-----');
  });

  it('lists every handler of the station contract', () => {
    const names = bindContract(stubStationCore({})).names;
    expect(names).toContain('station-overview');
    expect(names).toContain('enrollment-retry');
    expect(new Set(names).size).toBe(Object.keys(stationContract).length);
    for (const name of names) expect(name).toMatch(/^[a-z]+(-[a-z]+)+$/);
  });
});

describe('registering a name twice', () => {
  const handler = defineHandler(z.object({}), async () => null);

  it('throws in the registry', () => {
    const registry = new ContractRegistry();
    registry.register('station-overview', handler);
    expect(() => registry.register('station-overview', handler)).toThrow(/registered twice/);
  });

  it('throws when two domain maps share a name', () => {
    expect(() => combineHandlerMaps({ 'ledger-search': handler }, { 'ledger-search': handler })).toThrow(
      'Contract handler "ledger-search" is registered twice.',
    );
  });
});
