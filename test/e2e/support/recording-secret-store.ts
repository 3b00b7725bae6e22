import type { SecretStore } from '../../../src-main/core/keychain/secret-store';

/**
 * Wraps the real keychain store and remembers every secret written through it (and which accounts),
 * so a test can look for them in places they must never appear, without knowing the account names.
 */
export class RecordingSecretStore implements SecretStore {
  readonly written = new Map<string, string>();
  readonly description: string;

  constructor(private readonly inner: SecretStore) {
    this.description = inner.description;
  }

  get(account: string): Promise<string | null> {
    return this.inner.get(account);
  }

  async set(account: string, secret: string): Promise<void> {
    this.written.set(account, secret);
    await this.inner.set(account, secret);
  }

  delete(account: string): Promise<boolean> {
    return this.inner.delete(account);
  }

  checkAvailable(): Promise<void> {
    return this.inner.checkAvailable();
  }

  /** Removes every secret this wrapper wrote (test clean-up). */
  async deleteWritten(): Promise<void> {
    for (const account of this.written.keys()) await this.inner.delete(account);
  }
}
