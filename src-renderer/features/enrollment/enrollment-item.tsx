import type { CredentialView } from '../../../src-main/contract/contract-types';
import { useContractAction } from '../../client/use-contract-action';
import { ErrorNotice } from '../../shared/error-notice';
import { formatTimestamp } from '../../shared/format-time';

const STATUS_WORDS: Record<CredentialView['enrollmentStatus'], string> = {
  pending: '◔ PENDING',
  failed: '✗ FAILED',
  enrolled: '✓ ENROLLED',
  'not-required': '— NOT REQUIRED',
};

/** One credential waiting for (or refused by) the registry, with its reason and a Retry. */
export function EnrollmentItem({ item, onChanged }: { item: CredentialView; onChanged: () => void }) {
  const retry = useContractAction('enrollment-retry');

  async function runRetry(): Promise<void> {
    const result = await retry.run({ credentialId: item.id });
    if (result.ok) onChanged();
  }

  return (
    <li className={`enrollment-item enrollment-${item.enrollmentStatus}`} data-testid="enrollment-item" data-serial={item.boardSerial}>
      <div className="enrollment-line">
        <strong>{item.boardSerial}</strong> <span data-testid="enrollment-item-status">{STATUS_WORDS[item.enrollmentStatus]}</span> · issued{' '}
        {formatTimestamp(item.createdAt)} · attempts {item.enrollmentAttempts}
      </div>
      {item.enrollmentError && (
        <div className="enrollment-reason" data-testid="enrollment-reason">
          Reason: {item.enrollmentError}
        </div>
      )}
      {item.enrollmentStatus !== 'enrolled' && item.enrollmentStatus !== 'not-required' && (
        <button type="button" className="button" data-testid="enrollment-retry" disabled={retry.isBusy} onClick={() => void runRetry()}>
          ↻ Retry
        </button>
      )}
      <ErrorNotice error={retry.error} testId="enrollment-retry-error" />
    </li>
  );
}
