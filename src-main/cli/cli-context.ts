import type { Command } from 'commander';
import { resolveDataDir } from '../core/config/data-dir';
import { KeytarSecretStore } from '../core/keychain/keytar-secret-store';
import type { SecretStore } from '../core/keychain/secret-store';

/** What every `station` command gets: the data directory, output format and the OS keychain. */
export interface CliContext {
  dataDir: string;
  json: boolean;
  secretStore: SecretStore;
}

let secretStore: SecretStore | null = null;

/** Reads the global options (--data-dir, --json) off the root program at the moment a command runs. */
export function contextFrom(program: Command): () => CliContext {
  return () => {
    const options = program.opts<{ dataDir?: string; json?: boolean }>();
    secretStore ??= new KeytarSecretStore();
    return { dataDir: resolveDataDir(options.dataDir), json: options.json === true, secretStore };
  };
}
