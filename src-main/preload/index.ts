import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { ContractEventName, ContractEvents } from '../contract/contract-events';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } from '../contract/ipc-channels';
import type { ContractInput, ContractName, ContractResponse } from '../contract/station-contract';
import type { StationClient } from '../contract/station-client';

/**
 * Exposes exactly one object, `window.station`, and never ipcRenderer itself. Events are filtered by
 * name so a listener only ever sees its own event's payload.
 */
const station = {
  invoke<Name extends ContractName>(name: Name, input: ContractInput<Name>): Promise<ContractResponse<Name>> {
    return ipcRenderer.invoke(IPC_INVOKE_CHANNEL, name, input);
  },
  on<Event extends ContractEventName>(event: Event, listener: (payload: ContractEvents[Event]) => void): () => void {
    const forward = (_event: IpcRendererEvent, name: unknown, payload: ContractEvents[Event]): void => {
      if (name === event) listener(payload);
    };
    ipcRenderer.on(IPC_EVENT_CHANNEL, forward);
    return () => {
      ipcRenderer.removeListener(IPC_EVENT_CHANNEL, forward);
    };
  },
} satisfies StationClient;

contextBridge.exposeInMainWorld('station', station);
