import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { StationError } from '../errors';
import { BoardRepository } from './board-repository';
import { canonicalJson } from './canonical-json';
import { exportRowSql, writeCredentialExport } from './credential-export';
import { CredentialRepository } from './credential-repository';
import { EventLogRepository } from './event-log-repository';
import { GENESIS_HASH, eventHash, findForbiddenKey } from './event-chain';
import { openLedgerDatabase } from './ledger-database';
import type {
  BoardHistory,
  BoardRecord,
  BoardSighting,
  ChainVerification,
  CredentialRecord,
  CredentialSearch,
  CredentialStatus,
  EnrollmentStatus,
  EnrollmentSummary,
  EnrollmentUpdate,
  EventRecordWithBoard,
  EventSearch,
  ExportFormat,
  LedgerOptions,
  LedgerStorageSettings,
  NewCredential,
  NewRun,
  RunOutcome,
  RunRecord,
  RunSearch,
  RunStatus,
  ShiftCounters,
  StepRecord,
  StepStatus,
} from './ledger-types';
import { userVersion } from './migration-runner';
import { RunRepository } from './run-repository';
import { sqliteCode, toLedgerError } from './sqlite-error-codec';

const CREDENTIAL_STATUSES: readonly CredentialStatus[] = ['issued', 'installed', 'active', 'failed', 'revoked', 'superseded'];
const ENROLLMENT_STATUSES: readonly EnrollmentStatus[] = ['not-required', 'pending', 'enrolled', 'failed'];
const STEP_STATUSES: readonly StepStatus[] = ['started', 'succeeded', 'failed'];
const KEY_ORIGINS: readonly string[] = ['on-chip', 'injected', 'offline-csr'];
const EVENT_TYPE = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/;
const HEX = /^[0-9a-f]+$/;
const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * The station's ledger: boards, credentials (with certificate DER), provisioning runs and their
 * steps, and a hash-chained, append-only event log, in one SQLite file (WAL, synchronous=FULL).
 *
 * Contract: every mutating method runs in one IMMEDIATE transaction that also appends its event
 * row; when it returns, both are committed and durable. Methods are synchronous. Events carry
 * public facts only (never key material).
 *
 * Failure: StationError with codes `ledger-not-found`, `ledger-invalid-input`,
 * `ledger-duplicate-certificate`, `ledger-invalid-transition`, `ledger-event-invalid`,
 * `ledger-closed`, and the storage codes from toLedgerError (`ledger-busy`, `ledger-disk-full`,
 * `ledger-corrupt`, `ledger-unavailable`, `ledger-io-error`, `ledger-constraint`, `ledger-failed`).
 * A failed method leaves the ledger unchanged.
 */
export class Ledger {
  private readonly boards: BoardRepository;
  private readonly credentials: CredentialRepository;
  private readonly runs: RunRepository;
  private readonly events: EventLogRepository;

  private constructor(
    private readonly db: Database.Database,
    readonly filePath: string,
    private readonly clock: () => Date,
  ) {
    this.boards = new BoardRepository(db);
    this.credentials = new CredentialRepository(db);
    this.runs = new RunRepository(db);
    this.events = new EventLogRepository(db);
  }

  /**
   * Opens or creates the ledger at `filePath` (creating its directory) and migrates it.
   * Failure: `ledger-from-the-future` when the file comes from a newer station; see openLedgerDatabase.
   */
  static open(filePath: string, options: LedgerOptions = {}): Ledger {
    const db = openLedgerDatabase(filePath, undefined, options.busyTimeoutMs);
    return new Ledger(db, filePath, options.clock ?? (() => new Date()));
  }

  /** The schema version (PRAGMA user_version) of the open file. */
  get schemaVersion(): number {
    return this.read('read the schema version', () => userVersion(this.db));
  }

  /** The connection's storage settings, for diagnostics: expect wal / 2 (FULL) / true. */
  storageSettings(): LedgerStorageSettings {
    return this.read('read the storage settings', () => ({
      journalMode: String(this.db.pragma('journal_mode', { simple: true })),
      synchronous: Number(this.db.pragma('synchronous', { simple: true })),
      foreignKeys: Number(this.db.pragma('foreign_keys', { simple: true })) === 1,
      schemaVersion: userVersion(this.db),
    }));
  }

