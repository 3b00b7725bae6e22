import { type Der, derBitString, derBoolean, derExplicit, derOctetString, derOid, derSequence, derSmallInteger, derTime, derUnsignedInteger } from './der-writer';
import { Oid } from './object-identifiers';

/** One extension as it will appear in the certificate. */
export interface CertificateExtension {
  oid: string;
  isCritical: boolean;
  /** extnValue: the DER of the extension's value. */
  value: Uint8Array;
}

/** A subject name: its DER and its RFC 4514-style text for the ledger and the UI. */
export interface EncodedName {
  der: Uint8Array;
  text: string;
}

/**
 * A certificate being built by the profile modifiers. The pipeline fills the public key; modifiers
 * fill everything else. Nothing from the CSR enters the draft except the key (and what a modifier
 * copies on purpose).
 */
export interface CertificateDraft {
  /** SubjectPublicKeyInfo DER (normalized: uncompressed point). */
  subjectPublicKeyInfo: Uint8Array;
  /** Big-endian magnitude of the serial number (positive). */
  serialNumber: Uint8Array | null;
  subject: EncodedName | null;
  notBefore: Date | null;
  notAfter: Date | null;
  extensions: CertificateExtension[];
}

const ECDSA_WITH_SHA256 = derSequence(derOid(Oid.ecdsaWithSha256));
const VERSION_3 = derExplicit(0, derSmallInteger(2));

export function emptyDraft(subjectPublicKeyInfo: Uint8Array): CertificateDraft {
  return { subjectPublicKeyInfo, serialNumber: null, subject: null, notBefore: null, notAfter: null, extensions: [] };
}

/** The DER of an extension. */
export function encodeExtension(extension: CertificateExtension): Uint8Array {
  return extension.isCritical
    ? derSequence(derOid(extension.oid), derBoolean(true), derOctetString(extension.value))
    : derSequence(derOid(extension.oid), derOctetString(extension.value));
}

/** TBSCertificate (v3, ecdsa-with-SHA256); throws TypeError when a modifier left a field empty. */
export function encodeTbsCertificate(draft: CertificateDraft, issuerNameDer: Uint8Array): Der {
  const { serialNumber, subject, notBefore, notAfter } = draft;
  if (!serialNumber || !subject || !notBefore || !notAfter) {
    throw new TypeError('certificate draft incomplete: serial, subject and validity are required');
  }
  const parts = [
    VERSION_3,
    derUnsignedInteger(serialNumber),
    ECDSA_WITH_SHA256,
    issuerNameDer,
    derSequence(derTime(notBefore), derTime(notAfter)),
    subject.der,
    draft.subjectPublicKeyInfo,
  ];
  if (draft.extensions.length > 0) parts.push(derExplicit(3, derSequence(...draft.extensions.map(encodeExtension))));
  return derSequence(...parts);
}

/** Certificate ::= SEQUENCE { tbs, ecdsa-with-SHA256, BIT STRING signature (DER ECDSA-Sig-Value) }. */
export function encodeCertificate(tbs: Uint8Array, signatureDer: Uint8Array): Der {
  return derSequence(tbs, ECDSA_WITH_SHA256, derBitString(signatureDer));
}

/** IEEE P1363 r||s (webcrypto's ECDSA output) to DER ECDSA-Sig-Value (X.509's form). */
export function ecdsaRawToDer(raw: Uint8Array): Uint8Array {
  if (raw.length === 0 || raw.length % 2 !== 0) throw new TypeError('ECDSA signature must be r||s of equal halves');
  const half = raw.length / 2;
  return derSequence(derUnsignedInteger(raw.subarray(0, half)), derUnsignedInteger(raw.subarray(half)));
}
