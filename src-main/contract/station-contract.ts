import type { z } from 'zod';
import { combineHandlerMaps } from './contract-handler';
import type { ContractResult } from './contract-result';
import { caHandlers } from './handlers/ca-handlers';
import { enrollmentHandlers } from './handlers/enrollment-handlers';
import { ledgerHandlers } from './handlers/ledger-handlers';
import { settingsHandlers } from './handlers/settings-handlers';
import { stationHandlers } from './handlers/station-handlers';

/**
 * The whole contract: every `'domain-verb'` the app (IPC) and the host (WebSocket) answer.
 * Combining throws if a name appears in two domain maps.
 */
export const stationContract = combineHandlerMaps(
  stationHandlers,
  caHandlers,
  settingsHandlers,
  ledgerHandlers,
  enrollmentHandlers,
);

export type StationContract = typeof stationContract;
export type ContractName = keyof StationContract & string;
/** What the caller passes (before zod defaults/trimming). */
export type ContractInput<Name extends ContractName> = z.input<StationContract[Name]['input']>;
export type ContractOutput<Name extends ContractName> = Awaited<ReturnType<StationContract[Name]['run']>>;
export type ContractResponse<Name extends ContractName> = ContractResult<ContractOutput<Name>>;