  get isOpen(): boolean {
    return this.db.open;
  }

  /** Closes the connection (checkpointing the WAL). Safe to call twice. */
  close(): void {
    if (this.db.open) this.db.close();
  }

  /**
   * Group commit: runs `body` in one IMMEDIATE write transaction in which every Ledger write becomes
   * a savepoint of its own (one that throws is rolled back alone when `body` catches it), and commits
   * them all with one fsync when `body` returns. Writes inside are durable only once this returns;
   * if `body` throws, everything in it is rolled back and that error propagates unchanged (SQLite
   * failures of the transaction itself become StationErrors such as `ledger-busy`).
   */
  inOneTransaction<T>(body: () => T): T {
    this.assertOpen();
    try {
      return this.db.transaction(body).immediate();
    } catch (error) {
      throw sqliteCode(error) === null ? error : toLedgerError(error, 'commit the ledger batch', this.filePath);
    }
  }

  // ----- boards --------------------------------------------------------------------------------

  /** Records that a board was seen: creates it or refreshes lastSeenAt (and model/firmware when given). */
  upsertBoard(sighting: BoardSighting): BoardRecord {
    const serial = requireText(sighting.serial, 'board serial');
    return this.write('record the board', () => {
      const before = this.boards.get(serial);
      const board = this.boards.upsert(serial, sighting.model ?? null, sighting.firmware ?? null, this.now());
      this.appendInTransaction('board.seen', {
        boardSerial: serial,
        isNew: before === null,
        model: board.model,
        firmware: board.firmware,
        previousFirmware: before !== null && before.firmware !== board.firmware ? before.firmware : undefined,
      });
      return board;
    });
  }

  getBoard(serial: string): BoardRecord | null {
    return this.read('read the board', () => this.boards.get(serial));
  }

  // ----- credentials ---------------------------------------------------------------------------

  /**
   * Stores a newly issued certificate (status `issued`) and its `credential.issued` event; the board
   * row is created if the board was never seen. Committed when it returns, before the certificate
   * may leave the station.
   * Failure: `ledger-invalid-input` (thumbprint not the SHA-256 of the DER, malformed hex, unknown
   * run), `ledger-duplicate-certificate` (thumbprint already recorded).
   */
  recordCredential(credential: NewCredential): CredentialRecord {
    validateNewCredential(credential);
    return this.write('record the credential', () => {
      const existing = this.credentials.byThumbprint(credential.thumbprint);
      if (existing !== null) {
        throw new StationError(
          'ledger-duplicate-certificate',
          `Certificate ${credential.thumbprint.slice(0, 16)}… is already in the ledger (credential ${existing.id}, board ${existing.boardSerial}).`,
          { hint: 'Issue a new certificate instead of recording the same one twice.', details: { credentialId: existing.id } },
        );
      }
      if (credential.runId !== null && this.runs.get(credential.runId) === null) {
        throw invalidInput(`run ${credential.runId} does not exist`);
      }
      this.ensureBoard(credential.boardSerial);
      const id = this.credentials.insert(credential, this.now());
      this.appendInTransaction('credential.issued', {
        credentialId: id,
        boardSerial: credential.boardSerial,
        thumbprint: credential.thumbprint,
        serialNumber: credential.serialNumber,
        publicKeyHash: credential.publicKeyHash,
        subject: credential.subject,
        notBefore: credential.notBefore,
        notAfter: credential.notAfter,
        keyOrigin: credential.keyOrigin,
        slot: credential.slot,
        runId: credential.runId,
        enrollmentStatus: credential.enrollmentStatus,
      });
      return this.mustGetCredential(id);
    });
  }

  /**
   * Moves a credential to `status` (event `credential.status` with from/to and the optional public note).
   * Failure: `ledger-not-found`; `ledger-invalid-transition` when the credential is revoked (final).
   */
  updateCredentialStatus(id: number, status: CredentialStatus, note?: string): CredentialRecord {
    requireOneOf(status, CREDENTIAL_STATUSES, 'credential status');
    return this.write('update the credential status', () => {
      const before = this.mustGetCredential(id);
      if (before.status === 'revoked' && status !== 'revoked') {
        throw new StationError('ledger-invalid-transition', `Credential ${id} is revoked; its status cannot change to ${status}.`, {
          hint: 'Issue a new certificate for the board instead.',
        });
      }
      this.credentials.setStatus(id, status);
      this.appendInTransaction('credential.status', {
        credentialId: id,
        boardSerial: before.boardSerial,
        thumbprint: before.thumbprint,
        from: before.status,
        to: status,
        note: note ?? null,
      });
      return this.mustGetCredential(id);
    });
  }

