import { useContractQuery } from '../../client/use-contract-query';
import { ErrorNotice } from '../../shared/error-notice';
import { EnrollmentCounts } from './enrollment-counts';
import { EnrollmentItem } from './enrollment-item';

/**
 * Registry enrollment: counts, and each pending or failed credential with its reason and Retry.
 * NOTE: batch bundles (offline enrollment files) will get their own section below the list.
 */
export function EnrollmentScreen() {
  const overview = useContractQuery('enrollment-overview', {});
  return (
    <section className="screen" data-testid="screen-enrollment" aria-label="Enrollment">
      <div className="button-row">
        <button type="button" className="button" data-testid="enrollment-refresh" onClick={overview.reload}>
          ↻ Refresh
        </button>
      </div>
      <ErrorNotice error={overview.error} />
      {overview.value && (
        <>
          <EnrollmentCounts overview={overview.value} />
          {overview.value.items.length === 0 ? (
            <p className="empty" data-testid="enrollment-empty">
              Nothing waits for the registry.
            </p>
          ) : (
            <ul className="enrollment-list" data-testid="enrollment-list">
              {overview.value.items.map((item) => (
                <EnrollmentItem key={item.id} item={item} onChanged={overview.reload} />
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
