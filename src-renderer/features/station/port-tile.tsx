import type { PortTile as PortTileData } from '../../../src-main/contract/contract-types';
import { StepList } from './step-list';
import { TileElapsed } from './tile-elapsed';
import { TileFailure } from './tile-failure';
import { TILE_STATUS_LABELS } from './tile-status';

/** The last path segment (ttyACM0, COM3): what the operator reads on the hub's label. */
function portLabel(port: string): string {
  return port.split(/[\\/]/).filter((part) => part !== '').pop() ?? port;
}

/** One port: board, live step, elapsed time and the result in words. */
export function PortTile({ tile }: { tile: PortTileData }) {
  return (
    <article className={`tile tile-${tile.state}`} data-testid="port-tile" data-port={tile.port} data-state={tile.state}>
      <header className="tile-header">
        <span className="tile-port" title={tile.port}>
          {portLabel(tile.port)}
        </span>
        <span className="tile-status" data-testid="tile-status">
          {TILE_STATUS_LABELS[tile.state]}
        </span>
      </header>
      <div className="tile-serial" data-testid="tile-serial">
        {tile.boardSerial ?? 'no board'}
        {tile.model && <span className="tile-model"> · {tile.model}</span>}
      </div>
      <div className="tile-meta">
        <TileElapsed tile={tile} />
        {tile.currentStep && tile.state === 'working' && (
          <span className="tile-current-step" data-testid="tile-current-step">
            ▶ {tile.currentStep}
          </span>
        )}
        {tile.enrollment && <span className="tile-enrollment">registry: {tile.enrollment}</span>}
      </div>
      <StepList tile={tile} />
      {tile.state === 'failed' && <TileFailure tile={tile} />}
      {tile.thumbprint && tile.state === 'succeeded' && (
        <div className="tile-thumbprint" title={tile.thumbprint}>
          cert {tile.thumbprint.slice(0, 16)}…
        </div>
      )}
    </article>
  );
}