  getCredential(id: number): CredentialRecord | null {
    return this.read('read the credential', () => this.credentials.get(id));
  }

  findCredentialByThumbprint(thumbprint: string): CredentialRecord | null {
    return this.read('look up the certificate', () => this.credentials.byThumbprint(thumbprint.toLowerCase()));
  }

  /** The newest credential with this certificate serial number (lowercase hex), or null. */
  findCredentialBySerialNumber(serialNumberHex: string): CredentialRecord | null {
    return this.read('look up the certificate', () => this.credentials.bySerialNumber(serialNumberHex.toLowerCase()));
  }

  /** Every credential certifying this public key (any status, any board), oldest first. */
  findCredentialsByPublicKeyHash(publicKeyHash: string): CredentialRecord[] {
    return this.read('look up the public key', () => this.credentials.byPublicKeyHash(publicKeyHash.toLowerCase()));
  }

  /**
   * One page of matching credentials, newest first (default limit 100). `thumbprint` matches a
   * prefix; `from`/`to` bound createdAt inclusively (a bare date `to` means the end of that UTC day).
   * Failure: `ledger-invalid-search` for a bad date or limit.
   */
  listCredentials(search: CredentialSearch = {}): CredentialRecord[] {
    return this.read('list credentials', () => this.credentials.search(search));
  }

  /** The board's credentials, newest first. */
  credentialsForBoard(serial: string): CredentialRecord[] {
    return this.read('list the board credentials', () => this.credentials.byBoard(serial));
  }

  // ----- runs ----------------------------------------------------------------------------------

  /** Opens a provisioning run in status `running` (event `run.started`). */
  startRun(run: NewRun): RunRecord {
    const port = requireText(run.port, 'port');
    const mode = requireText(run.mode, 'mode');
    return this.write('start the run', () => {
      const id = this.runs.insert(port, mode, this.now(), run.operator ?? null, run.workOrder ?? null);
      this.appendInTransaction('run.started', {
        runId: id,
        port,
        mode,
        operator: run.operator ?? null,
        workOrder: run.workOrder ?? null,
      });
      return this.mustGetRun(id);
    });
  }

  /**
   * Binds the run to the board it is provisioning (created if never seen; event `run.board`), and
   * records the key mode actually used when given (the board's caps may override the preference the
   * run started with).
   * Failure: `ledger-not-found`; `ledger-invalid-transition` when the run is bound to another board.
   */
  setRunBoard(runId: number, serial: string, mode?: string): RunRecord {
    const boardSerial = requireText(serial, 'board serial');
    const chosenMode = mode === undefined ? null : requireText(mode, 'mode');
    return this.write('bind the run to the board', () => {
      const run = this.mustGetRun(runId);
      if (run.boardSerial !== null && run.boardSerial !== boardSerial) {
        throw new StationError(
          'ledger-invalid-transition',
          `Run ${runId} is already provisioning board ${run.boardSerial}, not ${boardSerial}.`,
          { hint: 'Start a new run for the other board.' },
        );
      }
      this.ensureBoard(boardSerial);
      this.runs.setBoard(runId, boardSerial);
      if (chosenMode !== null) this.runs.setMode(runId, chosenMode);
      this.appendInTransaction('run.board', { runId, boardSerial, ...(chosenMode === null ? {} : { mode: chosenMode }) });
      return this.mustGetRun(runId);
    });
  }

  /**
   * Appends a step row (event `run.step`), written before the next step starts.
   * Failure: `ledger-not-found`; `ledger-invalid-transition` when the run has finished.
   */
  recordStep(runId: number, step: string, status: StepStatus, detail?: string | null): StepRecord {
    const stepName = requireText(step, 'step');
    requireOneOf(status, STEP_STATUSES, 'step status');
    return this.write('record the run step', () => {
      const run = this.mustGetRunning(runId);
      const record = this.runs.addStep(runId, stepName, status, detail ?? null, this.now());
      this.appendInTransaction('run.step', {
        runId,
        stepId: record.id,
        boardSerial: run.boardSerial ?? undefined,
        step: stepName,
        status,
        detail: detail ?? null,
      });
      return record;
    });
  }

