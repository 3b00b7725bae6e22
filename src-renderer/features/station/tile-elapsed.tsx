import type { PortTile } from '../../../src-main/contract/contract-types';
import { formatElapsed } from '../../shared/format-time';
import { useNow } from '../../shared/use-now';

/** Time since the run started, ticking while it works and frozen at its end. */
export function TileElapsed({ tile }: { tile: PortTile }) {
  const now = useNow(tile.state === 'working');
  if (!tile.startedAt) return <span className="tile-elapsed">—</span>;
  const end = tile.finishedAt ? Date.parse(tile.finishedAt) : now;
  return (
    <span className="tile-elapsed" data-testid="tile-elapsed">
      ◷ {formatElapsed(tile.startedAt, end)}
    </span>
  );
}
