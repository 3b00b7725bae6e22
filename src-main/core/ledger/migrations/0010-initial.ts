import type { Migration } from './migration';

/** Tables, checks and the triggers that make the event log append-only. */
export const initialMigration = {
  version: 10,
  name: 'initial',
  up(db) {
    db.exec(`
      CREATE TABLE boards (
        serial TEXT PRIMARY KEY NOT NULL,
        model TEXT,
        firmware TEXT,
        first_seen_at TEXT NOT NULL,
        last_seen_at TEXT NOT NULL
      );

      CREATE TABLE runs (
        id INTEGER PRIMARY KEY,
        port TEXT NOT NULL,
        board_serial TEXT REFERENCES boards(serial),
        mode TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'failed')),
        started_at TEXT NOT NULL,
        finished_at TEXT,
        failed_step TEXT,
        error_code TEXT,
        error_message TEXT,
        operator TEXT,
        work_order TEXT
      );

      CREATE TABLE run_steps (
        id INTEGER PRIMARY KEY,
        run_id INTEGER NOT NULL REFERENCES runs(id),
        step TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('started', 'succeeded', 'failed')),
        detail TEXT,
        at TEXT NOT NULL
      );

      CREATE TABLE credentials (
        id INTEGER PRIMARY KEY,
        board_serial TEXT NOT NULL REFERENCES boards(serial),
        certificate_der BLOB NOT NULL,
        thumbprint TEXT NOT NULL UNIQUE,
        serial_number TEXT NOT NULL,
        public_key_hash TEXT NOT NULL,
        subject TEXT NOT NULL,
        not_before TEXT NOT NULL,
        not_after TEXT NOT NULL,
        key_origin TEXT NOT NULL CHECK (key_origin IN ('on-chip', 'injected', 'offline-csr')),
        slot INTEGER,
        run_id INTEGER REFERENCES runs(id),
        status TEXT NOT NULL CHECK (status IN ('issued', 'installed', 'active', 'failed', 'revoked', 'superseded')),
        created_at TEXT NOT NULL,
        enrollment_status TEXT NOT NULL CHECK (enrollment_status IN ('not-required', 'pending', 'enrolled', 'failed')),
        registry_device_sid TEXT,
        registry_certificate_sid TEXT,
        enrollment_error TEXT,
        enrollment_attempts INTEGER NOT NULL DEFAULT 0,
        enrolled_at TEXT
      );

      CREATE TABLE events (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        type TEXT NOT NULL,
        board_serial TEXT,
        data TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
      );

      CREATE TRIGGER events_no_update BEFORE UPDATE ON events
      BEGIN
        SELECT RAISE(ABORT, 'ledger events are append-only');
      END;

      CREATE TRIGGER events_no_delete BEFORE DELETE ON events
      BEGIN
        SELECT RAISE(ABORT, 'ledger events are append-only');
      END;
    `);
  },
} satisfies Migration;