  /**
   * Closes a running run as `succeeded` or `failed` (event `run.finished`).
   * Failure: `ledger-not-found`; `ledger-invalid-transition` when it has already finished.
   */
  finishRun(runId: number, status: Exclude<RunStatus, 'running'>, outcome: RunOutcome = {}): RunRecord {
    requireOneOf(status, ['succeeded', 'failed'] as const, 'run status');
    return this.write('finish the run', () => {
      const run = this.mustGetRunning(runId);
      const finishedAt = this.now();
      this.runs.finish({
        id: runId,
        status,
        finishedAt,
        failedStep: outcome.failedStep ?? null,
        errorCode: outcome.errorCode ?? null,
        errorMessage: outcome.errorMessage ?? null,
      });
      this.appendInTransaction('run.finished', {
        runId,
        boardSerial: run.boardSerial ?? undefined,
        status,
        failedStep: outcome.failedStep ?? null,
        errorCode: outcome.errorCode ?? null,
        errorMessage: outcome.errorMessage ?? null,
      });
      return this.mustGetRun(runId);
    });
  }

  getRun(id: number): RunRecord | null {
    return this.read('read the run', () => this.runs.get(id));
  }

  /** Newest first, default limit 100. */
  listRuns(search: RunSearch = {}): RunRecord[] {
    return this.read('list runs', () => this.runs.list(search));
  }

  /** The run's steps in the order they were written. */
  stepsForRun(runId: number): StepRecord[] {
    return this.read('read the run steps', () => this.runs.steps(runId));
  }

  // ----- enrollment ----------------------------------------------------------------------------

  /**
   * Records the registry outcome for a credential (event `enrollment.updated`).
   * - `enrolled`: sets enrolledAt, clears the error.
   * - `failed`, or `pending` with an error (a try that will be retried): enrollmentAttempts + 1.
   * - SIDs not given keep their stored value; `error` is replaced (cleared when not given).
   * Failure: `ledger-not-found`.
   */
  markEnrollment(credentialId: number, update: EnrollmentUpdate): CredentialRecord {
    requireOneOf(update.status, ENROLLMENT_STATUSES, 'enrollment status');
    return this.write('record the enrollment', () => {
      const before = this.mustGetCredential(credentialId);
      const error = update.status === 'enrolled' ? null : (update.error ?? null);
      const isFailedAttempt = update.status === 'failed' || (update.status === 'pending' && error !== null);
      this.credentials.setEnrollment({
        id: credentialId,
        status: update.status,
        deviceSid: update.deviceSid ?? null,
        certificateSid: update.certificateSid ?? null,
        error,
        attemptIncrement: isFailedAttempt ? 1 : 0,
        enrolledAt: update.status === 'enrolled' ? this.now() : null,
      });
      const after = this.mustGetCredential(credentialId);
      this.appendInTransaction('enrollment.updated', {
        credentialId,
        boardSerial: after.boardSerial,
        thumbprint: after.thumbprint,
        from: before.enrollmentStatus,
        to: after.enrollmentStatus,
        deviceSid: after.registryDeviceSid,
        certificateSid: after.registryCertificateSid,
        error: after.enrollmentError,
        attempts: after.enrollmentAttempts,
      });
      return after;
    });
  }

  /** Credentials whose enrollment is `pending`, oldest first (default limit 1000). */
  listPendingEnrollments(limit = 1000): CredentialRecord[] {
    return this.read('list pending enrollments', () => this.credentials.pending(limit));
  }

  enrollmentSummary(): EnrollmentSummary {
    return this.read('summarize enrollments', () => this.credentials.enrollmentSummary());
  }

  // ----- event log -----------------------------------------------------------------------------

  /**
   * Appends an event of public facts. `type` is dotted lowercase (`station.started`); `data` is a
   * plain JSON object stored canonically; a string `data.boardSerial` files it under that board.
   * Failure: `ledger-event-invalid` for a bad type, non-JSON data, or a key that looks secret
   * (private…, secret, password, pin, token, seed).
   */
  appendEvent(type: string, data: Record<string, unknown>): EventRecordWithBoard {
    return this.write('append the event', () => this.appendInTransaction(type, data));
  }

