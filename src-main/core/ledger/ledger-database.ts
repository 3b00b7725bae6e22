import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { StationError } from '../errors';
import { assertSupportedVersion, migrate } from './migration-runner';
import type { Migration } from './migrations/migration';
import { ledgerMigrations } from './migrations/migration-list';
import { toLedgerError } from './sqlite-error-codec';

/** Default wait for another connection's write lock before `ledger-busy`. */
export const LEDGER_BUSY_TIMEOUT_MS = 5000;

/**
 * Opens (creating it and its directory if missing) the ledger file with the station's settings:
 * WAL journal, synchronous=FULL (a commit survives power loss), foreign keys on; then migrates it.
 *
 * Failure: `ledger-from-the-future` for a newer schema (file untouched), `ledger-unavailable`,
 * `ledger-corrupt`, `ledger-busy` etc. from toLedgerError. The connection is closed on failure.
 */
export function openLedgerDatabase(
  filePath: string,
  migrations: readonly Migration[] = ledgerMigrations,
  busyTimeoutMs = LEDGER_BUSY_TIMEOUT_MS,
): Database.Database {
  let db: Database.Database | null = null;
  try {
    fs.mkdirSync(path.dirname(filePath), { recursive: true });
    db = new Database(filePath, { timeout: busyTimeoutMs });
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = FULL');
    assertSupportedVersion(db, migrations, filePath);
    const journalMode: unknown = db.pragma('journal_mode = WAL', { simple: true });
    if (journalMode !== 'wal') {
      throw new StationError('ledger-unavailable', `The ledger could not switch to WAL mode (got ${String(journalMode)}).`, {
        hint: 'Keep the data directory on a local disk (not a network share), then retry.',
        details: { file: filePath },
      });
    }
    migrate(db, migrations, filePath);
    return db;
  } catch (error) {
    db?.close();
    throw toLedgerError(error, 'open the ledger', filePath);
  }
}
