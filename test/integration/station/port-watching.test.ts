import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PortTile } from '../../../src-main/core/station/station-core-api';
import { createStationFixture, type StationFixture } from './station-fixture';

// Hot-plug on real ptys: the core watches a glob, picks up boards as their ports appear, fails a run
// cleanly when its board disappears, and provisions again when a board comes back on the same path.
describe('watching ports', () => {
  let station: StationFixture;
  beforeEach(async () => {
    station = await createStationFixture({ withRegistry: false });
  });
  afterEach(async () => {
    await station.dispose();
  });

  function waitForTile(predicate: (tile: PortTile) => boolean): Promise<PortTile> {
    return new Promise((resolve) => {
      const unsubscribe = station.core.subscribe({
        onTileChanged: (tile) => {
          if (predicate(tile)) {
            unsubscribe();
            resolve(tile);
          }
        },
      });
    });
  }

  it('provisions a board that is plugged in, fails one that vanishes mid-run, and reuses the port when it returns', async () => {
    await station.core.startWatching([`${station.ptyDir}/*-station`]);

    const firstDone = waitForTile((tile) => tile.boardSerial === 'SN-HP-0001' && tile.state === 'succeeded');
    await station.startBoard({ serial: 'SN-HP-0001', slots: 1, name: 'left' });
    const first = await firstDone;
    expect(first.port.endsWith('left-station')).toBe(true);
    expect(first.enrollment).toBe('pending');

    const vanished = waitForTile((tile) => tile.boardSerial === 'SN-HP-0002' && tile.state === 'failed');
    await station.startBoard({ serial: 'SN-HP-0002', slots: 2, name: 'right', vanishAtStep: 'PUT' });
    const failed = await vanished;
    expect(failed.error?.code).toBe('board-disconnected');
    expect(failed.error?.step).toBe('install');

    const returned = waitForTile((tile) => tile.boardSerial === 'SN-HP-0003' && tile.state === 'succeeded');
    await station.startBoard({ serial: 'SN-HP-0003', slots: 2, name: 'right' });
    const again = await returned;
    expect(again.port).toBe(failed.port);

    const overview = await station.core.stopWatching();
    expect(overview.isWatching).toBe(false);
    expect(overview.counters.provisioned).toBe(2);
    expect(overview.counters.failed).toBe(1);
  });
});
