import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IssuingPipeline } from '../../../src-main/core/ca/issuing-pipeline';
import { LineCaService } from '../../../src-main/core/ca/line-ca-service';
import { x509 } from '../../../src-main/core/ca/x509-runtime';
import { dataDirPaths } from '../../../src-main/core/config/data-dir';
import { caKeyAccount } from '../../../src-main/core/keychain/secret-store';
import { MemoryRecorder } from '../../unit/ca/support/test-ca';
import { readCase } from '../../unit/ca/support/corpus';
import { opensslVerify, writeFile } from './support/certificate-tools';
import { realKeychain } from './support/keychain';
import { opensslCa, opensslSignIntermediate } from './support/openssl-ca';

let dir: string;
let keychain: ReturnType<typeof realKeychain>;
let service: LineCaService;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'line-ca-'));
  keychain = realKeychain();
  service = new LineCaService({ dataDir: path.join(dir, 'data'), stationId: keychain.stationId, secretStore: keychain.store });
});

afterEach(async () => {
  await keychain.cleanup();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function errorOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(() => null, (error: unknown) => error);
}

describe('LineCaService with the real OS keychain', () => {
  it('says ca-not-initialized (with the init hint) before `ca init`', async () => {
    const error = await errorOf(service.show());
    expect(error).toMatchObject({ code: 'ca-not-initialized' });
    expect(error).toHaveProperty('hint', expect.stringContaining('station ca init'));
    expect(await errorOf(service.loadSigner())).toMatchObject({ code: 'ca-not-initialized' });
  });

  it('initSelfSigned keeps the key in the keychain only and reports the certificate', async () => {
    const info = await service.initSelfSigned({ subject: 'CN=Line 9 CA, O=Acme', validityYears: 3 });
    const paths = dataDirPaths(path.join(dir, 'data'));
    const pem = fs.readFileSync(paths.caChain, 'utf8');
    const fingerprint = execFileSync('openssl', ['x509', '-noout', '-fingerprint', '-sha256'], { input: pem, encoding: 'utf8' });
    expect(fingerprint.replace(/^.*=/, '').trim().replace(/:/g, '').toLowerCase()).toBe(info.sha256Fingerprint);
    expect(info).toMatchObject({ subject: 'CN=Line 9 CA, O=Acme', hasKey: true, chainLength: 1, keyLocation: keychain.store.description });
    expect(info.sha1Fingerprint).toMatch(/^[0-9a-f]{40}$/);

    const stored = await keychain.store.get(caKeyAccount(keychain.stationId));
    expect(stored).toContain('-----BEGIN PRIVATE KEY-----');
    expect(fs.readdirSync(paths.caDir)).toEqual(['ca-chain.pem']);
    expect(pem).not.toContain('PRIVATE KEY');

    const certificate = new x509.X509Certificate(pem);
    expect(certificate.getExtension(x509.BasicConstraintsExtension)).toMatchObject({ ca: true, pathLength: 0, critical: true });
    expect(certificate.getExtension(x509.KeyUsagesExtension)?.usages).toBe(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign);
    expect(certificate.getExtension(x509.SubjectKeyIdentifierExtension)).not.toBeNull();

    expect(await errorOf(service.initSelfSigned())).toMatchObject({ code: 'ca-already-initialized' });
  });

  it('loads the signer with a non-extractable key and says ca-key-missing when the keychain lost it', async () => {
    await service.initSelfSigned();
    const signer = await service.loadSigner();
    expect(signer.notAfter.getTime()).toBeGreaterThan(Date.now());
    await keychain.store.delete(caKeyAccount(keychain.stationId));
    expect(await errorOf(service.loadSigner())).toMatchObject({ code: 'ca-key-missing' });
    expect(await service.show()).toMatchObject({ hasKey: false });
  });

  it('importExisting refuses a key that does not match the certificate, and stores nothing', async () => {
    const ca = opensslCa(dir, 'ca', '/CN=Imported CA');
    const stranger = opensslCa(dir, 'stranger', '/CN=Stranger');
    const error = await errorOf(service.importExisting(fs.readFileSync(stranger.keyPath, 'utf8'), fs.readFileSync(ca.certPath, 'utf8')));
    expect(error).toMatchObject({ code: 'ca-key-mismatch' });
    expect(await keychain.store.get(caKeyAccount(keychain.stationId))).toBeNull();
    expect(service.isInitialized()).toBe(false);
  });

  it('importExisting moves a matching key into the keychain and the CA issues verifiable certificates', async () => {
    const ca = opensslCa(dir, 'ca', '/CN=Imported CA');
    const result = await service.importExisting(fs.readFileSync(ca.keyPath, 'utf8'), fs.readFileSync(ca.certPath, 'utf8'));
    expect(result.message).toContain('may now be destroyed');
    expect(result.message).toContain(keychain.store.description);
    expect(result).toMatchObject({ subject: 'CN=Imported CA', hasKey: true });
    const issued = await new IssuingPipeline({ signer: await service.loadSigner(), recorder: new MemoryRecorder() }).issue({ csr: readCase('ok-openssl.pem'), boardSerial: 'SN-IMP' });
    const leaf = writeFile(dir, 'leaf.pem', issued.certificatePem);
    expect(opensslVerify(dataDirPaths(path.join(dir, 'data')).caChain, leaf, new Date()).ok).toBe(true);
  });

  it('importExisting refuses a certificate that is not a CA', async () => {
    const ca = opensslCa(dir, 'ca', '/CN=Imported CA');
    const leafKey = path.join(dir, 'leaf.key');
    const leafCert = path.join(dir, 'leaf-self.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', leafKey, '-out', leafCert, '-subj', '/CN=leaf', '-days', '30', '-addext', 'basicConstraints=critical,CA:FALSE'], { stdio: 'pipe' });
    expect(await errorOf(service.importExisting(fs.readFileSync(leafKey, 'utf8'), fs.readFileSync(leafCert, 'utf8')))).toMatchObject({ code: 'ca-cert-invalid' });
    expect(ca.certPath).toBeTruthy();
  });

  it('initWithCsr + installCertificate: an offline root signs the line CA; a wrong certificate is refused', async () => {
    const pending = await service.initWithCsr({ subject: 'CN=Line 4 CA, O=Acme' });
    expect(fs.existsSync(pending.csrPath)).toBe(true);
    expect(pending.csrPem).toContain('BEGIN CERTIFICATE REQUEST');
    expect(await errorOf(service.show())).toMatchObject({ code: 'ca-not-initialized' });

    const root = opensslCa(dir, 'root', '/CN=Acme Root');
    const intermediate = opensslSignIntermediate(dir, pending.csrPath, root);
    const rootPem = fs.readFileSync(root.certPath, 'utf8');

    expect(await errorOf(service.installCertificate(rootPem))).toMatchObject({ code: 'ca-key-mismatch' });
    const stranger = opensslCa(dir, 'stranger', '/CN=Stranger');
    expect(await errorOf(service.installCertificate(fs.readFileSync(intermediate, 'utf8'), fs.readFileSync(stranger.certPath, 'utf8')))).toMatchObject({ code: 'ca-chain-invalid' });

    const info = await service.installCertificate(fs.readFileSync(intermediate, 'utf8'), rootPem);
    expect(info).toMatchObject({ subject: 'CN=Line 4 CA, O=Acme', issuer: 'CN=Acme Root', chainLength: 2, hasKey: true });
    expect(fs.existsSync(pending.csrPath)).toBe(false);

    const signer = await service.loadSigner();
    const issued = await new IssuingPipeline({ signer, recorder: new MemoryRecorder() }).issue({ csr: readCase('ok-p256-pem.csr'), boardSerial: 'SN-CHAIN' });
    const leaf = writeFile(dir, 'leaf.pem', issued.certificatePem);
    const verification = opensslVerify(dataDirPaths(path.join(dir, 'data')).caChain, leaf, new Date());
    expect(verification.output).toContain('OK');
    expect(verification.ok).toBe(true);
    const caCert = new x509.X509Certificate(service.chainPem());
    expect(caCert.getExtension(x509.AuthorityKeyIdentifierExtension)).not.toBeNull();
  });
});
