import type { ContractEventName, ContractEvents } from '../../src-main/contract/contract-events';
import type { ContractResult } from '../../src-main/contract/contract-result';
import type { StationClient } from '../../src-main/contract/station-client';
import type { ContractInput, ContractName, ContractResponse } from '../../src-main/contract/station-contract';
import { parseHostMessage, type InvokeMessage } from '../../src-main/contract/wire-messages';

type Listener = (payload: unknown) => void;

/**
 * StationClient over the host's WebSocket (/contract?token=…). Calls made before the socket opens are
 * queued. When the socket closes, pending calls reject and later calls reject at once (reload to reconnect).
 */
export function createWebSocketStationClient(socketUrl: string): StationClient {
  const socket = new WebSocket(socketUrl);
  const pending = new Map<number, (result: ContractResult<unknown>) => void>();
  const failPending = new Map<number, (error: Error) => void>();
  const listeners = new Map<string, Set<Listener>>();
  const queued: string[] = [];
  let nextId = 1;
  let isClosed = false;

  socket.addEventListener('open', () => {
    for (const frame of queued.splice(0)) socket.send(frame);
  });
  socket.addEventListener('close', () => {
    isClosed = true;
    const error = new Error('The connection to the station host closed. Reload the page.');
    for (const fail of failPending.values()) fail(error);
    pending.clear();
    failPending.clear();
  });
  socket.addEventListener('message', (event: MessageEvent<unknown>) => {
    if (typeof event.data !== 'string') return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(event.data);
    } catch {
      return;
    }
    const message = parseHostMessage(parsed);
    if (!message) return;
    if (message.kind === 'result') {
      const resolve = pending.get(message.id);
      pending.delete(message.id);
      failPending.delete(message.id);
      resolve?.(message.result);
      return;
    }
    for (const listener of listeners.get(message.event) ?? []) listener(message.payload);
  });

  return {
    invoke<Name extends ContractName>(name: Name, input: ContractInput<Name>): Promise<ContractResponse<Name>> {
      if (isClosed) return Promise.reject(new Error('The connection to the station host is closed. Reload the page.'));
      const id = nextId++;
      const frame = JSON.stringify({ kind: 'invoke', id, name, input } satisfies InvokeMessage);
      return new Promise<ContractResponse<Name>>((resolve, reject) => {
        // NOTE: the host answers with the handler's own result; the name pairs request and response types.
        pending.set(id, (result) => resolve(result as ContractResponse<Name>));
        failPending.set(id, reject);
        if (socket.readyState === WebSocket.OPEN) socket.send(frame);
        else queued.push(frame);
      });
    },
    on<Event extends ContractEventName>(event: Event, listener: (payload: ContractEvents[Event]) => void): () => void {
      const set = listeners.get(event) ?? new Set<Listener>();
      listeners.set(event, set);
      // NOTE: the host sends each event's payload exactly as ContractEvents declares it.
      const untyped = listener as Listener;
      set.add(untyped);
      return () => {
        set.delete(untyped);
      };
    },
  };
}
