import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CsrRejectedError } from '../../../src-main/core/ca/csr-rejected-error';
import { decodeCsrInput } from '../../../src-main/core/ca/csr-input-decoder';
import { IssuingPipeline } from '../../../src-main/core/ca/issuing-pipeline';
import { LineCaService } from '../../../src-main/core/ca/line-ca-service';
import { x509 } from '../../../src-main/core/ca/x509-runtime';
import { dataDirPaths } from '../../../src-main/core/config/data-dir';
import { Ledger } from '../../../src-main/core/ledger/ledger';
import { NRF9160_CSR, loadManifest, readCase } from '../../unit/ca/support/corpus';
import { inspectWithPython, opensslVerify, writeFile } from './support/certificate-tools';
import { realKeychain } from './support/keychain';

const CA_TIME = new Date('2026-03-01T08:00:00Z');
const NOW = new Date('2026-06-01T12:00:00Z');
const keychain = realKeychain();
let dir: string;
let ledger: Ledger;
let pipeline: IssuingPipeline;
let caSki: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ca-issue-'));
  const ca = new LineCaService({ dataDir: dir, stationId: keychain.stationId, secretStore: keychain.store, clock: () => CA_TIME });
  await ca.initSelfSigned({ subject: 'CN=Line 3 CA, O=Acme Sensors', validityYears: 5 });
  const signer = await ca.loadSigner();
  caSki = Buffer.from(signer.subjectKeyIdentifier).toString('hex');
  ledger = Ledger.open(dataDirPaths(dir).ledger, { clock: () => NOW });
  pipeline = new IssuingPipeline({ signer, recorder: ledger, clock: () => NOW });
});

afterAll(async () => {
  ledger?.close();
  await keychain.cleanup();
  fs.rmSync(dir, { recursive: true, force: true });
});

const accepted = loadManifest().filter((entry) => entry.verdict === 'accept');
const inputs = [...accepted.map((entry) => [entry.file, readCase(entry.file)] as const), ['nrf9160-keygen-csr.der', new Uint8Array(fs.readFileSync(NRF9160_CSR))] as const];

