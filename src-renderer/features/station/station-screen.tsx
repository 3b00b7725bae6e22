import { ErrorNotice } from '../../shared/error-notice';
import { PortTile } from './port-tile';
import { ShiftCountersBar } from './shift-counters-bar';
import { useStationOverview } from './use-station-overview';
import { WatchControls } from './watch-controls';

/** The line view: counters, watching, and one tile per port. */
export function StationScreen() {
  const overview = useStationOverview();
  const value = overview.value;
  return (
    <section className="screen" data-testid="screen-station" aria-label="Station">
      <ErrorNotice error={overview.error} />
      {value && (
        <>
          <div className="station-bar">
            <ShiftCountersBar counters={value.counters} />
            <WatchControls overview={value} onChange={overview.setValue} />
          </div>
          <p className="traceability" data-testid="traceability">
            Operator: {value.operator ?? '—'} · Work order: {value.workOrder ?? '—'}
          </p>
          {value.tiles.length === 0 ? (
            <p className="empty" data-testid="no-tiles">
              No boards yet. Start watching, then plug a board in.
            </p>
          ) : (
            <div className="tiles" data-testid="tiles">
              {value.tiles.map((tile) => (
                <PortTile key={tile.port} tile={tile} />
              ))}
            </div>
          )}
        </>
      )}
    </section>
  );
}
