import { createHash, randomBytes } from 'node:crypto';
import { certificateProfileSchema, type CertificateProfile } from '../config/station-config';
import type { EnrollmentStatus, KeyOrigin, NewCredential } from '../ledger/ledger-types';
import type { CaSigner } from './ca-signer';
import { emptyDraft, encodeCertificate, encodeTbsCertificate } from './certificate-template';
import type { CredentialRecorder } from './credential-recorder';
import { decodeCsrInput, type DecodedCsr } from './csr-input-decoder';
import { CsrRejectedError } from './csr-rejected-error';
import { bytesEqual, checkCsrPolicy, normalizeExpectedKey, type AcceptedCsr } from './csr-validators';
import { encodePem } from './pem-codec';
import {
  DEFAULT_PROFILE_MODIFIERS,
  assertBoardSerial,
  type Clock,
  type ModifierContext,
  type ProfileModifier,
  type RandomSource,
} from './profile-modifiers';

/** One certificate to issue for one board. */
export interface IssueRequest {
  /** The CSR as the board or a file gave it: PEM, DER or base64url (text or bytes), or already decoded. */
  csr: Uint8Array | string | DecodedCsr;
  /** The board's hardware serial (fills `{serial}` in the subject template). */
  boardSerial: string;
  /**
   * The public key the board reported at KEYGEN (65-byte uncompressed point, compressed point, or
   * SPKI DER). When given, a CSR for any other key is refused with reason `wrong-key`.
   */
  expectedPublicKey?: Uint8Array | null;
  /** Default 'on-chip'. */
  keyOrigin?: KeyOrigin;
  /** Default null. */
  slot?: number | null;
  /** Default null. */
  runId?: number | null;
  /** Default 'pending'. */
  enrollmentStatus?: EnrollmentStatus;
}

/** An issued certificate, already committed to the ledger. */
export interface IssuedCertificate {
  credentialId: number;
  certificateDer: Uint8Array<ArrayBuffer>;
  certificatePem: string;
  /** The CA chain (CA certificate first), PEM, for the board's `chain` slot. */
  chainPem: string;
  /** Lowercase hex SHA-256 of certificateDer. */
  thumbprint: string;
  /** Lowercase hex of the DER INTEGER content octets. */
  serialNumber: string;
  /** Lowercase hex SHA-256 of the certificate's SubjectPublicKeyInfo DER. */
  publicKeyHash: string;
  subject: string;
  notBefore: string;
  notAfter: string;
}

/** A policy step that needs the issuing context (the board, the ledger); throws CsrRejectedError. */
export type IssueValidator = (accepted: AcceptedCsr, request: IssueRequest) => void;

export interface IssuingPipelineOptions {
  signer: CaSigner;
  recorder: CredentialRecorder;
  /** Partial profiles are completed with the station defaults (CN={serial}, 365 days, 300 s backdate). */
  profile?: Partial<CertificateProfile>;
  /** Default: the system clock. */
  clock?: Clock;
  /** Default: node:crypto randomBytes. */
  random?: RandomSource;
  /** Replaces DEFAULT_PROFILE_MODIFIERS. */
  modifiers?: readonly ProfileModifier[];
}

/** `wrong-key`: the CSR's key must be the one the board reported at KEYGEN. */
export const expectedKeyValidator: IssueValidator = (accepted, request) => {
  if (!request.expectedPublicKey) return;
  const expected = normalizeExpectedKey(request.expectedPublicKey);
  if (!bytesEqual(expected.point, accepted.key.point)) {
    throw new CsrRejectedError('wrong-key', 'The CSR is for another key than the one the board generated (KEYGEN).');
  }
};

/** `duplicate-key`: a key already certified for another board is never certified again. */
export function duplicateKeyValidator(recorder: CredentialRecorder): IssueValidator {
  return (accepted, request) => {
    const other = recorder
      .findCredentialsByPublicKeyHash(accepted.key.hash)
      .find((credential) => credential.boardSerial !== request.boardSerial);
    if (other) {
      throw new CsrRejectedError('duplicate-key', `The CSR's public key is already certified for board ${other.boardSerial}.`);
    }
  };
}

