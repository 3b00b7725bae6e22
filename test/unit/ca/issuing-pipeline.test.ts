import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CaSigner } from '../../../src-main/core/ca/ca-signer';
import { decodeCsrInput } from '../../../src-main/core/ca/csr-input-decoder';
import { CsrRejectedError } from '../../../src-main/core/ca/csr-rejected-error';
import { IssuingPipeline } from '../../../src-main/core/ca/issuing-pipeline';
import { x509 } from '../../../src-main/core/ca/x509-runtime';
import { StationError } from '../../../src-main/core/errors';
import { readCase } from './support/corpus';
import { CA_NOT_AFTER, MemoryRecorder, countingRandom, makeTestCa } from './support/test-ca';

const NOW = new Date('2026-06-01T12:00:00.250Z');
let signer: CaSigner;
let chainPem: string;

beforeAll(async () => {
  ({ signer, chainPem } = await makeTestCa());
});

function pipeline(recorder = new MemoryRecorder(), profile = {}, now = NOW): IssuingPipeline {
  return new IssuingPipeline({ signer, recorder, profile, clock: () => now, random: countingRandom() });
}

async function rejectionOf(promise: Promise<unknown>): Promise<CsrRejectedError> {
  const error: unknown = await promise.then(() => null, (caught: unknown) => caught);
  if (!(error instanceof CsrRejectedError)) throw new Error(`expected a CsrRejectedError, got ${String(error)}`);
  return error;
}