  /** Oldest first after `afterId` (default 0), default limit 100 (at most 10,000). */
  listEvents(search: EventSearch = {}): EventRecordWithBoard[] {
    return this.read('list events', () => this.events.list(search));
  }

  /**
   * Recomputes the chain from the first row: each row's prevHash must equal the previous row's hash
   * (64 zeros for the first) and its hash must follow from its content. Names the first broken row.
   * NOTE: rows cut off the end of the log leave no trace in the chain itself; compare checkedRows
   * with an exported count to catch that.
   */
  verifyChain(): ChainVerification {
    return this.read('verify the event log', () =>
      this.db.transaction((): ChainVerification => {
        let expectedPrev = GENESIS_HASH;
        let previousId: number | null = null;
        let checkedRows = 0;
        for (const event of this.events.iterateAll()) {
          checkedRows += 1;
          if (event.prevHash !== expectedPrev) {
            const after = previousId === null ? 'the start of the log' : `row ${previousId}`;
            return broken(checkedRows, event.id, `row ${event.id} does not follow ${after} (prevHash mismatch)`);
          }
          if (eventHash(event.prevHash, event) !== event.hash) {
            return broken(checkedRows, event.id, `row ${event.id} was changed after it was written (hash mismatch)`);
          }
          expectedPrev = event.hash;
          previousId = event.id;
        }
        return { isIntact: true, checkedRows, firstBrokenId: null, reason: null };
      })(),
    );
  }

  // ----- views ---------------------------------------------------------------------------------

  /** Everything the ledger knows about one board, read from one snapshot. */
  boardHistory(serial: string): BoardHistory {
    return this.read('read the board history', () =>
      this.db.transaction((): BoardHistory => ({
        board: this.boards.get(serial),
        credentials: this.credentials.byBoard(serial),
        runs: this.runs.list({ serial, limit: 1000 }).map((run) => ({ ...run, steps: this.runs.steps(run.id) })),
        events: this.events.list({ boardSerial: serial, limit: 10_000 }),
      }))(),
    );
  }

  /**
   * Streams matching credentials (all by default, oldest first) as CSV or a JSON array to `write`
   * (see writeCredentialExport for the columns), from one snapshot. Returns the row count.
   * `write` must not call back into this ledger.
   */
  exportCredentials(format: ExportFormat, write: (chunk: string) => void, search: CredentialSearch = {}): number {
    requireOneOf(format, ['csv', 'json'] as const, 'export format');
    return this.read('export credentials', () =>
      this.db.transaction(() => writeCredentialExport(format, this.credentials.iterateExport(search, exportRowSql(format)), write))(),
    );
  }

  /** Counters for the shift dashboard since `since` (see ShiftCounters). */
  shiftCounters(since: Date): ShiftCounters {
    const sinceIso = since.toISOString();
    return this.read('count the shift', () =>
      this.db.transaction((): ShiftCounters => {
        const finished = this.runs.finishedSince(sinceIso);
        return {
          provisioned: finished.succeeded,
          failed: finished.failed,
          pendingEnrollment: this.credentials.pendingCreatedSince(sinceIso),
        };
      })(),
    );
  }

  // ----- internals -----------------------------------------------------------------------------

  private now(): string {
    return this.clock().toISOString();
  }

  private write<T>(action: string, body: () => T): T {
    this.assertOpen();
    try {
      return this.db.transaction(body).immediate();
    } catch (error) {
      throw toLedgerError(error, action, this.filePath);
    }
  }

  private read<T>(action: string, body: () => T): T {
    this.assertOpen();
    try {
      return body();
    } catch (error) {
      throw toLedgerError(error, action, this.filePath);
    }
  }

  private assertOpen(): void {
    if (!this.db.open) {
      throw new StationError('ledger-closed', 'The ledger is closed.', {
        hint: 'This is a station bug: report it with the ledger export.',
      });
    }
  }

