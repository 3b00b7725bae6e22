import { randomUUID } from 'node:crypto';
import { KeytarSecretStore } from '../../../../src-main/core/keychain/keytar-secret-store';
import { caKeyAccount } from '../../../../src-main/core/keychain/secret-store';

/** The real OS keychain, and a fresh station id whose CA account the test deletes afterwards. */
export function realKeychain(): { store: KeytarSecretStore; stationId: string; cleanup: () => Promise<void> } {
  const store = new KeytarSecretStore();
  const stationId = `test-${randomUUID()}`;
  return { store, stationId, cleanup: async () => void (await store.delete(caKeyAccount(stationId))) };
}