describe('IssuingPipeline', () => {
  it('issues a certificate with exactly the profile fields', async () => {
    const recorder = new MemoryRecorder();
    const issued = await pipeline(recorder).issue({ csr: readCase('ok-p256-pem.csr'), boardSerial: 'SN-D00001', slot: 0, runId: null });
    const certificate = new x509.X509Certificate(issued.certificateDer);
    const ca = new x509.X509Certificate(chainPem);

    expect(certificate.subject).toBe('CN=SN-D00001');
    expect(certificate.issuer).toBe(ca.subject);
    expect(certificate.notBefore.toISOString()).toBe('2026-06-01T11:55:00.000Z');
    expect(certificate.notAfter.toISOString()).toBe('2027-06-01T12:00:00.000Z');
    expect(certificate.signatureAlgorithm).toMatchObject({ name: 'ECDSA', hash: { name: 'SHA-256' } });
    expect(await certificate.verify({ publicKey: ca, signatureOnly: true })).toBe(true);

    // counting random source: 0x80..0x8f → positive 128-bit serial, DER adds a 00 sign octet
    expect(issued.serialNumber).toBe('00808182838485868788898a8b8c8d8e8f');
    expect(certificate.serialNumber.toLowerCase()).toBe(issued.serialNumber.replace(/^00/, ''));

    const basic = certificate.getExtension(x509.BasicConstraintsExtension);
    expect(basic?.ca).toBe(false);
    expect(basic?.critical).toBe(true);
    const usage = certificate.getExtension(x509.KeyUsagesExtension);
    expect(usage?.usages).toBe(x509.KeyUsageFlags.digitalSignature);
    expect(usage?.critical).toBe(true);
    const eku = certificate.getExtension(x509.ExtendedKeyUsageExtension);
    expect(eku?.usages).toEqual(['1.3.6.1.5.5.7.3.2']);
    expect(eku?.critical).toBe(false);
    const ski = certificate.getExtension(x509.SubjectKeyIdentifierExtension);
    const aki = certificate.getExtension(x509.AuthorityKeyIdentifierExtension);
    expect(aki?.keyId).toBe(ca.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId);
    expect(ski?.keyId).toHaveLength(40);
    expect(certificate.extensions).toHaveLength(5);

    expect(recorder.records).toHaveLength(1);
    const record = recorder.records[0];
    expect(record?.thumbprint).toBe(createHash('sha256').update(issued.certificateDer).digest('hex'));
    expect(record?.publicKeyHash).toBe(createHash('sha256').update(Buffer.from(certificate.publicKey.rawData)).digest('hex'));
    expect(record).toMatchObject({ boardSerial: 'SN-D00001', subject: 'CN=SN-D00001', keyOrigin: 'on-chip', slot: 0, enrollmentStatus: 'pending' });
    expect(issued.credentialId).toBe(1);
    expect(issued.chainPem).toBe(chainPem);
  });

  it('never copies CA:TRUE, keyCertSign or a SAN the CSR asks for', async () => {
    for (const file of ['ok-requests-ca.pem', 'ok-requests-san.pem']) {
      const issued = await pipeline().issue({ csr: readCase(file), boardSerial: 'SN-X' });
      const certificate = new x509.X509Certificate(issued.certificateDer);
      expect(certificate.getExtension(x509.BasicConstraintsExtension)?.ca).toBe(false);
      expect(certificate.getExtension(x509.KeyUsagesExtension)?.usages).toBe(x509.KeyUsageFlags.digitalSignature);
      expect(certificate.getExtension(x509.SubjectAlternativeNameExtension)).toBeNull();
    }
  });

  it('copies the requested SAN when the profile says copySubjectAltName', async () => {
    const issued = await pipeline(new MemoryRecorder(), { copySubjectAltName: true }).issue({ csr: readCase('ok-requests-san.pem'), boardSerial: 'SN-X' });
    const san = new x509.X509Certificate(issued.certificateDer).getExtension(x509.SubjectAlternativeNameExtension);
    expect(san?.names.items.length).toBeGreaterThan(0);
    expect(san?.names.items[0]?.type).toBe('dns');
  });

  it('applies the subject template, validity and backdate of the profile', async () => {
    const issued = await pipeline(new MemoryRecorder(), { subjectTemplate: 'CN={serial}, O=Acme Sensors, SERIALNUMBER={serial}', validityDays: 30, backdateSeconds: 0 }).issue({
      csr: readCase('ok-p256-der.csr'),
      boardSerial: 'SN-7',
    });
    expect(issued.subject).toBe('CN=SN-7, O=Acme Sensors, SERIALNUMBER=SN-7');
    const certificate = new x509.X509Certificate(issued.certificateDer);
    expect(certificate.subject).toBe('CN=SN-7, O=Acme Sensors, 2.5.4.5=SN-7');
    expect(certificate.notBefore.toISOString()).toBe('2026-06-01T12:00:00.000Z');
    expect(certificate.notAfter.toISOString()).toBe('2026-07-01T12:00:00.000Z');
  });

  it('clamps notAfter to the CA certificate and refuses once the CA expired', async () => {
    const late = new Date('2035-12-01T00:00:00Z');
    const issued = await pipeline(new MemoryRecorder(), {}, late).issue({ csr: readCase('ok-p256-der.csr'), boardSerial: 'SN-7' });
    expect(issued.notAfter).toBe(CA_NOT_AFTER.toISOString());
    const error: unknown = await pipeline(new MemoryRecorder(), {}, new Date('2036-02-01T00:00:00Z'))
      .issue({ csr: readCase('ok-p256-der.csr'), boardSerial: 'SN-7' })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StationError);
    expect(error).toMatchObject({ code: 'ca-expired' });
  });

  it('refuses a CSR for another key than the KEYGEN point (wrong-key), accepts the right one', async () => {
    const csr = decodeCsrInput(readCase('ok-p256-pem.csr'));
    const other = decodeCsrInput(readCase('ok-openssl.pem'));
    const otherPoint = other.publicKey;
    const error = await rejectionOf(pipeline().issue({ csr, boardSerial: 'SN-1', expectedPublicKey: otherPoint }));
    expect(error.reason).toBe('wrong-key');
    expect(error.message).toContain('another key');
    await expect(pipeline().issue({ csr, boardSerial: 'SN-1', expectedPublicKey: csr.publicKey })).resolves.toMatchObject({ subject: 'CN=SN-1' });
    await expect(pipeline().issue({ csr, boardSerial: 'SN-1', expectedPublicKey: csr.subjectPublicKeyInfo })).resolves.toMatchObject({ subject: 'CN=SN-1' });
  });

  it('refuses a key already certified for another board (duplicate-key), but re-issues for the same board', async () => {
    const recorder = new MemoryRecorder();
    const issuing = pipeline(recorder);
    await issuing.issue({ csr: readCase('ok-p256-pem.csr'), boardSerial: 'SN-A' });
    await expect(issuing.issue({ csr: readCase('ok-p256-pem.csr'), boardSerial: 'SN-A' })).resolves.toBeDefined();
    const error = await rejectionOf(issuing.issue({ csr: readCase('ok-p256-pem.csr'), boardSerial: 'SN-B' }));
    expect(error.reason).toBe('duplicate-key');
    expect(error.message).toContain('SN-A');
    expect(recorder.records).toHaveLength(2);
  });

  it('does not let two concurrent issues for one key and two boards both through', async () => {
    const recorder = new MemoryRecorder();
    const issuing = pipeline(recorder);
    const results = await Promise.allSettled([
      issuing.issue({ csr: readCase('ok-p256-pem.csr'), boardSerial: 'SN-A' }),
      issuing.issue({ csr: readCase('ok-p256-pem.csr'), boardSerial: 'SN-B' }),
    ]);
    expect(results.map((result) => result.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(recorder.records).toHaveLength(1);
  });

  it('returns no certificate when recording fails', async () => {
    const failing = new MemoryRecorder();
    failing.recordCredential = () => {
      throw new StationError('ledger-unavailable', 'disk gone');
    };
    await expect(pipeline(failing).issue({ csr: readCase('ok-p256-pem.csr'), boardSerial: 'SN-A' })).rejects.toMatchObject({ code: 'ledger-unavailable' });
  });

  it('rejects corpus failures with their reason before signing', async () => {
    const recorder = new MemoryRecorder();
    const error = await rejectionOf(pipeline(recorder).issue({ csr: readCase('bad-p384.pem'), boardSerial: 'SN-A' }));
    expect(error.reason).toBe('key-type');
    expect(recorder.records).toHaveLength(0);
  });

  it('refuses bad board serials and bad subject templates', async () => {
    await expect(pipeline().issue({ csr: readCase('ok-p256-pem.csr'), boardSerial: '' })).rejects.toMatchObject({ code: 'invalid-serial' });
    await expect(pipeline(new MemoryRecorder(), { subjectTemplate: 'XX={serial}' }).issue({ csr: readCase('ok-p256-pem.csr'), boardSerial: 'SN-1' })).rejects.toMatchObject({ code: 'profile-invalid' });
  });
});
