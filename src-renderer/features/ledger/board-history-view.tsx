import type { BoardHistoryView as BoardHistoryData } from '../../../src-main/contract/contract-types';
import { formatTimestamp } from '../../shared/format-time';

/** Everything the ledger knows about one board: certificates, runs with their steps, events. */
export function BoardHistoryView({ history, onClose }: { history: BoardHistoryData; onClose: () => void }) {
  return (
    <section className="panel" data-testid="board-history" aria-label={`History of ${history.serial}`}>
      <header className="panel-header">
        <h2>
          Board <span data-testid="history-serial">{history.serial}</span>
        </h2>
        <button type="button" className="button" data-testid="history-close" onClick={onClose}>
          ✕ Close
        </button>
      </header>
      <h3>Certificates ({history.credentials.length})</h3>
      <ul className="history-list" data-testid="history-credentials">
        {history.credentials.map((credential) => (
          <li key={credential.id}>
            {formatTimestamp(credential.createdAt)} · {credential.status} · registry {credential.enrollmentStatus}
            {credential.enrollmentError && ` (${credential.enrollmentError})`} ·{' '}
            <span className="mono">{credential.thumbprint}</span>
          </li>
        ))}
      </ul>
      <h3>Runs ({history.runs.length})</h3>
      <ul className="history-list" data-testid="history-runs">
        {history.runs.map((run) => (
          <li key={run.id}>
            {run.status === 'succeeded' ? '✓' : run.status === 'failed' ? '✗' : '↻'} {formatTimestamp(run.startedAt)} on {run.port} —{' '}
            {run.status}
            {run.errorMessage && `: ${run.errorMessage}`}
            <div className="history-steps">
              {run.steps.map((step) => `${step.step} ${step.status}`).join(' → ')}
            </div>
          </li>
        ))}
      </ul>
      <h3>Events ({history.events.length})</h3>
      <ul className="history-list" data-testid="history-events">
        {history.events.map((event) => (
          <li key={event.id}>
            {formatTimestamp(event.at)} · {event.type}
          </li>
        ))}
      </ul>
    </section>
  );
}
