import { createHash } from 'node:crypto';
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';

/** A self-signed P-256 test certificate as the station would hold it: PEM plus SHA-256 of the DER. */
export interface TestCertificate {
  pem: string;
  der: Buffer;
  thumbprint: string;
}

let serialCounter = 1;

export async function makeTestCertificate(commonName: string): Promise<TestCertificate> {
  const crypto = globalThis.crypto;
  const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = await crypto.subtle.generateKey(algorithm, false, ['sign', 'verify']);
  serialCounter += 1;
  const certificate = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: serialCounter.toString(16).padStart(2, '0'),
      name: `CN=${commonName}`,
      notBefore: new Date('2026-01-01T00:00:00Z'),
      notAfter: new Date('2027-01-01T00:00:00Z'),
      keys,
      signingAlgorithm: algorithm,
    },
    crypto,
  );
  const der = Buffer.from(certificate.rawData);
  return { pem: certificate.toString('pem'), der, thumbprint: createHash('sha256').update(der).digest('hex') };
}
