import type { SecretStore } from '../../../../src-main/core/keychain/secret-store';

/** An in-memory SecretStore for pure unit tests (integration tests use the real OS keychain). */
export class MemorySecretStore implements SecretStore {
  readonly description = 'memory (unit tests)';
  readonly secrets = new Map<string, string>();

  async get(account: string): Promise<string | null> {
    return this.secrets.get(account) ?? null;
  }

  async set(account: string, secret: string): Promise<void> {
    this.secrets.set(account, secret);
  }

  async delete(account: string): Promise<boolean> {
    return this.secrets.delete(account);
  }

  async checkAvailable(): Promise<void> {}
}
