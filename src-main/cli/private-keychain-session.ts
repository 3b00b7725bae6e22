import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';

/**
 * A private OS keychain for throwaway runs (the demo, the tests, the benchmarks) on machines where no
 * Secret Service answers: gnome-keyring, unlocked, on a D-Bus session of its own, with its files in a
 * temporary folder so no real keyring is touched. Real `station` commands never use this: they stop
 * with `keychain-unavailable` and a hint instead.
 */

/** Set in the environment of a process that runs inside the private session. */
export const PRIVATE_KEYCHAIN_MARKER = 'STATION_PRIVATE_KEYCHAIN';

/** True when keytar reaches a Secret Service within a few seconds. */
export function isKeychainAnswering(): boolean {
  const probe = spawnSync(
    process.execPath,
    ['-e', "require('keytar').findCredentials('provisioning-station:probe').then(()=>process.exit(0),()=>process.exit(3))"],
    {
      timeout: 8000,
      stdio: 'ignore',
      env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: process.env.DBUS_SESSION_BUS_ADDRESS ?? 'disabled:' },
    },
  );
  return probe.status === 0;
}

function isInstalled(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

/**
 * Runs `argv` inside `dbus-run-session` with gnome-keyring unlocked and resolves to its exit code.
 * Throws with an install hint when dbus or gnome-keyring is missing.
 */
export function runInPrivateKeychain(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  for (const tool of ['dbus-run-session', 'gnome-keyring-daemon']) {
    if (!isInstalled(tool)) {
      throw new Error(
        `No OS keychain answers and ${tool} is not installed: apt-get install dbus gnome-keyring libsecret-1-0 ` +
          '(or run inside a desktop session).',
      );
    }
  }
  const keyringHome = fs.mkdtempSync(path.join(os.tmpdir(), 'station-keyring-'));
  const script =
    'printf "station-private-keyring" | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; exec "$@"';
  const child = spawn('dbus-run-session', ['--', 'sh', '-c', script, 'station-keychain', ...argv], {
    stdio: ['inherit', 'inherit', 'pipe'],
    env: { ...env, XDG_DATA_HOME: keyringHome, [PRIVATE_KEYCHAIN_MARKER]: '1' },
  });
  // NOTE: an unprivileged dbus-daemon always warns that it cannot raise its fd limit; that line is noise.
  readline.createInterface({ input: child.stderr }).on('line', (line) => {
    if (!/dbus-daemon.*Failed to set fd limit/.test(line)) process.stderr.write(`${line}\n`);
  });
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  return new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      fs.rmSync(keyringHome, { recursive: true, force: true });
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}
