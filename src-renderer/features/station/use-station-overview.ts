import { useEffect } from 'react';
import type { PortTile, StationOverview } from '../../../src-main/contract/contract-types';
import { useStationClient } from '../../client/station-client-context';
import { useContractQuery, type ContractQuery } from '../../client/use-contract-query';

/** Replaces the tile for the same port (or adds a new one), keeping tiles sorted by port. */
export function mergeTile(tiles: PortTile[], tile: PortTile): PortTile[] {
  const index = tiles.findIndex((existing) => existing.port === tile.port);
  if (index === -1) return [...tiles, tile].sort((a, b) => a.port.localeCompare(b.port));
  return tiles.map((existing, position) => (position === index ? tile : existing));
}

/** The station overview, kept live by `tile-changed` and `counters-changed` events. */
export function useStationOverview(): ContractQuery<StationOverview> {
  const client = useStationClient();
  const query = useContractQuery('station-overview', {});
  const { updateValue } = query;

  useEffect(() => {
    const offTile = client.on('tile-changed', (tile) => {
      updateValue((current) => ({ ...current, tiles: mergeTile(current.tiles, tile) }));
    });
    const offCounters = client.on('counters-changed', (counters) => {
      updateValue((current) => ({ ...current, counters }));
    });
    return () => {
      offTile();
      offCounters();
    };
  }, [client, updateValue]);

  return query;
}
