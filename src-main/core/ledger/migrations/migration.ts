import type Database from 'better-sqlite3';

/**
 * One schema step. `version` is the file's number (0010, 0020, … with gaps so a fix can slot in);
 * the runner applies `up` and sets `PRAGMA user_version = version` in one transaction.
 * A migration never reads the clock or randomness, and never touches rows of the event log.
 */
export interface Migration {
  version: number;
  name: string;
  up(db: Database.Database): void;
}
