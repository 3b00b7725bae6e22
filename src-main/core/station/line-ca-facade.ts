import type { DataDirPaths } from '../config/data-dir';
import type { CertificateProfile, StationConfig } from '../config/station-config';
import type { CaSigner } from '../ca/ca-signer';
import type { CredentialRecorder } from '../ca/credential-recorder';
import { IssuingPipeline } from '../ca/issuing-pipeline';
import { LineCaService } from '../ca/line-ca-service';
import { decodeCertificates } from '../ca/pem-codec';
import type { SecretStore } from '../keychain/secret-store';
import type { CertificateIssuer } from './run-ports';
import type { CaSummary } from './station-core-api';

/**
 * The line CA as the station core uses it: setup verbs for the Setup screen and the CLI, and an issuer
 * for provisioning runs. The signer (a non-extractable CryptoKey imported from the keychain) is loaded
 * once and dropped whenever the CA changes.
 */
export interface LineCaFacade {
  summary(isKeychainAvailable: boolean): Promise<Omit<CaSummary, 'keychainStatus'>>;
  createSelfSigned(subject: string | null, validityYears: number): Promise<void>;
  createCsr(subject: string | null): Promise<string>;
  installCertificate(certificatePem: string, chainPem: string | null): Promise<void>;
  importExisting(keyPem: string, certificatePem: string, chainPem: string | null): Promise<void>;
  /** Rejects with `ca-not-initialized` / `ca-key-missing` / `keychain-unavailable` when no CA is ready. */
  issuer(recorder: CredentialRecorder, profile: CertificateProfile): Promise<CertificateIssuer>;
}

export function createLineCaFacade(options: {
  paths: DataDirPaths;
  config: StationConfig;
  secretStore: SecretStore;
  clock?: () => Date;
}): LineCaFacade {
  const service = new LineCaService({
    dataDir: options.paths.dataDir,
    stationId: options.config.stationId,
    secretStore: options.secretStore,
    clock: options.clock,
  });
  let signer: Promise<CaSigner> | null = null;
  const forgetSigner = () => {
    signer = null;
  };

  return {
    async summary(isKeychainAvailable) {
      const base = { keyLocation: options.secretStore.description, hasPendingCsr: service.hasPendingCsr() };
      if (!service.isInitialized()) {
        return { ...base, isInitialized: false, subject: null, sha256Fingerprint: null, notBefore: null, notAfter: null, hasKey: false, chainPem: null };
      }
      if (!isKeychainAvailable) {
        // The certificate is public and on disk; only the key's presence needs the keychain.
        return { ...base, isInitialized: true, subject: null, sha256Fingerprint: null, notBefore: null, notAfter: null, hasKey: false, chainPem: service.chainPem() };
      }
      const info = await service.show();
      return {
        ...base,
        isInitialized: true,
        subject: info.subject,
        sha256Fingerprint: info.sha256Fingerprint,
        notBefore: info.notBefore,
        notAfter: info.notAfter,
        hasKey: info.hasKey,
        chainPem: service.chainPem(),
      };
    },
    async createSelfSigned(subject, validityYears) {
      forgetSigner();
      await service.initSelfSigned({ subject: subject ?? undefined, validityYears });
    },
    async createCsr(subject) {
      forgetSigner();
      return (await service.initWithCsr({ subject: subject ?? undefined })).csrPem;
    },
    async installCertificate(certificatePem, chainPem) {
      forgetSigner();
      await service.installCertificate(certificatePem, chainPem ?? undefined);
    },
    async importExisting(keyPem, certificatePem, chainPem) {
      forgetSigner();
      await service.importExisting(keyPem, certificatePem, chainPem ?? undefined);
    },
    async issuer(recorder, profile) {
      signer ??= service.loadSigner();
      let loaded: CaSigner;
      try {
        loaded = await signer;
      } catch (error) {
        forgetSigner();
        throw error;
      }
      const pipeline = new IssuingPipeline({ signer: loaded, recorder, profile, clock: options.clock });
      // The signer already holds the chain it was loaded with: no second read of ca-chain.pem per run.
      const chain = decodeCertificates(loaded.chainPem);
      return {
        async issue(request) {
          const issued = await pipeline.issue({
            csr: request.csrDer,
            boardSerial: request.boardSerial,
            expectedPublicKey: request.expectedPublicKey,
            keyOrigin: request.keyOrigin,
            slot: request.slot,
            runId: request.runId,
          });
          return {
            credentialId: issued.credentialId,
            der: issued.certificateDer,
            pem: issued.certificatePem,
            thumbprint: issued.thumbprint,
            serialNumber: issued.serialNumber,
            notAfter: issued.notAfter,
          };
        },
        chainDer: () => chain,
      };
    },
  };
}
