import type Database from 'better-sqlite3';
import { StationError } from '../errors';
import type {
  CredentialRecord,
  CredentialSearch,
  CredentialStatus,
  EnrollmentStatus,
  EnrollmentSummary,
  KeyOrigin,
  NewCredential,
} from './ledger-types';

interface CredentialRow {
  id: number;
  board_serial: string;
  certificate_der: Buffer;
  thumbprint: string;
  serial_number: string;
  public_key_hash: string;
  subject: string;
  not_before: string;
  not_after: string;
  key_origin: KeyOrigin;
  slot: number | null;
  run_id: number | null;
  status: CredentialStatus;
  created_at: string;
  enrollment_status: EnrollmentStatus;
  registry_device_sid: string | null;
  registry_certificate_sid: string | null;
  enrollment_error: string | null;
  enrollment_attempts: number;
  enrolled_at: string | null;
}

/** Named parameters of the enrollment update (see Ledger.markEnrollment for the rules). */
export interface EnrollmentRowUpdate {
  id: number;
  status: EnrollmentStatus;
  deviceSid: string | null;
  certificateSid: string | null;
  error: string | null;
  attemptIncrement: number;
  enrolledAt: string | null;
}

/** Default and ceiling of `listCredentials` page sizes. */
export const DEFAULT_CREDENTIAL_PAGE = 100;

/** SQL for the credentials table. Callers own transactions and events (see Ledger). */
export class CredentialRepository {
  private readonly insertOne: Database.Statement<Record<string, unknown>>;
  private readonly selectById: Database.Statement<[number], CredentialRow>;
  private readonly selectByThumbprint: Database.Statement<[string], CredentialRow>;
  private readonly selectBySerialNumber: Database.Statement<[string], CredentialRow>;
  private readonly selectByPublicKeyHash: Database.Statement<[string], CredentialRow>;
  private readonly selectByBoard: Database.Statement<[string], CredentialRow>;
  private readonly selectPending: Database.Statement<[number], CredentialRow>;
  private readonly updateStatusOne: Database.Statement<[CredentialStatus, number]>;
  private readonly updateEnrollmentOne: Database.Statement<EnrollmentRowUpdate>;
  private readonly countByEnrollment: Database.Statement<[], { enrollment_status: EnrollmentStatus; total: number }>;
  private readonly oldestPending: Database.Statement<[], { at: string | null }>;
  private readonly countPendingSince: Database.Statement<[string], { total: number }>;

  constructor(private readonly db: Database.Database) {
    this.insertOne = db.prepare(
      `INSERT INTO credentials (board_serial, certificate_der, thumbprint, serial_number, public_key_hash, subject,
         not_before, not_after, key_origin, slot, run_id, status, created_at, enrollment_status)
       VALUES (@boardSerial, @certificateDer, @thumbprint, @serialNumber, @publicKeyHash, @subject,
         @notBefore, @notAfter, @keyOrigin, @slot, @runId, 'issued', @createdAt, @enrollmentStatus)`,
    );
    this.selectById = db.prepare<[number], CredentialRow>('SELECT * FROM credentials WHERE id = ?');
    this.selectByThumbprint = db.prepare<[string], CredentialRow>('SELECT * FROM credentials WHERE thumbprint = ?');
    this.selectBySerialNumber = db.prepare<[string], CredentialRow>(
      'SELECT * FROM credentials WHERE serial_number = ? ORDER BY id DESC LIMIT 1',
    );
    this.selectByPublicKeyHash = db.prepare<[string], CredentialRow>(
      'SELECT * FROM credentials WHERE public_key_hash = ? ORDER BY id',
    );
    this.selectByBoard = db.prepare<[string], CredentialRow>(
      'SELECT * FROM credentials WHERE board_serial = ? ORDER BY id DESC',
    );
    this.selectPending = db.prepare<[number], CredentialRow>(
      `SELECT * FROM credentials WHERE enrollment_status = 'pending' ORDER BY created_at, id LIMIT ?`,
    );
    this.updateStatusOne = db.prepare('UPDATE credentials SET status = ? WHERE id = ?');
    this.updateEnrollmentOne = db.prepare(
      `UPDATE credentials SET
         enrollment_status = @status,
         registry_device_sid = COALESCE(@deviceSid, registry_device_sid),
         registry_certificate_sid = COALESCE(@certificateSid, registry_certificate_sid),
         enrollment_error = @error,
         enrollment_attempts = enrollment_attempts + @attemptIncrement,
         enrolled_at = COALESCE(@enrolledAt, enrolled_at)
       WHERE id = @id`,
    );
    this.countByEnrollment = db.prepare(
      `SELECT enrollment_status, COUNT(*) AS total FROM credentials
       WHERE enrollment_status IN ('pending', 'failed', 'enrolled') GROUP BY enrollment_status`,
    );
    this.oldestPending = db.prepare(
      `SELECT MIN(created_at) AS at FROM credentials WHERE enrollment_status = 'pending'`,
    );
    this.countPendingSince = db.prepare(
      `SELECT COUNT(*) AS total FROM credentials WHERE enrollment_status = 'pending' AND created_at >= ?`,
    );
  }

