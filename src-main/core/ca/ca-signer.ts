import { createHash, createPublicKey, verify } from 'node:crypto';
import { StationError } from '../errors';
import { ecdsaRawToDer } from './certificate-template';
import { DerTag, derBitStringBytes, derBytes, derChild, readDer } from './der-reader';
import { decodeCertificates } from './pem-codec';
import { x509 } from './x509-runtime';

/**
 * What the issuing pipeline needs from the line CA: its name and key identifier, its validity, and a
 * way to sign. The private key stays inside `sign` (a non-extractable CryptoKey when loaded from the
 * keychain) and is never exposed.
 */
export interface CaSigner {
  /** The CA certificate's subject, byte for byte: the issuer of everything it signs. */
  readonly issuerNameDer: Uint8Array;
  /** The CA's subjectKeyIdentifier (the AKI of issued certificates). */
  readonly subjectKeyIdentifier: Uint8Array;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly certificateDer: Uint8Array;
  /** The CA certificate then its issuers, PEM. */
  readonly chainPem: string;
  /** ecdsa-with-SHA256 over `data`; resolves to the DER ECDSA-Sig-Value. */
  sign(data: Uint8Array): Promise<Uint8Array>;
}

const ECDSA_SHA256 = { name: 'ECDSA', hash: 'SHA-256' } as const;

/**
 * Builds a signer from a P-256 signing key and the CA chain (CA certificate first).
 * Failure: `ca-chain-invalid` when the chain holds no certificate; `ca-key-mismatch` when the key does
 * not belong to the CA certificate (checked with a probe signature, so a non-extractable key works).
 */
export async function createCaSigner(privateKey: CryptoKey, chainPem: string, subtle: SubtleCrypto = globalThis.crypto.subtle): Promise<CaSigner> {
  const certificateDer = decodeCertificates(chainPem)[0];
  if (!certificateDer) {
    throw new StationError('ca-chain-invalid', 'The CA chain file holds no certificate.', {
      hint: 'Re-install the CA certificate with `station ca install-cert` or `station ca import`.',
    });
  }
  const certificate = new x509.X509Certificate(certificateDer);
  const tbs = derChild(readDer(certificateDer), 0, DerTag.sequence, 'tbsCertificate');
  const issuerNameDer = derBytes(derChild(tbs, 5, DerTag.sequence, 'subject')).slice();
  const spki = derChild(tbs, 6, DerTag.sequence, 'subjectPublicKeyInfo');
  const ski = certificate.getExtension(x509.SubjectKeyIdentifierExtension);
  const subjectKeyIdentifier = ski
    ? new Uint8Array(Buffer.from(ski.keyId, 'hex'))
    : new Uint8Array(createHash('sha1').update(derBitStringBytes(derChild(spki, 1, DerTag.bitString, 'key'), 'key')).digest());

  const sign = async (data: Uint8Array): Promise<Uint8Array> =>
    ecdsaRawToDer(new Uint8Array(await subtle.sign(ECDSA_SHA256, privateKey, new Uint8Array(data))));

  const probe = new TextEncoder().encode('line-ca key probe');
  const probeSignature = await sign(probe);
  const certificateKey = createPublicKey({ key: Buffer.from(derBytes(spki)), format: 'der', type: 'spki' });
  if (!verify('sha256', probe, { key: certificateKey, dsaEncoding: 'der' }, probeSignature)) {
    throw new StationError('ca-key-mismatch', 'The CA key in the keychain does not belong to the CA certificate.', {
      hint: 'Import the matching key and certificate together with `station ca import`.',
    });
  }
  return {
    issuerNameDer,
    subjectKeyIdentifier,
    notBefore: certificate.notBefore,
    notAfter: certificate.notAfter,
    certificateDer: certificateDer.slice(),
    chainPem,
    sign,
  };
}
