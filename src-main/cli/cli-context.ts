import fs from 'node:fs';
import type { Command } from 'commander';
import { dataDirPaths, resolveDataDir } from '../core/config/data-dir';
import { KeytarSecretStore } from '../core/keychain/keytar-secret-store';
import type { SecretStore } from '../core/keychain/secret-store';
import { Ledger } from '../core/ledger/ledger';

/** What every `station` command gets: the data directory, output format and the OS keychain. */
export interface CliContext {
  dataDir: string;
  json: boolean;
  secretStore: SecretStore;
  /** Opens the data directory's ledger; the caller closes it. */
  openLedger: () => Ledger;
}

let secretStore: SecretStore | null = null;

/** Reads the global options (--data-dir, --json) off the root program at the moment a command runs. */
export function contextFrom(program: Command): () => CliContext {
  return () => {
    const options = program.opts<{ dataDir?: string; json?: boolean }>();
    secretStore ??= new KeytarSecretStore();
    const dataDir = resolveDataDir(options.dataDir);
    return {
      dataDir,
      json: options.json === true,
      secretStore,
      openLedger: () => {
        fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
        return Ledger.open(dataDirPaths(dataDir).ledger);
      },
    };
  };
}
