// Runs the given command (vitest, the bench) with a real OS keychain: the one that answers, or, when none
// does (CI, a headless shell), gnome-keyring on a private D-Bus session started for this run only.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { isKeychainAnswering, runInPrivateKeychain } from '../src-main/cli/private-keychain-session';

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  if (argv.length === 0) {
    console.error('usage: run-with-keychain.ts COMMAND [ARGS…]');
    return 2;
  }
  const binDir = path.resolve(__dirname, '../node_modules/.bin');
  const env = { ...process.env, PATH: `${binDir}${path.delimiter}${process.env.PATH ?? ''}` };
  if (!isKeychainAnswering()) {
    console.error('No OS keychain answered: starting gnome-keyring on a private D-Bus session for this run.');
    return runInPrivateKeychain(argv, env);
  }
  const child = spawn(argv[0] ?? '', argv.slice(1), { stdio: 'inherit', env });
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0))));
}

void main().then((code) => process.exit(code));