  insert(credential: NewCredential, createdAt: string): number {
    const result = this.insertOne.run({
      ...credential,
      certificateDer: Buffer.from(credential.certificateDer),
      createdAt,
    });
    return Number(result.lastInsertRowid);
  }

  get(id: number): CredentialRecord | null {
    return toRecordOrNull(this.selectById.get(id));
  }

  byThumbprint(thumbprint: string): CredentialRecord | null {
    return toRecordOrNull(this.selectByThumbprint.get(thumbprint));
  }

  bySerialNumber(serialNumber: string): CredentialRecord | null {
    return toRecordOrNull(this.selectBySerialNumber.get(serialNumber));
  }

  byPublicKeyHash(publicKeyHash: string): CredentialRecord[] {
    return this.selectByPublicKeyHash.all(publicKeyHash).map(toCredentialRecord);
  }

  byBoard(serial: string): CredentialRecord[] {
    return this.selectByBoard.all(serial).map(toCredentialRecord);
  }

  pending(limit: number): CredentialRecord[] {
    return this.selectPending.all(limit).map(toCredentialRecord);
  }

  setStatus(id: number, status: CredentialStatus): void {
    this.updateStatusOne.run(status, id);
  }

  setEnrollment(update: EnrollmentRowUpdate): void {
    this.updateEnrollmentOne.run(update);
  }

  enrollmentSummary(): EnrollmentSummary {
    const summary: EnrollmentSummary = { pending: 0, failed: 0, enrolled: 0, oldestPendingAt: null };
    for (const row of this.countByEnrollment.all()) {
      if (row.enrollment_status === 'pending') summary.pending = row.total;
      if (row.enrollment_status === 'failed') summary.failed = row.total;
      if (row.enrollment_status === 'enrolled') summary.enrolled = row.total;
    }
    summary.oldestPendingAt = this.oldestPending.get()?.at ?? null;
    return summary;
  }

  pendingCreatedSince(since: string): number {
    return this.countPendingSince.get(since)?.total ?? 0;
  }

  /** Page of matches, newest first. `limit` defaults to DEFAULT_CREDENTIAL_PAGE. */
  search(search: CredentialSearch): CredentialRecord[] {
    const query = buildSearch(search, 'DESC', search.limit ?? DEFAULT_CREDENTIAL_PAGE);
    return this.db.prepare<Record<string, unknown>, CredentialRow>(query.sql).all(query.params).map(toCredentialRecord);
  }

  /**
   * All matches (or `limit` of them), oldest first, one row at a time, as [row text built by
   * `rowSql`, certificate DER]: for exports of any size.
   */
  *iterateExport(search: CredentialSearch, rowSql: string): Generator<readonly [string, Uint8Array]> {
    const query = buildSearch(search, 'ASC', search.limit ?? null, `${rowSql}, certificate_der`);
    const statement = this.db.prepare<Record<string, unknown>, unknown[]>(query.sql).raw(true);
    for (const row of statement.iterate(query.params)) {
      const [text, der] = row;
      if (typeof text !== 'string' || !(der instanceof Uint8Array)) throw new Error('export row has an unexpected shape');
      yield [text, der];
    }
  }
}

