import { useCallback, useEffect, useState } from 'react';
import type { ContractError } from '../../src-main/contract/contract-result';
import type { ContractInput, ContractName, ContractOutput } from '../../src-main/contract/station-contract';
import { useStationClient } from './station-client-context';
import { transportError } from './transport-error';

export interface ContractQuery<Value> {
  value: Value | null;
  error: ContractError | null;
  isLoading: boolean;
  reload: () => void;
  /** Replace the value locally (e.g. with what a save returned). */
  setValue: (value: Value) => void;
  /** Update the loaded value from its latest state (ignored before the first load). */
  updateValue: (update: (current: Value) => Value) => void;
}

/** Calls `name` on mount and whenever `input` changes (compared as JSON). */
export function useContractQuery<Name extends ContractName>(
  name: Name,
  input: ContractInput<Name>,
): ContractQuery<ContractOutput<Name>> {
  const client = useStationClient();
  const [value, setValue] = useState<ContractOutput<Name> | null>(null);
  const [error, setError] = useState<ContractError | null>(null);
  const [isLoading, setIsLoading] = useState(true);
  const [generation, setGeneration] = useState(0);
  const inputKey = JSON.stringify(input);

  useEffect(() => {
    let isCurrent = true;
    setIsLoading(true);
    const parsedInput = JSON.parse(inputKey) as ContractInput<Name>;
    client
      .invoke(name, parsedInput)
      .then((result) => {
        if (!isCurrent) return;
        if (result.ok) {
          setValue(result.value);
          setError(null);
        } else {
          setError(result.error);
        }
      })
      .catch((cause: unknown) => {
        if (isCurrent) setError(transportError(cause));
      })
      .finally(() => {
        if (isCurrent) setIsLoading(false);
      });
    return () => {
      isCurrent = false;
    };
  }, [client, name, inputKey, generation]);

  const reload = useCallback(() => setGeneration((current) => current + 1), []);
  const updateValue = useCallback(
    (update: (current: ContractOutput<Name>) => ContractOutput<Name>) =>
      setValue((current) => (current === null ? current : update(current))),
    [],
  );
  return { value, error, isLoading, reload, setValue, updateValue };
}
