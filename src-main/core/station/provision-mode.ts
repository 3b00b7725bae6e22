import { StationError } from '../errors';
import type { ProvisionMode } from './station-core-api';

/**
 * Checks a key mode that came from outside the core (contract, CLI, tests) before it is saved.
 * Failure: StationError 'invalid-input' naming the two choices; the rejected value is not echoed.
 */
export function parseProvisionMode(value: unknown): ProvisionMode {
  if (value === 'keygen' || value === 'inject') return value;
  throw new StationError('invalid-input', 'The key mode must be "keygen" or "inject".', {
    hint: 'Choose "Board makes its own key" (keygen) or "Station makes the key and injects it" (inject), then save again.',
  });
}