function buildSearch(
  search: CredentialSearch,
  order: 'ASC' | 'DESC',
  limit: number | null,
  select = '*',
): { sql: string; params: Record<string, unknown> } {
  const where: string[] = [];
  const params: Record<string, unknown> = {};
  if (search.serial !== undefined) {
    where.push('board_serial = @serial');
    params.serial = search.serial;
  }
  if (search.thumbprint !== undefined) {
    // Prefix match (operators type the first characters); '~' sorts after every hex digit.
    const prefix = search.thumbprint.toLowerCase();
    where.push('thumbprint >= @thumbprintFrom AND thumbprint < @thumbprintTo');
    params.thumbprintFrom = prefix;
    params.thumbprintTo = `${prefix}~`;
  }
  if (search.status !== undefined) {
    where.push('status = @status');
    params.status = search.status;
  }
  if (search.enrollmentStatus !== undefined) {
    where.push('enrollment_status = @enrollmentStatus');
    params.enrollmentStatus = search.enrollmentStatus;
  }
  if (search.from !== undefined) {
    where.push('created_at >= @from');
    params.from = normalizeBound(search.from, 'from');
  }
  if (search.to !== undefined) {
    where.push('created_at <= @to');
    params.to = normalizeBound(search.to, 'to');
  }
  let sql = `SELECT ${select} FROM credentials${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY id ${order}`;
  if (limit !== null) {
    sql += ' LIMIT @limit OFFSET @offset';
    params.limit = positiveInteger(limit, 'limit');
    params.offset = search.offset === undefined ? 0 : positiveInteger(search.offset, 'offset', true);
  }
  return { sql, params };
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * ISO date or datetime → the stored ISO form. A bare date as `to` means the end of that (UTC) day,
 * so both bounds are inclusive as CredentialSearch promises.
 */
export function normalizeBound(value: string, bound: 'from' | 'to'): string {
  const parsed = new Date(value);
  if (Number.isNaN(parsed.getTime())) {
    throw new StationError('ledger-invalid-search', `"${value}" is not a date (--${bound}).`, {
      hint: 'Use an ISO date such as 2026-03-01 or 2026-03-01T14:00:00Z.',
    });
  }
  if (bound === 'to' && DATE_ONLY.test(value)) return new Date(parsed.getTime() + 86_399_999).toISOString();
  return parsed.toISOString();
}

function positiveInteger(value: number, name: string, allowZero = false): number {
  if (!Number.isInteger(value) || value < (allowZero ? 0 : 1)) {
    throw new StationError('ledger-invalid-search', `${name} must be a whole number${allowZero ? '' : ' above 0'} (got ${value}).`, {
      hint: `Pass a whole number as ${name}.`,
    });
  }
  return value;
}

function toRecordOrNull(row: CredentialRow | undefined): CredentialRecord | null {
  return row === undefined ? null : toCredentialRecord(row);
}

function toCredentialRecord(row: CredentialRow): CredentialRecord {
  return {
    id: row.id,
    boardSerial: row.board_serial,
    certificateDer: new Uint8Array(row.certificate_der),
    thumbprint: row.thumbprint,
    serialNumber: row.serial_number,
    publicKeyHash: row.public_key_hash,
    subject: row.subject,
    notBefore: row.not_before,
    notAfter: row.not_after,
    keyOrigin: row.key_origin,
    slot: row.slot,
    runId: row.run_id,
    status: row.status,
    createdAt: row.created_at,
    enrollmentStatus: row.enrollment_status,
    registryDeviceSid: row.registry_device_sid,
    registryCertificateSid: row.registry_certificate_sid,
    enrollmentError: row.enrollment_error,
    enrollmentAttempts: row.enrollment_attempts,
    enrolledAt: row.enrolled_at,
  };
}
