import { x509 } from './x509-runtime';

/**
 * Builds the line CA's own certificate and its CSR with @peculiar/x509 (rare, not on the hot path).
 * CA profile: P-256, basicConstraints CA:TRUE pathlen 0 (critical), keyUsage keyCertSign + cRLSign
 * (critical), subjectKeyIdentifier.
 */
const ECDSA_P256 = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const ECDSA_SHA256 = { name: 'ECDSA', hash: 'SHA-256' } as const;

/** A fresh P-256 pair; extractable once so its PKCS#8 can be written to the keychain. */
export async function generateCaKeyPair(): Promise<CryptoKeyPair> {
  return globalThis.crypto.subtle.generateKey(ECDSA_P256, true, ['sign', 'verify']);
}

async function caExtensions(publicKey: CryptoKey): Promise<x509.Extension[]> {
  return [
    new x509.BasicConstraintsExtension(true, 0, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
    await x509.SubjectKeyIdentifierExtension.create(publicKey, false, globalThis.crypto),
  ];
}

export interface SelfSignedCaParams {
  keys: CryptoKeyPair;
  subject: string;
  notBefore: Date;
  notAfter: Date;
  /** 16 random bytes; made positive here. */
  serialBytes: Uint8Array;
}

export async function createSelfSignedCaCertificate(params: SelfSignedCaParams): Promise<x509.X509Certificate> {
  return x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: positiveSerialHex(params.serialBytes),
      name: params.subject,
      notBefore: params.notBefore,
      notAfter: params.notAfter,
      signingAlgorithm: ECDSA_SHA256,
      keys: params.keys,
      extensions: await caExtensions(params.keys.publicKey),
    },
    globalThis.crypto,
  );
}

/** A PKCS#10 request for an offline root, asking for the CA extensions above. */
export async function createCaCsr(keys: CryptoKeyPair, subject: string): Promise<x509.Pkcs10CertificateRequest> {
  return x509.Pkcs10CertificateRequestGenerator.create(
    { name: subject, keys, signingAlgorithm: ECDSA_SHA256, extensions: await caExtensions(keys.publicKey) },
    globalThis.crypto,
  );
}

function positiveSerialHex(bytes: Uint8Array): string {
  const copy = bytes.slice(0, 16);
  copy[0] = ((copy[0] ?? 0) & 0x7f) | 0x40;
  return Buffer.from(copy).toString('hex');
}
