import type { ContractError } from '../../src-main/contract/contract-result';

/** A lost connection shown like any other station error. */
export function transportError(cause: unknown): ContractError {
  return {
    code: 'connection-lost',
    message: cause instanceof Error ? cause.message : 'The connection to the station was lost.',
    hint: 'Reload the page; if that fails, restart the station.',
  };
}
