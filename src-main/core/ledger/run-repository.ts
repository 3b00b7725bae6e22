import type Database from 'better-sqlite3';
import type { RunRecord, RunSearch, RunStatus, StepRecord, StepStatus } from './ledger-types';

interface RunRow {
  id: number;
  port: string;
  board_serial: string | null;
  mode: string;
  status: RunStatus;
  started_at: string;
  finished_at: string | null;
  failed_step: string | null;
  error_code: string | null;
  error_message: string | null;
  operator: string | null;
  work_order: string | null;
}

interface StepRow {
  id: number;
  run_id: number;
  step: string;
  status: StepStatus;
  detail: string | null;
  at: string;
}

export interface RunFinishRow {
  id: number;
  status: RunStatus;
  finishedAt: string;
  failedStep: string | null;
  errorCode: string | null;
  errorMessage: string | null;
}

/** Default page of `listRuns`. */
export const DEFAULT_RUN_PAGE = 100;

/** SQL for runs and run_steps. Callers own transactions and events (see Ledger). */
export class RunRepository {
  private readonly insertRun: Database.Statement<[string, string, string, string | null, string | null]>;
  private readonly selectRun: Database.Statement<[number], RunRow>;
  private readonly updateBoard: Database.Statement<[string, number]>;
  private readonly updateMode: Database.Statement<[string, number]>;
  private readonly updateFinish: Database.Statement<RunFinishRow>;
  private readonly insertStep: Database.Statement<[number, string, StepStatus, string | null, string]>;
  private readonly selectStep: Database.Statement<[number], StepRow>;
  private readonly selectSteps: Database.Statement<[number], StepRow>;
  private readonly countFinishedSince: Database.Statement<[string], { status: RunStatus; total: number }>;

  constructor(private readonly db: Database.Database) {
    this.insertRun = db.prepare(
      `INSERT INTO runs (port, mode, status, started_at, operator, work_order) VALUES (?, ?, 'running', ?, ?, ?)`,
    );
    this.selectRun = db.prepare<[number], RunRow>('SELECT * FROM runs WHERE id = ?');
    this.updateBoard = db.prepare('UPDATE runs SET board_serial = ? WHERE id = ?');
    this.updateMode = db.prepare('UPDATE runs SET mode = ? WHERE id = ?');
    this.updateFinish = db.prepare(
      `UPDATE runs SET status = @status, finished_at = @finishedAt, failed_step = @failedStep,
         error_code = @errorCode, error_message = @errorMessage WHERE id = @id`,
    );
    this.insertStep = db.prepare('INSERT INTO run_steps (run_id, step, status, detail, at) VALUES (?, ?, ?, ?, ?)');
    this.selectStep = db.prepare<[number], StepRow>('SELECT * FROM run_steps WHERE id = ?');
    this.selectSteps = db.prepare<[number], StepRow>('SELECT * FROM run_steps WHERE run_id = ? ORDER BY id');
    this.countFinishedSince = db.prepare(
      `SELECT status, COUNT(*) AS total FROM runs WHERE finished_at >= ? GROUP BY status`,
    );
  }

  insert(port: string, mode: string, startedAt: string, operator: string | null, workOrder: string | null): number {
    return Number(this.insertRun.run(port, mode, startedAt, operator, workOrder).lastInsertRowid);
  }

  get(id: number): RunRecord | null {
    const row = this.selectRun.get(id);
    return row === undefined ? null : toRunRecord(row);
  }

  setBoard(id: number, serial: string): void {
    this.updateBoard.run(serial, id);
  }

  setMode(id: number, mode: string): void {
    this.updateMode.run(mode, id);
  }

  finish(row: RunFinishRow): void {
    this.updateFinish.run(row);
  }

  addStep(runId: number, step: string, status: StepStatus, detail: string | null, at: string): StepRecord {
    const id = Number(this.insertStep.run(runId, step, status, detail, at).lastInsertRowid);
    const row = this.selectStep.get(id);
    if (row === undefined) throw new Error(`step ${id} vanished inside its own transaction`);
    return toStepRecord(row);
  }

  steps(runId: number): StepRecord[] {
    return this.selectSteps.all(runId).map(toStepRecord);
  }

  /** Newest first. */
  list(search: RunSearch): RunRecord[] {
    const where: string[] = [];
    const params: Record<string, unknown> = { limit: search.limit ?? DEFAULT_RUN_PAGE };
    if (search.serial !== undefined) {
      where.push('board_serial = @serial');
      params.serial = search.serial;
    }
    if (search.status !== undefined) {
      where.push('status = @status');
      params.status = search.status;
    }
    const sql = `SELECT * FROM runs${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT @limit`;
    return this.db.prepare<Record<string, unknown>, RunRow>(sql).all(params).map(toRunRecord);
  }

  /** Runs finished at or after `since`, counted by final status. */
  finishedSince(since: string): { succeeded: number; failed: number } {
    const counts = { succeeded: 0, failed: 0 };
    for (const row of this.countFinishedSince.all(since)) {
      if (row.status === 'succeeded') counts.succeeded = row.total;
      if (row.status === 'failed') counts.failed = row.total;
    }
    return counts;
  }
}

function toRunRecord(row: RunRow): RunRecord {
  return {
    id: row.id,
    port: row.port,
    boardSerial: row.board_serial,
    mode: row.mode,
    status: row.status,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    failedStep: row.failed_step,
    errorCode: row.error_code,
    errorMessage: row.error_message,
    operator: row.operator,
    workOrder: row.work_order,
  };
}

function toStepRecord(row: StepRow): StepRecord {
  return { id: row.id, runId: row.run_id, step: row.step, status: row.status, detail: row.detail, at: row.at };
}
