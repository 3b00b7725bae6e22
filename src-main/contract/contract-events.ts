import type { PortTile, ShiftCounters, StationCoreApi } from '../core/station/station-core-api';

/** Events pushed from the core to every client (IPC: webContents.send; WebSocket: an `event` message). */
export interface ContractEvents {
  'tile-changed': PortTile;
  'counters-changed': ShiftCounters;
}

export type ContractEventName = keyof ContractEvents;

export const CONTRACT_EVENT_NAMES = ['tile-changed', 'counters-changed'] as const satisfies readonly ContractEventName[];

export type ContractEventEmitter = <Event extends ContractEventName>(event: Event, payload: ContractEvents[Event]) => void;

/** Forwards the core's events under their contract names. Returns the unsubscribe function. */
export function forwardCoreEvents(core: StationCoreApi, emit: ContractEventEmitter): () => void {
  return core.subscribe({
    onTileChanged: (tile) => emit('tile-changed', tile),
    onCountersChanged: (counters) => emit('counters-changed', counters),
  });
}
