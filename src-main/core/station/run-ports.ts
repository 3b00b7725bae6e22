import type {
  CredentialRecord,
  CredentialStatus,
  EnrollmentStatus,
  KeyOrigin,
  RunRecord,
  RunStatus,
  StepStatus,
} from '../ledger/ledger-types';

/**
 * What a provisioning run needs from the rest of the core, as small interfaces (ports). The station core
 * binds them to the ledger, the line CA and the registry client; tests may bind them to the same real
 * components with different settings.
 */

export interface IssueRequest {
  /** The CSR exactly as the board returned it (DER). */
  csrDer: Uint8Array;
  boardSerial: string;
  /** The 65-byte uncompressed P-256 point the board reported (KEYGEN) or the station injected. */
  expectedPublicKey: Uint8Array;
  keyOrigin: KeyOrigin;
  slot: number;
  runId: number;
}

export interface IssuedCertificate {
  credentialId: number;
  der: Uint8Array;
  pem: string;
  /** Lowercase hex SHA-256 of der. */
  thumbprint: string;
  serialNumber: string;
  notAfter: string;
}

/** Checks the CSR, issues the certificate and commits its ledger row before resolving. */
export interface CertificateIssuer {
  issue(request: IssueRequest): Promise<IssuedCertificate>;
  /** The issuing CA's certificate and its issuers (DER each), for PUT kind=chain. */
  chainDer(): Uint8Array[];
}

/**
 * The ledger as a run uses it. Writes resolve once their row is committed (durable); the station core
 * binds them to a group-commit queue so boards on many ports share fsyncs. Reads are synchronous.
 */
export interface RunLedger {
  upsertBoard(board: { serial: string; model: string | null; firmware: string | null }): Promise<unknown>;
  startRun(run: { port: string; mode: string; operator: string | null; workOrder: string | null }): Promise<RunRecord>;
  /** Binds the run to the board and records the key mode actually chosen for it. */
  setRunBoard(runId: number, serial: string, mode: string): Promise<unknown>;
  recordStep(runId: number, step: string, status: StepStatus, detail?: string | null): Promise<unknown>;
  finishRun(
    runId: number,
    status: Exclude<RunStatus, 'running'>,
    failure?: { failedStep?: string | null; errorCode?: string | null; errorMessage?: string | null },
  ): Promise<unknown>;
  credentialsForBoard(serial: string): CredentialRecord[];
  updateCredentialStatus(id: number, status: CredentialStatus, note?: string): Promise<unknown>;
  markEnrollment(
    credentialId: number,
    update: { status: EnrollmentStatus; deviceSid?: string | null; certificateSid?: string | null; error?: string | null },
  ): Promise<unknown>;
}

export interface EnrollmentResult {
  deviceSid: string;
  certificateSid: string;
}

/**
 * Enrolls one credential with the registry. Rejects with a StationError; `isRetryable(error)` tells a
 * registry that could not be reached (queue it) from one that refused (record the reason).
 */
export interface CredentialEnroller {
  enroll(credential: { boardSerial: string; certificatePem: string; thumbprint: string }): Promise<EnrollmentResult>;
  isRetryable(error: unknown): boolean;
}
