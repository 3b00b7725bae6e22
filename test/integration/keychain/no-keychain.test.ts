import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { filesUnder } from '../../support/key-leak-scan';

// A station where no Secret Service answers (here: a D-Bus address that leads nowhere) must stop with a
// message naming what to install or start, and must not fall back to keeping the CA key in a file.
const root = path.resolve(__dirname, '../../..');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'station-no-keychain-'));

function stationWithoutKeychain(...args: string[]) {
  return spawnSync(path.join(root, 'bin', 'station'), ['--data-dir', dataDir, ...args], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: `unix:path=${path.join(dataDir, 'no-such-bus')}` },
  });
}

describe('without an OS keychain', () => {
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('ca init stops with keychain-unavailable, says what to install or start, and writes no key anywhere', () => {
    const result = stationWithoutKeychain('ca', 'init', '--subject', 'CN=No Keychain CA');

    expect(result.status).toBe(1);
    expect(result.stderr).toContain('error [keychain-unavailable]');
    expect(result.stderr).toMatch(/gnome-keyring/);
    expect(result.stderr).toMatch(/dbus-run-session/);
    expect(fs.existsSync(path.join(dataDir, 'ca', 'ca-chain.pem'))).toBe(false);
    const suspicious = filesUnder(dataDir).filter((file) => /PRIVATE KEY/.test(file.bytes.toString('latin1')));
    expect(suspicious.map((file) => file.name)).toEqual([]);
  });

  it('registry configure refuses to keep the API secret anywhere but the keychain', () => {
    const result = spawnSync(
      path.join(root, 'bin', 'station'),
      ['--data-dir', dataDir, 'registry', 'configure', '--url', 'http://127.0.0.1:9', '--fleet', `FL${'a'.repeat(32)}`, '--api-key', `SK${'b'.repeat(32)}`, '--secret-stdin'],
      {
        encoding: 'utf8',
        timeout: 60_000,
        input: 'registry-secret-that-must-not-land-on-disk',
        env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: `unix:path=${path.join(dataDir, 'no-such-bus')}` },
      },
    );

    expect(result.status).toBe(1);
    expect(result.stderr).toContain('keychain-unavailable');
    const leaked = filesUnder(dataDir).filter((file) => file.bytes.includes(Buffer.from('registry-secret-that-must-not-land-on-disk')));
    expect(leaked.map((file) => file.name)).toEqual([]);
  });
});
