import type { EnrollmentOverviewView } from '../../../src-main/contract/contract-types';
import { formatTimestamp } from '../../shared/format-time';

/** The outbox at a glance. */
export function EnrollmentCounts({ overview }: { overview: EnrollmentOverviewView }) {
  return (
    <dl className="counters" data-testid="enrollment-counts">
      <div className="counter counter-pending">
        <dt>◔ Pending</dt>
        <dd data-testid="enrollment-pending">{overview.pending}</dd>
      </div>
      <div className="counter counter-bad">
        <dt>✗ Failed</dt>
        <dd data-testid="enrollment-failed">{overview.failed}</dd>
      </div>
      <div className="counter counter-good">
        <dt>✓ Enrolled</dt>
        <dd data-testid="enrollment-enrolled">{overview.enrolled}</dd>
      </div>
      <div className="counter">
        <dt>Oldest pending</dt>
        <dd className="counter-small" data-testid="enrollment-oldest">
          {formatTimestamp(overview.oldestPendingAt)}
        </dd>
      </div>
    </dl>
  );
}
