// Compatibility shim: the harness is test/run-with-keychain.ts (run with tsx).
import { spawnSync } from 'node:child_process';
const tsx = new URL('../node_modules/.bin/tsx', import.meta.url).pathname;
const harness = new URL('./run-with-keychain.ts', import.meta.url).pathname;
const result = spawnSync(tsx, [harness, ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(result.status ?? 1);