describe('certificates issued for every accepted corpus CSR (real ledger, keychain, OpenSSL, Python)', () => {
  it.each(inputs.map(([file, bytes], index) => [file, bytes, `SN-IT-${index}`] as const))('%s', async (file, bytes, serial) => {
    const issued = await pipeline.issue({ csr: bytes, boardSerial: serial, slot: 0 });
    const pemPath = writeFile(dir, `${serial}.pem`, issued.certificatePem);
    const derPath = writeFile(dir, `${serial}.der`, issued.certificateDer);

    const verification = opensslVerify(dataDirPaths(dir).caChain, pemPath, new Date(NOW.getTime() + 86_400_000));
    expect(verification.output).toContain(': OK');
    expect(verification.ok).toBe(true);

    const view = inspectWithPython(derPath);
    expect(view).toMatchObject({
      version: 'v3',
      subject: `CN=${serial}`,
      notBefore: '2026-06-01T11:55:00+00:00',
      notAfter: '2027-06-01T12:00:00+00:00',
      signatureOid: '1.2.840.10045.4.3.2',
      curve: 'secp256r1',
      basicConstraints: { critical: true, ca: false, pathLength: null },
      keyUsage: { critical: true, digitalSignature: true, keyCertSign: false, crlSign: false, keyEncipherment: false },
      extKeyUsage: ['1.3.6.1.5.5.7.3.2'],
      clientAuth: true,
      hasSubjectAltName: false,
      authorityKeyIdentifier: caSki,
      extensionCount: 5,
    });
    expect(view.serial).toBeGreaterThan(0);
    expect(view.serialBits).toBeLessThanOrEqual(128);
    expect(view.serialBits).toBeGreaterThan(64);

    const rows = ledger.findCredentialsByPublicKeyHash(issued.publicKeyHash);
    expect(rows.map((row) => row.thumbprint)).toContain(issued.thumbprint);
    expect(file.length).toBeGreaterThan(0);
  });

  it('refuses, through the real ledger, a key already certified for another board', async () => {
    const csr = readCase('ok-p256-pem.csr');
    await pipeline.issue({ csr, boardSerial: 'SN-DUP-A' }).catch(() => undefined);
    const error: unknown = await pipeline.issue({ csr, boardSerial: 'SN-DUP-B' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CsrRejectedError);
    expect(error).toMatchObject({ code: 'csr-rejected', reason: 'duplicate-key' });
    expect(ledger.findCredentialsByPublicKeyHash(decodeHash(csr)).some((row) => row.boardSerial === 'SN-DUP-B')).toBe(false);
  });

  it('refuses a CSR whose key is not the board\'s KEYGEN point', async () => {
    const other = decodeCsrInput(readCase('ok-openssl.pem')).publicKey;
    const error: unknown = await pipeline.issue({ csr: readCase('ok-p256-der.csr'), boardSerial: 'SN-WRONG', expectedPublicKey: other }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'csr-rejected', reason: 'wrong-key' });
  });

  it('accepts a truly compressed P-256 point, certifies it uncompressed, and sees the same key in either form', async () => {
    const keyPath = path.join(dir, 'board.key');
    const compressedKeyPath = path.join(dir, 'board-compressed.key');
    execFileSync('openssl', ['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', keyPath], { stdio: 'pipe' });
    execFileSync('openssl', ['ec', '-in', keyPath, '-conv_form', 'compressed', '-out', compressedKeyPath], { stdio: 'pipe' });
    const compressedCsr = execFileSync('openssl', ['req', '-new', '-key', compressedKeyPath, '-subj', '/CN=compressed'], { encoding: 'utf8' });
    const uncompressedCsr = execFileSync('openssl', ['req', '-new', '-key', keyPath, '-subj', '/CN=uncompressed'], { encoding: 'utf8' });
    expect(decodeCsrInput(compressedCsr).publicKey).toHaveLength(33);

    const issued = await pipeline.issue({ csr: compressedCsr, boardSerial: 'SN-COMPRESSED' });
    const certificate = new x509.X509Certificate(issued.certificateDer);
    expect(new Uint8Array(certificate.publicKey.rawData)).toHaveLength(91);
    const pemPath = writeFile(dir, 'compressed.pem', issued.certificatePem);
    expect(opensslVerify(dataDirPaths(dir).caChain, pemPath, new Date(NOW.getTime() + 86_400_000)).ok).toBe(true);

    const error: unknown = await pipeline.issue({ csr: uncompressedCsr, boardSerial: 'SN-OTHER' }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ reason: 'duplicate-key' });
  });

  it('issues a CA certificate python and openssl read as CA:TRUE pathlen 0, keyCertSign + cRLSign', () => {
    const chain = fs.readFileSync(dataDirPaths(dir).caChain, 'utf8');
    const caDer = writeFile(dir, 'ca.der', new Uint8Array(new x509.X509Certificate(chain).rawData));
    const view = inspectWithPython(caDer);
    expect(view).toMatchObject({
      subject: 'O=Acme Sensors,CN=Line 3 CA',
      curve: 'secp256r1',
      basicConstraints: { critical: true, ca: true, pathLength: 0 },
      keyUsage: { critical: true, digitalSignature: false, keyCertSign: true, crlSign: true },
      subjectKeyIdentifier: caSki,
      notBefore: '2026-03-01T07:55:00+00:00',
      notAfter: '2031-03-01T08:00:00+00:00',
    });
  });
});

/** The ledger's publicKeyHash for an uncompressed P-256 CSR: SHA-256 of its SubjectPublicKeyInfo. */
function decodeHash(csr: Uint8Array): string {
  return createHash('sha256').update(decodeCsrInput(csr).subjectPublicKeyInfo).digest('hex');
}
