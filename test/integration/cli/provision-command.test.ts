import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadStationConfig } from '../../../src-main/core/config/station-config';
import { KeytarSecretStore } from '../../../src-main/core/keychain/keytar-secret-store';
import { caKeyAccount } from '../../../src-main/core/keychain/secret-store';
import { startSimulatedBoard, type SimulatedBoard } from '../../../src-main/core/sim/board-pty-host';

// The `station provision` command as an operator runs it: a real child process, ptys with simulated
// boards, the real keychain (inherited D-Bus session), a real ledger file; no registry configured.
const root = path.resolve(__dirname, '../../..');
const station = path.join(root, 'bin', 'station');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'station-cli-'));
const ptyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'station-cli-ptys-'));
const boards: SimulatedBoard[] = [];

function runStation(...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(station, ['--data-dir', dataDir, ...args], { env: process.env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (status) => resolve({ status, stdout, stderr }));
  });
}

describe('station provision', () => {
  beforeAll(() => {
    const init = spawnSync(station, ['--data-dir', dataDir, 'ca', 'init', '--subject', 'CN=CLI Line CA'], { encoding: 'utf8' });
    expect(init.status, init.stderr).toBe(0);
  });

  afterAll(async () => {
    await Promise.all(boards.map((board) => board.stop()));
    await new KeytarSecretStore().delete(caKeyAccount(loadStationConfig(path.join(dataDir, 'station-config.json')).stationId));
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(ptyDir, { recursive: true, force: true });
  });

  it('prints a line per step and a summary, and exits 1 when one of the boards failed', async () => {
    boards.push(await startSimulatedBoard({ dir: ptyDir, serial: 'SN-CLI-0001', slots: 2 }));
    boards.push(await startSimulatedBoard({ dir: ptyDir, serial: 'SN-CLI-0002', slots: 1, errorOnce: [{ command: 'CSR', code: 500 }] }));

    const result = await runStation('provision', '--port', `${ptyDir}/*-station`);

    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/SN-CLI-0001 {2}step key…/);
    expect(result.stdout).toMatch(/SN-CLI-0001 {2}✓ DONE/);
    expect(result.stdout).toMatch(/SN-CLI-0002 {2}✗ FAILED at csr: .*error 500/);
    expect(result.stdout).toContain('1 provisioned, 1 failed');
    expect(result.stdout).toContain(path.join(dataDir, 'ledger.sqlite'));

    const listed = await runStation('--json', 'ledger', 'list', '--serial', 'SN-CLI-0001');
    expect(listed.status).toBe(0);
    expect(listed.stdout).toContain('SN-CLI-0001');
  });

  it('names a port that does not exist and what to do', async () => {
    const result = await runStation('provision', '--port', path.join(ptyDir, 'no-such-port'));

    expect(result.status).toBe(1);
    expect(result.stderr).toContain('error [port-not-found]');
    expect(result.stderr).toContain('what to do:');
  });
});
