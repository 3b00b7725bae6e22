import type { StationOverview } from '../../../src-main/contract/contract-types';
import { useContractAction } from '../../client/use-contract-action';
import { ErrorNotice } from '../../shared/error-notice';

/** Start or stop watching the configured ports; shows what is watched. */
export function WatchControls({ overview, onChange }: { overview: StationOverview; onChange: (next: StationOverview) => void }) {
  const start = useContractAction('station-start-watching');
  const stop = useContractAction('station-stop-watching');
  const isBusy = start.isBusy || stop.isBusy;

  async function toggle(): Promise<void> {
    const result = overview.isWatching ? await stop.run({}) : await start.run({});
    if (result.ok) onChange(result.value);
  }

  return (
    <div className="watch-controls">
      <span className="watch-state" data-testid="watch-state">
        {overview.isWatching ? `◉ WATCHING ${overview.watchPatterns.join(', ') || 'configured ports'}` : '○ NOT WATCHING'}
      </span>
      <button
        type="button"
        className={overview.isWatching ? 'button button-large' : 'button button-primary button-large'}
        data-testid="watch-toggle"
        disabled={isBusy}
        onClick={() => void toggle()}
      >
        {overview.isWatching ? '■ Stop watching' : '▶ Start watching'}
      </button>
      <ErrorNotice error={start.error ?? stop.error} testId="watch-error" />
    </div>
  );
}
