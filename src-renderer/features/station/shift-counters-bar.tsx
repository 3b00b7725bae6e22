import type { ShiftCounters } from '../../../src-main/contract/contract-types';

/** This shift's totals, large enough to read from the line. */
export function ShiftCountersBar({ counters }: { counters: ShiftCounters }) {
  return (
    <dl className="counters" data-testid="shift-counters">
      <div className="counter counter-good">
        <dt>✓ Provisioned</dt>
        <dd data-testid="counter-provisioned">{counters.provisioned}</dd>
      </div>
      <div className="counter counter-bad">
        <dt>✗ Failed</dt>
        <dd data-testid="counter-failed">{counters.failed}</dd>
      </div>
      <div className="counter counter-pending">
        <dt>◔ Pending enrollment</dt>
        <dd data-testid="counter-pending-enrollment">{counters.pendingEnrollment}</dd>
      </div>
    </dl>
  );
}
