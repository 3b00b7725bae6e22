import type Database from 'better-sqlite3';
import type { BoardRecord } from './ledger-types';

interface BoardRow {
  serial: string;
  model: string | null;
  firmware: string | null;
  first_seen_at: string;
  last_seen_at: string;
}

/** SQL for the boards table. Callers own transactions and events (see Ledger). */
export class BoardRepository {
  private readonly selectOne: Database.Statement<[string], BoardRow>;
  private readonly upsertOne: Database.Statement<[string, string | null, string | null, string, string]>;
  private readonly insertIfMissing: Database.Statement<[string, string, string]>;

  constructor(db: Database.Database) {
    this.selectOne = db.prepare<[string], BoardRow>('SELECT * FROM boards WHERE serial = ?');
    this.upsertOne = db.prepare(
      `INSERT INTO boards (serial, model, firmware, first_seen_at, last_seen_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (serial) DO UPDATE SET
         model = COALESCE(excluded.model, boards.model),
         firmware = COALESCE(excluded.firmware, boards.firmware),
         last_seen_at = excluded.last_seen_at`,
    );
    this.insertIfMissing = db.prepare(
      `INSERT INTO boards (serial, model, firmware, first_seen_at, last_seen_at) VALUES (?, NULL, NULL, ?, ?)
       ON CONFLICT (serial) DO NOTHING`,
    );
  }

  get(serial: string): BoardRecord | null {
    const row = this.selectOne.get(serial);
    return row === undefined ? null : toBoardRecord(row);
  }

  /** Inserts or refreshes a board; a null model/firmware keeps the stored value. */
  upsert(serial: string, model: string | null, firmware: string | null, at: string): BoardRecord {
    this.upsertOne.run(serial, model, firmware, at, at);
    const board = this.get(serial);
    if (board === null) throw new Error(`board ${serial} vanished inside its own transaction`);
    return board;
  }

  /** Creates a bare row when the board is unknown; returns true when it did. */
  ensure(serial: string, at: string): boolean {
    return this.insertIfMissing.run(serial, at, at).changes > 0;
  }
}

function toBoardRecord(row: BoardRow): BoardRecord {
  return {
    serial: row.serial,
    model: row.model,
    firmware: row.firmware,
    firstSeenAt: row.first_seen_at,
    lastSeenAt: row.last_seen_at,
  };
}
