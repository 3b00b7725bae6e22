import { dataDirPaths } from '../../core/config/data-dir';
import type { CredentialRecorder } from '../../core/ca/credential-recorder';
import type { SecretStore } from '../../core/keychain/secret-store';
import { Ledger } from '../../core/ledger/ledger';

/**
 * What the `ca`, `csr` commands need from the CLI. `openLedger` defaults to the SQLite ledger in the
 * data directory; tests and the app may pass their own.
 */
export interface CaCommandContext {
  dataDir: string;
  json: boolean;
  secretStore: SecretStore;
  openLedger?: () => CredentialRecorder & { close(): void };
}

export function openRecorder(context: CaCommandContext): CredentialRecorder & { close(): void } {
  return context.openLedger ? context.openLedger() : Ledger.open(dataDirPaths(context.dataDir).ledger);
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}
