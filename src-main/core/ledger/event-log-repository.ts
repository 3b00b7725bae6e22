import type Database from 'better-sqlite3';
import type { EventRecordWithBoard, EventSearch } from './ledger-types';

interface EventRow {
  id: number;
  at: string;
  type: string;
  board_serial: string | null;
  data: string;
  prev_hash: string;
  hash: string;
}

/** Default and ceiling of `listEvents` pages. */
export const DEFAULT_EVENT_PAGE = 100;
export const MAX_EVENT_PAGE = 10_000;

/** SQL for the append-only events table (triggers refuse UPDATE and DELETE). */
export class EventLogRepository {
  private readonly selectHead: Database.Statement<[], { id: number; hash: string }>;
  private readonly insertOne: Database.Statement<EventRecordWithBoard>;
  private readonly selectAll: Database.Statement<[], EventRow>;

  constructor(private readonly db: Database.Database) {
    this.selectHead = db.prepare('SELECT id, hash FROM events ORDER BY id DESC LIMIT 1');
    this.insertOne = db.prepare(
      `INSERT INTO events (id, at, type, board_serial, data, prev_hash, hash)
       VALUES (@id, @at, @type, @boardSerial, @data, @prevHash, @hash)`,
    );
    this.selectAll = db.prepare<[], EventRow>('SELECT * FROM events ORDER BY id');
  }

  /** The newest row's id and hash, or null for an empty log. Read it inside the write transaction. */
  head(): { id: number; hash: string } | null {
    return this.selectHead.get() ?? null;
  }

  insert(event: EventRecordWithBoard): void {
    this.insertOne.run(event);
  }

  /** Oldest first. */
  list(search: EventSearch): EventRecordWithBoard[] {
    const params: Record<string, unknown> = {
      afterId: search.afterId ?? 0,
      limit: Math.min(search.limit ?? DEFAULT_EVENT_PAGE, MAX_EVENT_PAGE),
    };
    let where = 'id > @afterId';
    if (search.boardSerial !== undefined) {
      where += ' AND board_serial = @boardSerial';
      params.boardSerial = search.boardSerial;
    }
    return this.db
      .prepare<Record<string, unknown>, EventRow>(`SELECT * FROM events WHERE ${where} ORDER BY id LIMIT @limit`)
      .all(params)
      .map(toEventRecord);
  }

  /** Every row, oldest first, one at a time. */
  *iterateAll(): Generator<EventRecordWithBoard> {
    for (const row of this.selectAll.iterate()) yield toEventRecord(row);
  }
}

function toEventRecord(row: EventRow): EventRecordWithBoard {
  return {
    id: row.id,
    at: row.at,
    type: row.type,
    boardSerial: row.board_serial,
    data: row.data,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}
