import type { StationConfig } from '../config/station-config';
import { StationError } from '../errors';
import { registrySecretAccount, type SecretStore } from '../keychain/secret-store';
import { RegistryClient } from './registry-client';

const CONFIGURE_HINT =
  'Run `station registry configure --url URL --fleet FL… --api-key SK… --secret-stdin` (or `station registry emulate` for a local registry).';

/**
 * Builds the registry client from the station settings (URL, API key SID) and the OS keychain
 * (API key secret under registrySecretAccount(stationId)).
 *
 * Fails with `registry-not-configured` (hint: the configure command) when the URL, the API key SID or
 * the secret is missing; with `keychain-unavailable` when the keychain cannot be read.
 */
export async function loadRegistryClient(
  config: StationConfig,
  secretStore: SecretStore,
  options: { timeoutMs?: number } = {},
): Promise<RegistryClient> {
  const { url, apiKeySid } = config.registry;
  const missing: string[] = [];
  if (!url) missing.push('URL');
  if (!apiKeySid) missing.push('API key SID');
  const secret = await secretStore.get(registrySecretAccount(config.stationId));
  if (!secret) missing.push('API key secret (keychain)');
  if (!url || !apiKeySid || !secret) {
    throw new StationError('registry-not-configured', `The device registry is not configured: no ${missing.join(', no ')}.`, {
      hint: CONFIGURE_HINT,
      details: { missing: missing.join(', ') },
    });
  }
  return new RegistryClient({ baseUrl: url, apiKeySid, apiKeySecret: secret, timeoutMs: options.timeoutMs });
}

/** The fleet (and deployment) enrollment uses; `registry-not-configured` when no fleet is set. */
export function requireEnrollmentSettings(config: StationConfig): { fleetSid: string; deploymentSid: string | null } {
  const { fleetSid, deploymentSid } = config.registry;
  if (!fleetSid) {
    throw new StationError('registry-not-configured', 'The device registry is not configured: no fleet SID.', {
      hint: CONFIGURE_HINT,
      details: { missing: 'fleet SID' },
    });
  }
  return { fleetSid, deploymentSid };
}