  /** Must run inside a write transaction: reads the head and appends the next link. */
  private appendInTransaction(type: string, data: Record<string, unknown>): EventRecordWithBoard {
    if (!EVENT_TYPE.test(type)) {
      throw new StationError('ledger-event-invalid', `"${type}" is not an event type (dotted lowercase words).`, {
        hint: 'This is a station bug: report it with the ledger export.',
      });
    }
    if (data === null || typeof data !== 'object' || Array.isArray(data)) {
      throw new StationError('ledger-event-invalid', `Event ${type} data must be an object.`, {
        hint: 'This is a station bug: report it with the ledger export.',
      });
    }
    const forbidden = findForbiddenKey(data);
    if (forbidden !== null) {
      throw new StationError('ledger-event-invalid', `Event ${type} has a field that looks secret (${forbidden}); events hold public facts only.`, {
        hint: 'This is a station bug: report it with the ledger export.',
      });
    }
    const head = this.events.head();
    const prevHash = head?.hash ?? GENESIS_HASH;
    const boardSerial = typeof data.boardSerial === 'string' ? data.boardSerial : null;
    const content = { id: (head?.id ?? 0) + 1, at: this.now(), type, data: canonicalJson(data), boardSerial };
    const event: EventRecordWithBoard = { ...content, prevHash, hash: eventHash(prevHash, content) };
    this.events.insert(event);
    return event;
  }

  private ensureBoard(serial: string): void {
    if (this.boards.ensure(serial, this.now())) {
      this.appendInTransaction('board.seen', { boardSerial: serial, isNew: true, model: null, firmware: null });
    }
  }

  private mustGetCredential(id: number): CredentialRecord {
    const credential = this.credentials.get(id);
    if (credential === null) throw notFound(`credential ${id}`);
    return credential;
  }

  private mustGetRun(id: number): RunRecord {
    const run = this.runs.get(id);
    if (run === null) throw notFound(`run ${id}`);
    return run;
  }

  private mustGetRunning(id: number): RunRecord {
    const run = this.mustGetRun(id);
    if (run.status !== 'running') {
      throw new StationError('ledger-invalid-transition', `Run ${id} has already finished (${run.status}).`, {
        hint: 'Start a new run to provision the board again.',
      });
    }
    return run;
  }
}

function broken(checkedRows: number, firstBrokenId: number, reason: string): ChainVerification {
  return { isIntact: false, checkedRows, firstBrokenId, reason };
}

function validateNewCredential(credential: NewCredential): void {
  requireText(credential.boardSerial, 'board serial');
  requireText(credential.subject, 'subject');
  if (!(credential.certificateDer instanceof Uint8Array) || credential.certificateDer.byteLength === 0) {
    throw invalidInput('the certificate DER is empty');
  }
  if (!SHA256_HEX.test(credential.thumbprint)) throw invalidInput('the thumbprint must be 64 lowercase hex digits');
  const actual = createHash('sha256').update(credential.certificateDer).digest('hex');
  if (actual !== credential.thumbprint) throw invalidInput('the thumbprint is not the SHA-256 of the certificate DER');
  if (!HEX.test(credential.serialNumber)) throw invalidInput('the serial number must be lowercase hex');
  if (!SHA256_HEX.test(credential.publicKeyHash)) throw invalidInput('the public-key hash must be 64 lowercase hex digits');
  for (const [name, value] of [['notBefore', credential.notBefore], ['notAfter', credential.notAfter]] as const) {
    if (Number.isNaN(new Date(value).getTime())) throw invalidInput(`${name} is not a date`);
  }
  requireOneOf(credential.keyOrigin, KEY_ORIGINS, 'key origin');
  requireOneOf(credential.enrollmentStatus, ENROLLMENT_STATUSES, 'enrollment status');
  if (credential.slot !== null && !Number.isInteger(credential.slot)) throw invalidInput('the slot must be a whole number');
}

function requireText(value: unknown, name: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw invalidInput(`the ${name} is empty`);
  return value;
}

function requireOneOf<T extends string>(value: string, allowed: readonly T[], name: string): void {
  if (!(allowed as readonly string[]).includes(value)) {
    throw invalidInput(`"${value}" is not a ${name} (expected ${allowed.join(', ')})`);
  }
}

function invalidInput(problem: string): StationError {
  return new StationError('ledger-invalid-input', `The ledger refused the record: ${problem}.`, {
    hint: 'This is a station bug: report it with the ledger export.',
  });
}

function notFound(what: string): StationError {
  return new StationError('ledger-not-found', `The ledger has no ${what}.`, {
    hint: 'Check the id; list records with `station ledger list`.',
  });
}
