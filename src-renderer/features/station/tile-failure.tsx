import type { PortTile } from '../../../src-main/contract/contract-types';
import { useContractAction } from '../../client/use-contract-action';
import { ErrorNotice } from '../../shared/error-notice';

/** A failed tile's reason, what to do, and Retry (provisions the port again). */
export function TileFailure({ tile }: { tile: PortTile }) {
  const retry = useContractAction('station-retry-port');
  if (!tile.error) return null;
  return (
    <div className="tile-failure">
      <p className="tile-error-message" data-testid="tile-error-message">
        {tile.error.message}
      </p>
      {tile.error.hint && (
        <p className="tile-error-hint" data-testid="tile-error-hint">
          → {tile.error.hint}
        </p>
      )}
      <button
        type="button"
        className="button button-primary button-large"
        data-testid="tile-retry"
        disabled={retry.isBusy}
        onClick={() => void retry.run({ port: tile.port })}
      >
        ↻ Retry
      </button>
      <ErrorNotice error={retry.error} testId="tile-retry-error" />
    </div>
  );
}
