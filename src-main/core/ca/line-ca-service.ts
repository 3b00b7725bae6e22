import { createHash, createPrivateKey, createPublicKey, randomBytes, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { dataDirPaths, type DataDirPaths } from '../config/data-dir';
import { StationError } from '../errors';
import { caKeyAccount, type SecretStore } from '../keychain/secret-store';
import { createCaCsr, createSelfSignedCaCertificate, generateCaKeyPair } from './ca-certificate-factory';
import { createCaSigner, type CaSigner } from './ca-signer';
import { bytesEqual } from './csr-validators';
import { decodeCertificates, decodePemBlocks, encodePem } from './pem-codec';
import type { Clock, RandomSource } from './profile-modifiers';
import { x509 } from './x509-runtime';

/** What `station ca show` reports. Public facts only. */
export interface CaInfo {
  subject: string;
  issuer: string;
  serialNumber: string;
  /** Lowercase hex SHA-256 of the CA certificate DER. */
  sha256Fingerprint: string;
  /** Lowercase hex SHA-1 of the CA certificate DER. */
  sha1Fingerprint: string;
  notBefore: string;
  notAfter: string;
  /** The SecretStore's description: where the private key lives. */
  keyLocation: string;
  /** True when the keychain holds a key under this station's CA account. */
  hasKey: boolean;
  /** Certificates in ca-chain.pem (the CA certificate counts as one). */
  chainLength: number;
}

export interface CaImportResult extends CaInfo {
  /** Operator message: where the key went, and that the key file may now be destroyed. */
  message: string;
}

export interface PendingCaCsr {
  csrPem: string;
  csrPath: string;
}

export interface LineCaServiceOptions {
  dataDir: string;
  /** StationConfig.stationId: names the keychain account (caKeyAccount). */
  stationId: string;
  secretStore: SecretStore;
  /** Default: the system clock. */
  clock?: Clock;
  /** Default: node:crypto randomBytes. */
  random?: RandomSource;
}

export interface InitSelfSignedOptions {
  /** Default "CN=Line CA <first 8 of stationId>, O=Provisioning Station". */
  subject?: string;
  /** Default 10. */
  validityYears?: number;
}

const NOT_INITIALIZED_HINT = 'Run `station ca init` (self-signed) or `station ca init --csr FILE` (signed by an offline root).';
const CA_BACKDATE_MS = 300_000;

/**
 * The line CA: its private key (PKCS#8) lives only in the SecretStore under caKeyAccount(stationId);
 * its certificate chain (CA certificate first, PEM) in <dataDir>/ca/ca-chain.pem; a CSR awaiting an
 * offline root in <dataDir>/ca/ca-pending.csr. No method writes key material to a file, a message or
 * a return value.
 *
 * Failure codes: `ca-not-initialized`, `ca-already-initialized`, `ca-key-missing`, `ca-key-mismatch`,
 * `ca-key-invalid`, `ca-cert-invalid`, `ca-chain-invalid`, `ca-no-pending-csr`, and
 * `keychain-unavailable` from the store.
 */
export class LineCaService {
  private readonly paths: DataDirPaths;
  private readonly account: string;
  private readonly store: SecretStore;
  private readonly clock: Clock;
  private readonly random: RandomSource;
  private readonly stationId: string;

  constructor(options: LineCaServiceOptions) {
    this.paths = dataDirPaths(options.dataDir);
    this.stationId = options.stationId;
    this.account = caKeyAccount(options.stationId);
    this.store = options.secretStore;
    this.clock = options.clock ?? (() => new Date());
    this.random = options.random ?? ((length) => new Uint8Array(randomBytes(length)));
  }

  /** True when ca-chain.pem exists. */
  isInitialized(): boolean {
    return fs.existsSync(this.paths.caChain);
  }

  /** True when a CSR waits for the offline root's certificate. */
  hasPendingCsr(): boolean {
    return fs.existsSync(this.paths.caPendingCsr);
  }

  /** Makes a key and a self-signed CA certificate (notBefore backdated 5 minutes). */
  async initSelfSigned(options: InitSelfSignedOptions = {}): Promise<CaInfo> {
    this.assertNotInitialized();
    await this.store.checkAvailable();
    const years = options.validityYears ?? 10;
    if (!Number.isInteger(years) || years < 1 || years > 30) {
      throw new StationError('invalid-argument', 'The CA validity must be a whole number of years from 1 to 30.', {
        hint: 'Pass --years with a value such as 10.',
      });
    }
    const keys = await generateCaKeyPair();
    const now = this.nowInSeconds();
    const notAfter = new Date(now);
    notAfter.setUTCFullYear(notAfter.getUTCFullYear() + years);
    const certificate = await createSelfSignedCaCertificate({
      keys,
      subject: this.subjectOrDefault(options.subject),
      notBefore: new Date(now.getTime() - CA_BACKDATE_MS),
      notAfter,
      serialBytes: this.random(16),
    });
    await this.storeKey(await exportPkcs8Pem(keys.privateKey));
    writeFileAtomic(this.paths.caChain, certificate.toString('pem') + '\n');
    return this.show();
  }

  /** Makes a key (kept in the keychain) and writes a CSR for an offline root to ca-pending.csr. */
  async initWithCsr(options: { subject?: string } = {}): Promise<PendingCaCsr> {
    this.assertNotInitialized();
    await this.store.checkAvailable();
    const keys = await generateCaKeyPair();
    const csr = await createCaCsr(keys, this.subjectOrDefault(options.subject));
    await this.storeKey(await exportPkcs8Pem(keys.privateKey));
    const csrPem = csr.toString('pem') + '\n';
    writeFileAtomic(this.paths.caPendingCsr, csrPem);
    return { csrPem, csrPath: this.paths.caPendingCsr };
  }

  /**
   * Installs the root-signed certificate for the pending key (and its issuers). Refuses a
   * certificate for another key (`ca-key-mismatch`), a non-CA certificate (`ca-cert-invalid`) and a
   * chain whose first certificate did not sign it (`ca-chain-invalid`).
   */
  async installCertificate(certPem: string, chainPem?: string): Promise<CaInfo> {
    if (this.isInitialized()) throw this.alreadyInitialized();
    if (!this.hasPendingCsr()) {
      throw new StationError('ca-no-pending-csr', 'No CA certificate request is waiting for a certificate.', {
        hint: 'Run `station ca init --csr FILE` first, have the root sign the CSR, then install its certificate.',
      });
    }
    const keyPem = await this.store.get(this.account);
    if (keyPem === null) throw this.keyMissing();
    const certificate = parseCaCertificate(certPem);
    if (!bytesEqual(publicSpki(privateKeyObject(keyPem)), normalizedSpki(certificate))) {
      throw new StationError('ca-key-mismatch', 'The certificate is not for the pending CA key: it was issued for another key.', {
        hint: 'Install the certificate the root issued for ca/ca-pending.csr of this station.',
      });
    }
    const issuers = await this.verifiedIssuers(certificate, chainPem);
    writeFileAtomic(this.paths.caChain, chainText(certificate, issuers));
    fs.rmSync(this.paths.caPendingCsr, { force: true });
    return this.show();
  }

  /**
   * Moves an existing CA key into the keychain and installs its certificate. Refuses a key that does
   * not match the certificate (`ca-key-mismatch`) before anything is stored.
   */
  async importExisting(keyPem: string, certPem: string, chainPem?: string): Promise<CaImportResult> {
    if (this.isInitialized()) throw this.alreadyInitialized();
    const certificate = parseCaCertificate(certPem);
    const key = privateKeyObject(keyPem);
    if (!bytesEqual(publicSpki(key), normalizedSpki(certificate))) {
      throw new StationError('ca-key-mismatch', 'The private key does not match the CA certificate.', {
        hint: 'Give the key file that belongs to this certificate (compare their public keys with openssl).',
      });
    }
    const issuers = await this.verifiedIssuers(certificate, chainPem);
    await this.store.checkAvailable();
    await this.storeKey(key.export({ type: 'pkcs8', format: 'pem' }).toString());
    writeFileAtomic(this.paths.caChain, chainText(certificate, issuers));
    fs.rmSync(this.paths.caPendingCsr, { force: true });
    const info = await this.show();
    return {
      ...info,
      message: `The CA key is now in ${this.store.description}. The key file you imported may now be destroyed (shred it), after any offline backup your policy requires.`,
    };
  }

  async show(): Promise<CaInfo> {
    const chain = this.chainPem();
    const certificates = decodeCertificates(chain);
    const der = certificates[0];
    if (!der) throw chainInvalid('The CA chain file holds no certificate.');
    const certificate = new x509.X509Certificate(der);
    const hasKey = (await this.store.get(this.account)) !== null;
    return {
      subject: certificate.subject,
      issuer: certificate.issuer,
      serialNumber: certificate.serialNumber.toLowerCase(),
      sha256Fingerprint: createHash('sha256').update(der).digest('hex'),
      sha1Fingerprint: createHash('sha1').update(der).digest('hex'),
      notBefore: certificate.notBefore.toISOString(),
      notAfter: certificate.notAfter.toISOString(),
      keyLocation: this.store.description,
      hasKey,
      chainLength: certificates.length,
    };
  }

  /** The chain (CA certificate first), PEM. Failure: `ca-not-initialized`. */
  chainPem(): string {
    try {
      return fs.readFileSync(this.paths.caChain, 'utf8');
    } catch (error) {
      if (isNotFound(error)) throw this.notInitialized();
      throw error;
    }
  }

  /**
   * The signer for the issuing pipeline: the key is imported from the keychain as a non-extractable
   * CryptoKey. Failure: `ca-not-initialized`, `ca-key-missing`, `ca-key-mismatch`, `keychain-unavailable`.
   */
  async loadSigner(): Promise<CaSigner> {
    const chain = this.chainPem();
    const keyPem = await this.store.get(this.account);
    if (keyPem === null) throw this.keyMissing();
    const pkcs8 = decodePemBlocks(keyPem).find((block) => block.label === 'PRIVATE KEY');
    if (!pkcs8) throw new StationError('ca-key-invalid', 'The CA key in the keychain is not a PKCS#8 key.', { hint: 'Re-import the CA key with `station ca import`.' });
    let privateKey: CryptoKey;
    try {
      privateKey = await globalThis.crypto.subtle.importKey('pkcs8', pkcs8.der, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
    } catch (cause) {
      throw new StationError('ca-key-invalid', 'The CA key in the keychain is not a P-256 key.', { hint: 'Re-import the CA key with `station ca import`.', cause });
    } finally {
      pkcs8.der.fill(0);
    }
    return createCaSigner(privateKey, chain);
  }

  /** The issuers from `chainPem` (the CA certificate itself dropped), each checked to sign the one before. */
  private async verifiedIssuers(certificate: x509.X509Certificate, chainPem: string | undefined): Promise<x509.X509Certificate[]> {
    const issuers = (chainPem ? decodeCertificates(chainPem) : [])
      .map((der) => new x509.X509Certificate(der))
      .filter((issuer) => !bytesEqual(new Uint8Array(issuer.rawData), new Uint8Array(certificate.rawData)));
    if (chainPem !== undefined && issuers.length === 0) throw chainInvalid('The chain file holds no issuer certificate.');
    let subject = certificate;
    for (const issuer of issuers) {
      const isSigned = await subject.verify({ publicKey: issuer, signatureOnly: true }, globalThis.crypto);
      if (!isSigned) throw chainInvalid(`${subject.subject} is not signed by ${issuer.subject}, the next certificate of the chain.`);
      subject = issuer;
    }
    return issuers;
  }

  private async storeKey(pkcs8Pem: string): Promise<void> {
    await this.store.set(this.account, pkcs8Pem);
  }

  private assertNotInitialized(): void {
    if (this.isInitialized()) throw this.alreadyInitialized();
    if (this.hasPendingCsr()) {
      throw new StationError('ca-already-initialized', 'A CA certificate request is already waiting for the root.', {
        hint: `Install its certificate with \`station ca install-cert FILE\`, or delete ${this.paths.caPendingCsr} to start over.`,
      });
    }
  }

  private alreadyInitialized(): StationError {
    return new StationError('ca-already-initialized', `This station already has a line CA (${this.paths.caChain}).`, {
      hint: 'Use `station ca show` to see it. To replace it, move the data directory away first.',
    });
  }

  private notInitialized(): StationError {
    if (this.hasPendingCsr()) {
      return new StationError('ca-not-initialized', 'The line CA is waiting for its certificate from the root.', {
        hint: `Have the root sign ${this.paths.caPendingCsr}, then run \`station ca install-cert FILE\`.`,
      });
    }
    return new StationError('ca-not-initialized', 'This station has no line CA yet.', { hint: NOT_INITIALIZED_HINT });
  }

  private keyMissing(): StationError {
    // NOTE: a locked keyring (a wrong passphrase on a headless station) answers exactly like an empty
    // one, so the hint names both causes, the more likely one first.
    return new StationError('ca-key-missing', `The CA private key was not found in ${this.store.description} on this machine.`, {
      hint:
        'If the keychain is locked (on a headless station: started with another passphrase), unlock it with the ' +
        'passphrase it was created with and retry. Otherwise run the station where the key was made, or move the ' +
        'key here with `station ca import --key FILE --cert FILE`.',
    });
  }

  private subjectOrDefault(subject: string | undefined): string {
    const value = subject ?? `CN=Line CA ${this.stationId.slice(0, 8)}, O=Provisioning Station`;
    try {
      new x509.Name(value);
    } catch (cause) {
      throw new StationError('invalid-argument', `The CA subject "${value}" is not a distinguished name.`, {
        hint: 'Write it like "CN=Line 3 CA, O=Acme Sensors".',
        cause,
      });
    }
    return value;
  }

  private nowInSeconds(): Date {
    return new Date(Math.floor(this.clock().getTime() / 1000) * 1000);
  }
}

async function exportPkcs8Pem(privateKey: CryptoKey): Promise<string> {
  const der = new Uint8Array(await globalThis.crypto.subtle.exportKey('pkcs8', privateKey));
  const pem = encodePem('PRIVATE KEY', der);
  der.fill(0);
  return pem;
}

/** The first CERTIFICATE in `pem`, checked to be a CA certificate (CA:TRUE, keyCertSign). */
function parseCaCertificate(pem: string): x509.X509Certificate {
  const der = decodeCertificates(pem)[0];
  if (!der) {
    throw new StationError('ca-cert-invalid', 'The certificate file holds no PEM CERTIFICATE block.', {
      hint: 'Give the CA certificate as PEM ("-----BEGIN CERTIFICATE-----").',
    });
  }
  let certificate: x509.X509Certificate;
  try {
    certificate = new x509.X509Certificate(der);
  } catch (cause) {
    throw new StationError('ca-cert-invalid', 'The CA certificate cannot be parsed.', { hint: 'Check the file is the certificate the root issued.', cause });
  }
  const constraints = certificate.getExtension(x509.BasicConstraintsExtension);
  const usages = certificate.getExtension(x509.KeyUsagesExtension);
  if (!constraints?.ca || !usages || (usages.usages & x509.KeyUsageFlags.keyCertSign) === 0) {
    throw new StationError('ca-cert-invalid', `The certificate for ${certificate.subject} is not a CA certificate (needs CA:TRUE and keyCertSign).`, {
      hint: 'Have the root issue the line CA certificate with the CA extensions from the CSR.',
    });
  }
  return certificate;
}

function privateKeyObject(keyPem: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: keyPem, format: 'pem' });
  } catch (cause) {
    throw new StationError('ca-key-invalid', 'The CA key file cannot be read as an unencrypted PEM private key.', {
      hint: 'Give a PKCS#8 ("PRIVATE KEY") or SEC1 ("EC PRIVATE KEY") PEM; decrypt it first with `openssl pkey`.',
      cause,
    });
  }
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new StationError('ca-key-invalid', 'The CA key is not an EC P-256 key.', { hint: 'The line CA must use a P-256 key.' });
  }
  return key;
}

function publicSpki(key: KeyObject): Uint8Array {
  return new Uint8Array(createPublicKey(key).export({ type: 'spki', format: 'der' }));
}

function normalizedSpki(certificate: x509.X509Certificate): Uint8Array {
  const key = createPublicKey({ key: Buffer.from(certificate.publicKey.rawData), format: 'der', type: 'spki' });
  return new Uint8Array(key.export({ type: 'spki', format: 'der' }));
}

function chainText(certificate: x509.X509Certificate, issuers: x509.X509Certificate[]): string {
  return [certificate, ...issuers].map((item) => item.toString('pem')).join('\n') + '\n';
}

function chainInvalid(message: string): StationError {
  return new StationError('ca-chain-invalid', message, { hint: 'Give the issuing certificates (PEM) with --chain, the direct issuer first.' });
}

function writeFileAtomic(filePath: string, text: string): void {
  fs.mkdirSync(path.dirname(filePath), { recursive: true });
  const temp = `${filePath}.${process.pid}.tmp`;
  fs.writeFileSync(temp, text, { mode: 0o644 });
  fs.renameSync(temp, filePath);
}

function isNotFound(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'ENOENT';
}
