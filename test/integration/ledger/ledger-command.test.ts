import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { registerLedgerCommands } from '../../../src-main/cli/commands/ledger-command';
import { dataDirPaths } from '../../../src-main/core/config/data-dir';
import { parseCsv } from '../../../src-main/core/ledger/csv-codec';
import { Ledger } from '../../../src-main/core/ledger/ledger';
import type { CredentialRecord } from '../../../src-main/core/ledger/ledger-types';
import { makeCredential, makeTempDir, steppingClock } from './ledger-test-support';

describe('station ledger commands', () => {
  let dataDir: string;
  let cleanup: () => void;
  let stdout: string[];
  let credentials: CredentialRecord[];

  beforeEach(() => {
    ({ dir: dataDir, cleanup } = makeTempDir());
    const ledger = Ledger.open(dataDirPaths(dataDir).ledger, { clock: steppingClock() });
    const run = ledger.startRun({ port: '/dev/ttyACM0', mode: 'on-chip', operator: 'ana' });
    ledger.upsertBoard({ serial: 'SN-CLI-1', model: 'nrf9160', firmware: '2.0' });
    ledger.setRunBoard(run.id, 'SN-CLI-1');
    ledger.recordStep(run.id, 'keygen', 'succeeded');
    const first = ledger.recordCredential(makeCredential('SN-CLI-1', { runId: run.id, subject: 'CN=SN-CLI-1,O="Acme, Inc."' }));
    ledger.finishRun(run.id, 'succeeded');
    const second = ledger.recordCredential(makeCredential('SN-CLI-2'));
    ledger.updateCredentialStatus(second.id, 'revoked');
    credentials = [first, second];
    ledger.close();

    stdout = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stdout.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return true;
    });
  });

  afterEach(() => {
    vi.restoreAllMocks();
    cleanup();
  });

  async function run(args: string[], json = false): Promise<string> {
    const program = new Command('station').exitOverride();
    registerLedgerCommands(program, () => ({ dataDir, json }));
    await program.parseAsync(['ledger', ...args], { from: 'user' });
    return stdout.join('');
  }

  it('lists credentials as a table, filtered', async () => {
    const all = await run(['list']);
    expect(all).toContain('SN-CLI-1');
    expect(all).toContain('SN-CLI-2');
    stdout.length = 0;
    const revoked = await run(['list', '--status', 'revoked']);
    expect(revoked).toContain('SN-CLI-2');
    expect(revoked).not.toContain('SN-CLI-1');
  });

  it('lists as JSON with every filter', async () => {
    const [first] = credentials;
    const out = await run(
      ['list', '--serial', 'SN-CLI-1', '--thumbprint', (first?.thumbprint ?? '').slice(0, 12).toUpperCase(), '--from', '2026-03-01', '--to', '2026-03-01', '--limit', '5'],
      true,
    );
    const parsed: unknown = JSON.parse(out);
    expect(parsed).toEqual([expect.objectContaining({ id: first?.id, boardSerial: 'SN-CLI-1', certificateDerBase64: expect.any(String) })]);
  });

  it('rejects bad options as usage errors', async () => {
    await expect(run(['list', '--limit', 'lots'])).rejects.toMatchObject({ code: 'usage' });
    await expect(run(['list', '--status', 'happy'])).rejects.toMatchObject({ code: 'usage' });
    await expect(run(['list', '--thumbprint', 'xyz'])).rejects.toMatchObject({ code: 'usage' });
  });

  it('shows a board history by serial or by thumbprint prefix', async () => {
    const bySerial = await run(['show', 'SN-CLI-1']);
    expect(bySerial).toContain('Board SN-CLI-1');
    expect(bySerial).toContain('keygen succeeded');
    expect(bySerial).toContain('credential.issued');
    stdout.length = 0;
    const byThumbprint = await run(['show', (credentials[0]?.thumbprint ?? '').slice(0, 10)], true);
    const history = JSON.parse(byThumbprint) as { board: { serial: string }; runs: { steps: unknown[] }[] };
    expect(history.board.serial).toBe('SN-CLI-1');
    expect(history.runs[0]?.steps).toHaveLength(1);
    await expect(run(['show', 'nobody'])).rejects.toMatchObject({ code: 'ledger-not-found' });
  });

  it('exports CSV to stdout and JSON to a file', async () => {
    const csv = parseCsv(await run(['export', '--format', 'csv']));
    expect(csv).toHaveLength(3);
    expect(csv[1]).toContain('CN=SN-CLI-1,O="Acme, Inc."');
    stdout.length = 0;
    const out = path.join(dataDir, 'export.json');
    const summary = await run(['export', '--format', 'json', '--out', out], true);
    expect(JSON.parse(summary)).toEqual({ exported: 2, format: 'json', file: out });
    const rows = JSON.parse(fs.readFileSync(out, 'utf8')) as { thumbprint: string }[];
    expect(rows.map((row) => row.thumbprint)).toEqual(credentials.map((credential) => credential.thumbprint));
    expect(fs.existsSync(`${out}.partial`)).toBe(false);
  });

  it('verifies an intact chain, and names the first broken row of a tampered one', async () => {
    expect(await run(['verify'])).toMatch(/intact: \d+ row/);
    const raw = new Database(dataDirPaths(dataDir).ledger);
    raw.exec("DROP TRIGGER events_no_update; UPDATE events SET type = 'run.forged' WHERE id = 4;");
    raw.close();
    stdout.length = 0;
    await expect(run(['verify'], true)).rejects.toMatchObject({
      code: 'ledger-chain-broken',
      message: expect.stringContaining('row 4'),
    });
    expect(JSON.parse(stdout.join(''))).toMatchObject({ isIntact: false, firstBrokenId: 4 });
  });

  it('refuses to create a ledger where none exists', async () => {
    dataDir = path.join(dataDir, 'empty');
    await expect(run(['list'])).rejects.toMatchObject({ code: 'ledger-missing' });
    expect(fs.existsSync(dataDirPaths(dataDir).ledger)).toBe(false);
  });
});