/**
 * Issues device certificates as a pipeline of small steps (after step-ca's sign options):
 * parse → proof of possession, key type and algorithm (checkCsrPolicy) → issuing validators
 * (expected KEYGEN key, duplicate key) → profile modifiers (subject, serial, validity, extensions)
 * → sign with the line CA → record in the ledger → return.
 *
 * Contract: the credential row is committed (recorder.recordCredential returned) before the
 * certificate is returned; when recording throws, no certificate leaves. Nothing the CSR asks for
 * (CA:TRUE, keyCertSign, SANs) reaches the certificate unless a modifier copies it.
 * Failure: CsrRejectedError (code `csr-rejected`, with `reason`), StationError from the profile
 * (`profile-invalid`, `invalid-serial`, `ca-expired`, `ca-not-yet-valid`) and from the recorder.
 */
export class IssuingPipeline {
  private readonly signer: CaSigner;
  private readonly recorder: CredentialRecorder;
  private readonly profile: CertificateProfile;
  private readonly clock: Clock;
  private readonly random: RandomSource;
  private readonly modifiers: readonly ProfileModifier[];
  private readonly validators: readonly IssueValidator[];
  private readonly duplicateKey: IssueValidator;

  constructor(options: IssuingPipelineOptions) {
    this.signer = options.signer;
    this.recorder = options.recorder;
    this.profile = certificateProfileSchema.parse(options.profile ?? {});
    this.clock = options.clock ?? (() => new Date());
    this.random = options.random ?? ((length) => new Uint8Array(randomBytes(length)));
    this.modifiers = options.modifiers ?? DEFAULT_PROFILE_MODIFIERS;
    this.duplicateKey = duplicateKeyValidator(this.recorder);
    this.validators = [expectedKeyValidator, this.duplicateKey];
  }

  async issue(request: IssueRequest): Promise<IssuedCertificate> {
    assertBoardSerial(request.boardSerial);
    const decoded = isDecodedCsr(request.csr) ? request.csr : decodeCsrInput(request.csr);
    const accepted = checkCsrPolicy(decoded);
    for (const validate of this.validators) validate(accepted, request);

    const draft = emptyDraft(accepted.key.spki);
    const context: ModifierContext = {
      profile: this.profile,
      boardSerial: request.boardSerial,
      accepted,
      issuer: this.signer,
      now: this.clock(),
      random: this.random,
    };
    for (const modify of this.modifiers) modify(draft, context);

    const tbs = encodeTbsCertificate(draft, this.signer.issuerNameDer);
    const certificateDer = encodeCertificate(tbs, await this.signer.sign(tbs));

    // NOTE: checked again after the await, in the same tick as the insert, so two boards issuing
    // concurrently with one key cannot both pass.
    this.duplicateKey(accepted, request);
    const { subject, notBefore, notAfter, serialNumber } = draft;
    if (!subject || !notBefore || !notAfter || !serialNumber) throw new TypeError('certificate draft incomplete');
    const credential: NewCredential = {
      boardSerial: request.boardSerial,
      certificateDer,
      thumbprint: createHash('sha256').update(certificateDer).digest('hex'),
      serialNumber: serialHex(serialNumber),
      publicKeyHash: accepted.key.hash,
      subject: subject.text,
      notBefore: notBefore.toISOString(),
      notAfter: notAfter.toISOString(),
      keyOrigin: request.keyOrigin ?? 'on-chip',
      slot: request.slot ?? null,
      runId: request.runId ?? null,
      enrollmentStatus: request.enrollmentStatus ?? 'pending',
    };
    const { id } = this.recorder.recordCredential(credential);
    return {
      credentialId: id,
      certificateDer,
      certificatePem: encodePem('CERTIFICATE', certificateDer),
      chainPem: this.signer.chainPem,
      thumbprint: credential.thumbprint,
      serialNumber: credential.serialNumber,
      publicKeyHash: credential.publicKeyHash,
      subject: credential.subject,
      notBefore: credential.notBefore,
      notAfter: credential.notAfter,
    };
  }
}

function isDecodedCsr(value: IssueRequest['csr']): value is DecodedCsr {
  return typeof value === 'object' && !(value instanceof Uint8Array);
}

/** Hex of the DER INTEGER content octets (a 00 sign octet kept, as DER has it). */
function serialHex(magnitude: Uint8Array): string {
  let start = 0;
  while (start < magnitude.length - 1 && magnitude[start] === 0) start += 1;
  const trimmed = Buffer.from(magnitude.subarray(start)).toString('hex');
  return ((magnitude[start] ?? 0) & 0x80 ? '00' : '') + trimmed;
}
