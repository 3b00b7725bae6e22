import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { StationError } from '../../../src-main/core/errors';
import { Ledger } from '../../../src-main/core/ledger/ledger';
import { openLedgerDatabase } from '../../../src-main/core/ledger/ledger-database';
import { migrate, userVersion } from '../../../src-main/core/ledger/migration-runner';
import { initialMigration } from '../../../src-main/core/ledger/migrations/0010-initial';
import { ledgerMigrations } from '../../../src-main/core/ledger/migrations/migration-list';
import type { Migration } from '../../../src-main/core/ledger/migrations/migration';
import { makeTempDir, steppingClock } from './ledger-test-support';

const newest = ledgerMigrations.at(-1)?.version ?? 0;

describe('ledger migrations', () => {
  let cleanup = () => {};
  afterEach(() => cleanup());

  function tempFile(): string {
    const temp = makeTempDir();
    cleanup = temp.cleanup;
    return path.join(temp.dir, 'nested', 'ledger.sqlite');
  }

  it('creates the file and its folder, applies every migration and sets user_version', () => {
    const file = tempFile();
    const ledger = Ledger.open(file, { clock: steppingClock() });
    expect(ledger.schemaVersion).toBe(newest);
    ledger.close();

    const raw = new Database(file, { readonly: true });
    const tables = raw
      .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .all()
      .map((row) => row.name);
    const triggers = raw
      .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name")
      .all()
      .map((row) => row.name);
    const indexes = raw
      .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'credentials'")
      .all()
      .map((row) => row.name);
    expect(userVersion(raw)).toBe(newest);
    raw.close();
    expect(tables).toEqual(['boards', 'credentials', 'events', 'run_steps', 'runs']);
    expect(triggers).toEqual(['events_no_delete', 'events_no_update']);
    expect(indexes).toEqual(expect.arrayContaining(['credentials_by_serial_number', 'credentials_by_public_key_hash']));
  });

  it('uses WAL, synchronous=FULL and foreign keys', () => {
    const file = tempFile();
    const ledger = Ledger.open(file);
    expect(ledger.storageSettings()).toEqual({ journalMode: 'wal', synchronous: 2, foreignKeys: true, schemaVersion: newest });
    ledger.close();
    const raw = new Database(file);
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();
  });

  it('upgrades an older file one migration at a time and leaves a current one alone', () => {
    const file = tempFile();
    const old = openLedgerDatabase(file, [initialMigration]);
    expect(userVersion(old)).toBe(10);
    const result = migrate(old, ledgerMigrations, file);
    expect(result).toEqual({ fromVersion: 10, toVersion: newest, applied: ['0020-lookup-indexes'] });
    expect(migrate(old, ledgerMigrations, file).applied).toEqual([]);
    old.close();
  });

  it('rolls a failing migration back completely, keeping the previous version', () => {
    const file = tempFile();
    const broken: Migration = {
      version: 30,
      name: 'broken',
      up(db) {
        db.exec('CREATE TABLE half_done (id INTEGER)');
        throw new Error('simulated failure');
      },
    };
    expect(() => openLedgerDatabase(file, [...ledgerMigrations, broken])).toThrow(StationError);
    const raw = new Database(file);
    expect(userVersion(raw)).toBe(newest);
    expect(raw.prepare("SELECT name FROM sqlite_master WHERE name = 'half_done'").get()).toBeUndefined();
    raw.close();
  });

  it('refuses a ledger from a newer station with ledger-from-the-future and leaves it untouched', () => {
    const file = tempFile();
    Ledger.open(file).close();
    const raw = new Database(file);
    raw.pragma(`user_version = ${newest + 10}`);
    raw.close();

    expect(() => Ledger.open(file)).toThrow(
      expect.objectContaining({ code: 'ledger-from-the-future', hint: expect.stringMatching(/update the station/i) }),
    );
    const after = new Database(file);
    expect(userVersion(after)).toBe(newest + 10);
    after.close();
  });

  it('rejects migration lists that are not ascending', () => {
    const file = tempFile();
    expect(() => openLedgerDatabase(file, [ledgerMigrations[1] as Migration, initialMigration])).toThrow(/ascend/);
  });

  it('reports a file that is not a database as ledger-corrupt', () => {
    const file = tempFile();
    Ledger.open(file).close();
    const bogus = path.join(path.dirname(file), 'bogus.sqlite');
    fs.writeFileSync(bogus, 'this is not a SQLite database, just some text '.repeat(50));
    expect(() => Ledger.open(bogus)).toThrow(expect.objectContaining({ code: 'ledger-corrupt' }));
  });
});
