/**
 * Where the station keeps its secrets: the line CA's private key (PKCS#8) and the registry API secret.
 *
 * Contract for every implementation:
 * - `get` resolves to `null` when no secret is stored under the account; it never throws for "absent".
 * - When the backing store cannot be reached (no Secret Service on D-Bus, locked keychain), every method
 *   rejects with a StationError whose code is `keychain-unavailable` and whose hint names what to install
 *   or start. There is no fallback to a file.
 * - Secrets never appear in an error message or log line.
 */
export interface SecretStore {
  /** A human-readable name of the backing store, for `station ca show` ("OS keychain (libsecret)"). */
  readonly description: string;
  get(account: string): Promise<string | null>;
  set(account: string, secret: string): Promise<void>;
  /** Resolves to true when something was deleted. */
  delete(account: string): Promise<boolean>;
  /** Resolves when the store answers; rejects with `keychain-unavailable` otherwise. */
  checkAvailable(): Promise<void>;
}

/** The keychain "service" under which all station secrets live; the account names the secret. */
export const STATION_KEYCHAIN_SERVICE = 'provisioning-station';

/** Account names. Each data directory gets its own namespace so that two test runs never collide. */
export function caKeyAccount(namespace: string): string {
  return `line-ca-key:${namespace}`;
}

export function registrySecretAccount(namespace: string): string {
  return `registry-api-secret:${namespace}`;
}
