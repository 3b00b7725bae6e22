import type Database from 'better-sqlite3';
import { StationError } from '../errors';
import type { Migration } from './migrations/migration';

export interface MigrationResult {
  fromVersion: number;
  toVersion: number;
  /** `0010-initial` style names of the migrations this call applied. */
  applied: string[];
}

/**
 * Brings the database to the newest version in `migrations` (ascending, unique versions). Each
 * migration runs with its `user_version` bump in one IMMEDIATE transaction, so a failure leaves the
 * database at the previous version and the error propagates.
 *
 * Failure: StationError `ledger-from-the-future` (see assertSupportedVersion).
 */
export function migrate(db: Database.Database, migrations: readonly Migration[], filePath: string): MigrationResult {
  const fromVersion = assertSupportedVersion(db, migrations, filePath);
  const applied: string[] = [];
  for (const migration of migrations) {
    const applyOne = db.transaction(() => {
      // Re-read inside the write lock: another process may have migrated meanwhile.
      if (userVersion(db) >= migration.version) return false;
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
      return true;
    });
    if (applyOne.immediate()) applied.push(`${String(migration.version).padStart(4, '0')}-${migration.name}`);
  }
  return { fromVersion, toVersion: userVersion(db), applied };
}

/**
 * Returns the file's user_version after checking the code can handle it.
 * Failure: StationError `ledger-from-the-future` when it is newer than the newest migration (the
 * file was written by a newer station); nothing is written.
 */
export function assertSupportedVersion(db: Database.Database, migrations: readonly Migration[], filePath: string): number {
  assertOrdered(migrations);
  const newest = migrations.at(-1)?.version ?? 0;
  const version = userVersion(db);
  if (version > newest) {
    throw new StationError(
      'ledger-from-the-future',
      `The ledger was written by a newer station (schema ${version}; this station knows up to ${newest}).`,
      {
        hint: 'Update the station software before using this ledger; do not downgrade it.',
        details: { file: filePath, ledgerVersion: version, supportedVersion: newest },
      },
    );
  }
  return version;
}

export function userVersion(db: Database.Database): number {
  const value: unknown = db.pragma('user_version', { simple: true });
  return typeof value === 'number' ? value : 0;
}

function assertOrdered(migrations: readonly Migration[]): void {
  let previous = 0;
  for (const migration of migrations) {
    if (!Number.isInteger(migration.version) || migration.version <= previous) {
      throw new TypeError(`Migration ${migration.name} has version ${migration.version}; versions must ascend.`);
    }
    previous = migration.version;
  }
}
