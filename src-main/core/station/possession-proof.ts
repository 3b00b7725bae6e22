import { X509Certificate, randomBytes, verify } from 'node:crypto';

/** A fresh random nonce for SIGN (32 bytes). */
export function freshNonce(random: (size: number) => Uint8Array = randomBytes): Uint8Array {
  return random(32);
}

/**
 * True when `signatureDer` is the ECDSA signature over SHA-256(nonce) by the key the certificate carries:
 * the proof that the board holds the certified key. A malformed signature is simply not a proof.
 */
export function isSignedByCertifiedKey(certificateDer: Uint8Array, nonce: Uint8Array, signatureDer: Uint8Array): boolean {
  const certificate = new X509Certificate(Buffer.from(certificateDer));
  try {
    return verify('sha256', nonce, { key: certificate.publicKey, dsaEncoding: 'der' }, signatureDer);
  } catch {
    return false;
  }
}
