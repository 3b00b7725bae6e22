import type { ContractEventName, ContractEvents } from './contract-events';
import type { ContractInput, ContractName, ContractResponse } from './station-contract';

/**
 * The one interface the renderer talks to. It is implemented by the preload (`window.station`, IPC)
 * and by the WebSocket client (host mode); the renderer never knows which.
 *
 * - `invoke` never rejects for a station error: it resolves to `{ok:false, error}`. It rejects only
 *   when the transport itself is gone (closed socket).
 * - `on` returns a function that removes the listener.
 */
export interface StationClient {
  invoke<Name extends ContractName>(name: Name, input: ContractInput<Name>): Promise<ContractResponse<Name>>;
  on<Event extends ContractEventName>(event: Event, listener: (payload: ContractEvents[Event]) => void): () => void;
}
