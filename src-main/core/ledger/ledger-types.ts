/**
 * The ledger's public shapes: what the rest of the core reads and writes. The SQLite implementation
 * lives beside this file (ledger.ts); nothing outside ledger/ touches SQL.
 *
 * Rule the whole station relies on: a credential row (with the certificate DER) is committed before the
 * certificate leaves the station, and every state change of a provisioning run is a row before the next
 * step starts.
 */

export type CredentialStatus = 'issued' | 'installed' | 'active' | 'failed' | 'revoked' | 'superseded';
export type EnrollmentStatus = 'not-required' | 'pending' | 'enrolled' | 'failed';
export type KeyOrigin = 'on-chip' | 'injected' | 'offline-csr';
export type RunStatus = 'running' | 'succeeded' | 'failed';
export type StepStatus = 'started' | 'succeeded' | 'failed';

export interface BoardRecord {
  serial: string;
  model: string | null;
  firmware: string | null;
  firstSeenAt: string;
  lastSeenAt: string;
}

export interface NewCredential {
  boardSerial: string;
  certificateDer: Uint8Array;
  /** Lowercase hex SHA-256 of certificateDer. */
  thumbprint: string;
  /** Lowercase hex, no leading zeros stripped beyond DER's. */
  serialNumber: string;
  /** Lowercase hex SHA-256 of the SubjectPublicKeyInfo DER. */
  publicKeyHash: string;
  subject: string;
  notBefore: string;
  notAfter: string;
  keyOrigin: KeyOrigin;
  slot: number | null;
  runId: number | null;
  enrollmentStatus: EnrollmentStatus;
}

export interface CredentialRecord extends NewCredential {
  id: number;
  status: CredentialStatus;
  createdAt: string;
  registryDeviceSid: string | null;
  registryCertificateSid: string | null;
  enrollmentError: string | null;
  enrollmentAttempts: number;
  enrolledAt: string | null;
}

export interface RunRecord {
  id: number;
  port: string;
  boardSerial: string | null;
  mode: string;
  status: RunStatus;
  startedAt: string;
  finishedAt: string | null;
  failedStep: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  operator: string | null;
  workOrder: string | null;
}

export interface StepRecord {
  id: number;
  runId: number;
  step: string;
  status: StepStatus;
  detail: string | null;
  at: string;
}

export interface EventRecord {
  id: number;
  at: string;
  type: string;
  /** JSON text of public facts only. */
  data: string;
  prevHash: string;
  hash: string;
}

export interface CredentialSearch {
  serial?: string;
  thumbprint?: string;
  status?: CredentialStatus;
  enrollmentStatus?: EnrollmentStatus;
  /** ISO date or datetime; inclusive. */
  from?: string;
  /** ISO date or datetime; inclusive. */
  to?: string;
  limit?: number;
  offset?: number;
}

export interface ChainVerification {
  isIntact: boolean;
  checkedRows: number;
  /** The id of the first row whose hash does not follow from the previous one. */
  firstBrokenId: number | null;
  reason: string | null;
}

// ---------------------------------------------------------------------------------------------
// Added by the ledger implementation (additive only: nothing above was renamed).
// ---------------------------------------------------------------------------------------------

/** Options for `Ledger.open`. */
export interface LedgerOptions {
  /** Source of "now" for every timestamp the ledger writes. Default: `() => new Date()`. */
  clock?: () => Date;
  /** How long a write waits for another connection's lock before failing with `ledger-busy`. Default 5000 ms. */
  busyTimeoutMs?: number;
}

/** What `upsertBoard` takes: the board's hardware serial and what it reported about itself. */
export interface BoardSighting {
  serial: string;
  model?: string | null;
  firmware?: string | null;
}

/** What `startRun` takes. `operator` and `workOrder` default to null. */
export interface NewRun {
  port: string;
  mode: string;
  operator?: string | null;
  workOrder?: string | null;
}

/** Why a run ended; all fields default to null. */
export interface RunOutcome {
  failedStep?: string | null;
  errorCode?: string | null;
  errorMessage?: string | null;
}

export interface RunSearch {
  serial?: string;
  status?: RunStatus;
  /** Default 100. Newest first. */
  limit?: number;
}

export interface RunWithSteps extends RunRecord {
  steps: StepRecord[];
}

/** What `markEnrollment` takes. Omitted SIDs keep their stored value; `error` is cleared unless given. */
export interface EnrollmentUpdate {
  status: EnrollmentStatus;
  deviceSid?: string | null;
  certificateSid?: string | null;
  /** Public, operator-readable reason (never a secret). */
  error?: string | null;
}

export interface EnrollmentSummary {
  pending: number;
  failed: number;
  enrolled: number;
  /** createdAt of the oldest credential still pending, or null when none is. */
  oldestPendingAt: string | null;
}

export interface EventSearch {
  /** Only events with id > afterId. Default 0. */
  afterId?: number;
  /** Default 100, at most 10,000. Oldest first. */
  limit?: number;
  /** Only events about this board (see `EventRecord.boardSerial`). */
  boardSerial?: string;
}

/**
 * EventRecord carries, besides the agreed fields, the board it is about (taken from the event data's
 * `boardSerial` key when it is a string) so a board's history is an index lookup. It is covered by the hash.
 */
export interface EventRecordWithBoard extends EventRecord {
  boardSerial: string | null;
}

export interface BoardHistory {
  board: BoardRecord | null;
  credentials: CredentialRecord[];
  /** Newest first, each with its steps in order. */
  runs: RunWithSteps[];
  /** Oldest first. */
  events: EventRecordWithBoard[];
}

export type ExportFormat = 'csv' | 'json';

export interface ShiftCounters {
  /** Runs that finished `succeeded` at or after `since`. */
  provisioned: number;
  /** Runs that finished `failed` at or after `since`. */
  failed: number;
  /** Credentials created at or after `since` whose enrollment is still pending. */
  pendingEnrollment: number;
}

export interface LedgerStorageSettings {
  /** `wal` on every supported station. */
  journalMode: string;
  /** SQLite's number: 2 = FULL. */
  synchronous: number;
  foreignKeys: boolean;
  /** PRAGMA user_version: the newest migration applied. */
  schemaVersion: number;
}
