import type { NewCredential } from '../ledger/ledger-types';

/**
 * The part of the ledger the issuing pipeline needs; the SQLite Ledger satisfies it structurally.
 * Both calls are synchronous: `recordCredential` returns only once the row is committed, and the
 * pipeline hands out no certificate before it returns. Either may throw a StationError (ledger-*),
 * which the pipeline lets through unchanged.
 */
export interface CredentialRecorder {
  /** Every credential ever issued for the SubjectPublicKeyInfo with this lowercase hex SHA-256. */
  findCredentialsByPublicKeyHash(publicKeyHash: string): ReadonlyArray<{ boardSerial: string }>;
  recordCredential(credential: NewCredential): { id: number };
}
