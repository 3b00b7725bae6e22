import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caKeyNeedles, filesUnder, findLeaks, type Haystack, type Needle } from '../../support/key-leak-scan';
import { dataDirPaths } from '../../../src-main/core/config/data-dir';
import { KeytarSecretStore } from '../../../src-main/core/keychain/keytar-secret-store';
import { caKeyAccount } from '../../../src-main/core/keychain/secret-store';
import { CSR_DIR, NRF9160_CSR } from '../../unit/ca/support/corpus';
import { opensslVerify } from './support/certificate-tools';
import { type CliResult, runStationInProcess } from './support/ca-cli-main';
import { opensslCa } from './support/openssl-ca';

const ROOT = path.resolve(__dirname, '../../..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
const MAIN = path.join(__dirname, 'support', 'ca-cli-main.ts');

const outputs: CliResult[] = [];
const store = new KeytarSecretStore();
let dir: string;
let dataDir: string;
let importDir: string;

/** `station ARGS` as a child process (the real process boundary: exit status, stdio). */
function stationProcess(...args: string[]): CliResult {
  const result = spawnSync(TSX, [MAIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  const captured = { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
  outputs.push(captured);
  return captured;
}

/** `station ARGS` in this process (same program and error reporting; stdout/stderr captured). */
async function station(...args: string[]): Promise<CliResult> {
  const captured = await runStationInProcess(args);
  outputs.push(captured);
  return captured;
}

function stationIdOf(dataDirectory: string): string {
  const config: unknown = JSON.parse(fs.readFileSync(dataDirPaths(dataDirectory).config, 'utf8'));
  if (typeof config !== 'object' || config === null || !('stationId' in config) || typeof config.stationId !== 'string') {
    throw new Error('no stationId');
  }
  return config.stationId;
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ca-cli-'));
  dataDir = path.join(dir, 'data');
  importDir = path.join(dir, 'imported');
});

afterAll(async () => {
  for (const directory of [dataDir, importDir]) {
    if (fs.existsSync(dataDirPaths(directory).config)) await store.delete(caKeyAccount(stationIdOf(directory)));
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('station ca / csr commands (real keychain, child processes)', () => {
  it('csr check --json prints exactly the verdict object and sets the exit status, without a CA', async () => {
    const accept = stationProcess('--data-dir', dataDir, 'csr', 'check', path.join(CSR_DIR, 'ok-p256-pem.csr'), '--json');
    expect(accept.status).toBe(0);
    const parsed: unknown = JSON.parse(accept.stdout);
    expect(Object.keys(parsed as object)).toEqual(['verdict', 'reason', 'message']);
    expect(parsed).toMatchObject({ verdict: 'accept', reason: null });
    expect(accept.stdout.trim().split('\n')).toHaveLength(1);

    const reject = stationProcess('--data-dir', dataDir, 'csr', 'check', path.join(CSR_DIR, 'bad-p384.pem'), '--json');
    expect(reject.status).toBe(1);
    expect(JSON.parse(reject.stdout)).toMatchObject({ verdict: 'reject', reason: 'key-type' });

    const modem = await station('--data-dir', dataDir, 'csr', 'check', NRF9160_CSR, '--json');
    expect(modem.status).toBe(0);
    expect(JSON.parse(modem.stdout)).toMatchObject({ verdict: 'accept' });
  });

  it('ca show before init fails with ca-not-initialized and the init hint', async () => {
    const result = await station('--data-dir', dataDir, 'ca', 'show');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('ca-not-initialized');
    expect(result.stderr).toContain('station ca init');
  });

  it('ca init, ca show, csr sign: issues a certificate OpenSSL verifies and records it', async () => {
    const init = await station('--data-dir', dataDir, 'ca', 'init', '--subject', 'CN=CLI Line CA, O=Acme', '--years', '2');
    expect(init.status).toBe(0);
    expect(init.stdout).toContain('CN=CLI Line CA');

    const show = stationProcess('--data-dir', dataDir, '--json', 'ca', 'show');
    expect(show.status).toBe(0);
    expect(JSON.parse(show.stdout)).toMatchObject({ subject: 'CN=CLI Line CA, O=Acme', hasKey: true, chainLength: 1 });

    const pem = await station('--data-dir', dataDir, 'ca', 'show', '--pem');
    expect(pem.stdout).toContain('-----BEGIN CERTIFICATE-----');

    const printed = await station('--data-dir', dataDir, 'csr', 'sign', path.join(CSR_DIR, 'ok-p256-der.csr'), '--serial', 'SN-CLI-1');
    expect(printed.status).toBe(0);
    expect(printed.stdout).toContain('-----BEGIN CERTIFICATE-----');

    const outFile = path.join(dir, 'SN-CLI-2.pem');
    const written = await station('--data-dir', dataDir, 'csr', 'sign', path.join(CSR_DIR, 'ok-openssl.pem'), '--serial', 'SN-CLI-2', '--out', outFile);
    expect(written.status).toBe(0);
    expect(written.stdout).toContain('recorded as credential');
    expect(opensslVerify(dataDirPaths(dataDir).caChain, outFile, new Date()).ok).toBe(true);

    const duplicate = await station('--data-dir', dataDir, 'csr', 'sign', path.join(CSR_DIR, 'ok-openssl.pem'), '--serial', 'SN-CLI-3');
    expect(duplicate.status).toBe(1);
    expect(duplicate.stderr).toContain('csr-rejected');
    expect(duplicate.stderr).toContain('SN-CLI-2');

    const bad = await station('--data-dir', dataDir, 'csr', 'sign', path.join(CSR_DIR, 'bad-signature.pem'), '--serial', 'SN-CLI-4');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('csr-rejected');
  });

  it('ca import refuses a mismatched key, then imports the right one and says the key file may be destroyed', async () => {
    const keys = fs.mkdtempSync(path.join(dir, 'keys-'));
    const ca = opensslCa(keys, 'ca', '/CN=Imported CLI CA');
    const other = opensslCa(keys, 'other', '/CN=Other');
    const mismatch = await station('--data-dir', importDir, 'ca', 'import', '--key', other.keyPath, '--cert', ca.certPath);
    expect(mismatch.status).toBe(1);
    expect(mismatch.stderr).toContain('ca-key-mismatch');

    const imported = await station('--data-dir', importDir, 'ca', 'import', '--key', ca.keyPath, '--cert', ca.certPath);
    expect(imported.status).toBe(0);
    expect(imported.stdout).toContain('may now be destroyed');
    expect(imported.stdout).toContain(ca.keyPath);
  });

  it('leaves no byte of either CA key in the data directories or in any output', async () => {
    const needles: Needle[] = [];
    for (const directory of [dataDir, importDir]) {
      const pem = await store.get(caKeyAccount(stationIdOf(directory)));
      expect(pem).not.toBeNull();
      const found = await caKeyNeedles(pem ?? '');
      // The needles are real: the keychain's own copy contains the base64 one.
      expect(pem).toContain(found.find((needle) => needle.name === 'PKCS#8 base64')?.bytes.toString());
      needles.push(...found);
    }
    const haystacks: Haystack[] = [...filesUnder(dataDir), ...filesUnder(importDir)];
    expect(haystacks.some((haystack) => haystack.name.endsWith('ledger.sqlite'))).toBe(true);
    outputs.forEach((output, index) => {
      haystacks.push({ name: `stdout #${index}`, bytes: Buffer.from(output.stdout) }, { name: `stderr #${index}`, bytes: Buffer.from(output.stderr) });
    });
    expect(outputs.length).toBeGreaterThan(10);
    expect(findLeaks(haystacks, needles)).toEqual([]);
  });
});
