import type { CaSummary } from '../../../src-main/contract/contract-types';
import { formatTimestamp } from '../../shared/format-time';

/** The line CA's public facts and the keychain's state. */
export function CaSummaryView({ summary }: { summary: CaSummary }) {
  return (
    <dl className="facts" data-testid="ca-summary">
      <dt>Status</dt>
      <dd data-testid="ca-status">
        {summary.isInitialized
          ? '✓ READY'
          : summary.hasPendingCsr
            ? '◔ WAITING FOR THE SIGNED CERTIFICATE'
            : '✗ NOT SET UP'}
      </dd>
      <dt>Subject</dt>
      <dd data-testid="ca-subject">{summary.subject ?? '—'}</dd>
      <dt>SHA-256 fingerprint</dt>
      <dd className="mono" data-testid="ca-fingerprint">
        {summary.sha256Fingerprint ?? '—'}
      </dd>
      <dt>Valid</dt>
      <dd>
        {formatTimestamp(summary.notBefore)} → {formatTimestamp(summary.notAfter)}
      </dd>
      <dt>Private key</dt>
      <dd data-testid="ca-key">{summary.hasKey ? `✓ in ${summary.keyLocation}` : `✗ none (${summary.keyLocation})`}</dd>
      <dt>Keychain</dt>
      <dd data-testid="keychain-status">
        {summary.keychainStatus.isAvailable ? '✓ available' : '✗ unavailable'} — {summary.keychainStatus.message}
        {!summary.keychainStatus.isAvailable && summary.keychainStatus.hint && (
          <div className="notice-hint">→ {summary.keychainStatus.hint}</div>
        )}
      </dd>
    </dl>
  );
}
