import { useCallback, useState } from 'react';
import type { ContractError } from '../../src-main/contract/contract-result';
import type { ContractInput, ContractName, ContractResponse } from '../../src-main/contract/station-contract';
import { useStationClient } from './station-client-context';
import { transportError } from './transport-error';

export interface ContractAction<Name extends ContractName> {
  run: (input: ContractInput<Name>) => Promise<ContractResponse<Name>>;
  isBusy: boolean;
  error: ContractError | null;
  clearError: () => void;
}

/** A button's call: tracks busy state and the last error; never rejects. */
export function useContractAction<Name extends ContractName>(name: Name): ContractAction<Name> {
  const client = useStationClient();
  const [isBusy, setIsBusy] = useState(false);
  const [error, setError] = useState<ContractError | null>(null);

  const run = useCallback(
    async (input: ContractInput<Name>): Promise<ContractResponse<Name>> => {
      setIsBusy(true);
      try {
        const result = await client.invoke(name, input);
        setError(result.ok ? null : result.error);
        return result;
      } catch (cause) {
        const shaped = transportError(cause);
        setError(shaped);
        return { ok: false, error: shaped };
      } finally {
        setIsBusy(false);
      }
    },
    [client, name],
  );
  const clearError = useCallback(() => setError(null), []);
  return { run, isBusy, error, clearError };
}
