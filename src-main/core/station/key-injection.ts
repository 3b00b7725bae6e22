import { generateKeyPairSync } from 'node:crypto';

/**
 * A P-256 key pair made by the station for a board that cannot make its own (inject mode).
 * The PKCS#8 bytes exist only inside `withPrivateKey`: they are handed to the caller once (to send to the
 * board) and zeroed afterwards, so the station keeps no copy.
 */
export interface InjectedKey {
  /** 65-byte uncompressed P-256 point. */
  publicPoint: Uint8Array;
  withPrivateKey<T>(use: (pkcs8Der: Uint8Array) => Promise<T>): Promise<T>;
}

export function createInjectedKey(): InjectedKey {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const spki = publicKey.export({ format: 'der', type: 'spki' });
  // A P-256 SubjectPublicKeyInfo ends with the 65-byte uncompressed point.
  const publicPoint = new Uint8Array(spki.subarray(spki.length - 65));
  let isUsed = false;
  return {
    publicPoint,
    async withPrivateKey(use) {
      if (isUsed) throw new Error('An injected key is sent once only.');
      isUsed = true;
      const pkcs8 = privateKey.export({ format: 'der', type: 'pkcs8' });
      try {
        return await use(pkcs8);
      } finally {
        pkcs8.fill(0);
      }
    },
  };
}
