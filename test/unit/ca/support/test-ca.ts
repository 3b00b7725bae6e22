import { createCaCsr, createSelfSignedCaCertificate, generateCaKeyPair } from '../../../../src-main/core/ca/ca-certificate-factory';
import { createCaSigner, type CaSigner } from '../../../../src-main/core/ca/ca-signer';
import type { CredentialRecorder } from '../../../../src-main/core/ca/credential-recorder';
import type { NewCredential } from '../../../../src-main/core/ledger/ledger-types';

export const CA_NOT_BEFORE = new Date('2026-01-01T00:00:00Z');
export const CA_NOT_AFTER = new Date('2036-01-01T00:00:00Z');

/** A self-signed test CA with fixed dates, and its signer. */
export async function makeTestCa(subject = 'CN=Test Line CA, O=Acme Sensors'): Promise<{ signer: CaSigner; chainPem: string; keys: CryptoKeyPair }> {
  const keys = await generateCaKeyPair();
  const certificate = await createSelfSignedCaCertificate({
    keys,
    subject,
    notBefore: CA_NOT_BEFORE,
    notAfter: CA_NOT_AFTER,
    serialBytes: new Uint8Array(16).fill(7),
  });
  const chainPem = certificate.toString('pem') + '\n';
  return { signer: await createCaSigner(keys.privateKey, chainPem), chainPem, keys };
}

export { createCaCsr };

/** An in-memory recorder that keeps what the pipeline recorded, in order. */
export class MemoryRecorder implements CredentialRecorder {
  readonly records: NewCredential[] = [];

  findCredentialsByPublicKeyHash(publicKeyHash: string): { boardSerial: string }[] {
    return this.records.filter((record) => record.publicKeyHash === publicKeyHash);
  }

  recordCredential(credential: NewCredential): { id: number } {
    this.records.push(credential);
    return { id: this.records.length };
  }
}

/** A deterministic "random" source: counts up from `start`. */
export function countingRandom(start = 0x80): (length: number) => Uint8Array {
  let next = start;
  return (length) => Uint8Array.from({ length }, () => (next++) & 0xff);
}
