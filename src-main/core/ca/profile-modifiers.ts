import { createHash } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import { SubjectAlternativeName } from '@peculiar/asn1-x509';
import type { CertificateProfile } from '../config/station-config';
import { StationError } from '../errors';
import type { CaSigner } from './ca-signer';
import type { CertificateDraft, EncodedName } from './certificate-template';
import { CsrRejectedError } from './csr-rejected-error';
import type { AcceptedCsr } from './csr-validators';
import { readDer } from './der-reader';
import { derOid, derPrintableString, derSequence, derSet, derTlv, derUtf8String } from './der-writer';
import { Oid } from './object-identifiers';

/** Returns `length` cryptographically random bytes (injected so tests can fix serial numbers). */
export type RandomSource = (length: number) => Uint8Array;
/** The current time (injected so tests use fixed dates). */
export type Clock = () => Date;

export interface ModifierContext {
  profile: CertificateProfile;
  boardSerial: string;
  accepted: AcceptedCsr;
  issuer: CaSigner;
  now: Date;
  random: RandomSource;
}

/** A profile step (step-ca's "sign option"): fills or changes one part of the draft, or throws. */
export type ProfileModifier = (draft: CertificateDraft, context: ModifierContext) => void;

interface NameAttribute {
  key: string;
  oid: string;
  isPrintable: boolean;
}

const NAME_ATTRIBUTES: Record<string, NameAttribute> = {
  CN: { key: 'CN', oid: '2.5.4.3', isPrintable: false },
  SERIALNUMBER: { key: 'SERIALNUMBER', oid: '2.5.4.5', isPrintable: true },
  O: { key: 'O', oid: '2.5.4.10', isPrintable: false },
  OU: { key: 'OU', oid: '2.5.4.11', isPrintable: false },
  L: { key: 'L', oid: '2.5.4.7', isPrintable: false },
  ST: { key: 'ST', oid: '2.5.4.8', isPrintable: false },
  C: { key: 'C', oid: '2.5.4.6', isPrintable: true },
};

interface TemplateAttribute {
  attribute: NameAttribute;
  valueTemplate: string;
}

const templateCache = new Map<string, TemplateAttribute[]>();

/**
 * Parses a subject template such as "CN={serial}, O=Acme Sensors" (attributes CN, SERIALNUMBER, O,
 * OU, L, ST, C; one value each; no commas inside values). Throws StationError('profile-invalid').
 */
export function parseSubjectTemplate(template: string): TemplateAttribute[] {
  const cached = templateCache.get(template);
  if (cached) return cached;
  const parsed = template.split(',').map((part) => {
    const separator = part.indexOf('=');
    const key = part.slice(0, Math.max(separator, 0)).trim().toUpperCase();
    const attribute = NAME_ATTRIBUTES[key];
    const valueTemplate = part.slice(separator + 1).trim();
    if (separator < 0 || !attribute || valueTemplate.length === 0) {
      throw new StationError('profile-invalid', `The certificate profile's subject template "${template}" has a bad part "${part.trim()}".`, {
        hint: `Use attributes ${Object.keys(NAME_ATTRIBUTES).join(', ')} as "KEY=value", separated by commas; {serial} is the board serial.`,
      });
    }
    return { attribute, valueTemplate };
  });
  templateCache.set(template, parsed);
  return parsed;
}

/** Board serials: 1–64 characters, no control characters (they end up in the subject). */
export function assertBoardSerial(serial: string): void {
  if (serial.length === 0 || serial.length > 64 || [...serial].some((character) => isControl(character))) {
    throw new StationError('invalid-serial', 'The board serial must be 1 to 64 printable characters.', {
      hint: 'Check the serial the board reported in HELLO, or the --serial given on the command line.',
    });
  }
}

function isControl(character: string): boolean {
  const code = character.codePointAt(0) ?? 0;
  return code < 0x20 || code === 0x7f;
}

/** Builds the subject from profile.subjectTemplate, `{serial}` replaced by the board serial. */
export function buildSubject(template: string, boardSerial: string): EncodedName {
  const rdns: Uint8Array[] = [];
  const texts: string[] = [];
  for (const { attribute, valueTemplate } of parseSubjectTemplate(template)) {
    const value = valueTemplate.split('{serial}').join(boardSerial);
    if (value.length > 64) {
      throw new StationError('profile-invalid', `The subject attribute ${attribute.key} would be longer than 64 characters.`, {
        hint: 'Shorten the subject template.',
      });
    }
    let encodedValue: Uint8Array;
    try {
      encodedValue = attribute.isPrintable ? derPrintableString(value) : derUtf8String(value);
    } catch {
      throw new StationError('profile-invalid', `The subject attribute ${attribute.key} must use PrintableString characters only.`, {
        hint: `Use letters, digits and spaces in ${attribute.key}.`,
      });
    }
    rdns.push(derSet(derSequence(derOid(attribute.oid), encodedValue)));
    texts.push(`${attribute.key}=${escapeDnValue(value)}`);
  }
  return { der: derSequence(...rdns), text: texts.join(', ') };
}

function escapeDnValue(value: string): string {
  return value.replace(/([,+"\\<>;=])/g, '\\$1').replace(/^([ #])/, '\\$1').replace(/ $/, '\\ ');
}

export const subjectFromTemplate: ProfileModifier = (draft, { profile, boardSerial }) => {
  draft.subject = buildSubject(profile.subjectTemplate, boardSerial);
};

/** A uniformly random positive serial below 2^128 (16 random octets; DER adds a sign octet if needed). */
export const randomSerialNumber: ProfileModifier = (draft, { random }) => {
  const bytes = random(16).slice(0, 16);
  if (bytes.length !== 16) throw new TypeError('the random source must return the requested length');
  if (bytes.every((byte) => byte === 0)) bytes[15] = 1;
  draft.serialNumber = bytes;
};

const DAY_MS = 86_400_000;

/**
 * notBefore = now − profile.backdateSeconds; notAfter = now + profile.validityDays (whole seconds).
 * notAfter is clamped to the CA's notAfter. Refuses (`ca-expired`, `ca-not-yet-valid`) when the CA
 * certificate is not valid now.
 */
export const validityFromProfile: ProfileModifier = (draft, { profile, issuer, now }) => {
  const nowMs = Math.floor(now.getTime() / 1000) * 1000;
  if (nowMs > issuer.notAfter.getTime()) {
    throw new StationError('ca-expired', `The line CA certificate expired on ${issuer.notAfter.toISOString()}.`, {
      hint: 'Renew the line CA (`station ca init --csr` for a new key signed by the root) before issuing.',
    });
  }
  if (nowMs < issuer.notBefore.getTime()) {
    throw new StationError('ca-not-yet-valid', `The line CA certificate is valid only from ${issuer.notBefore.toISOString()}.`, {
      hint: 'Check the station clock.',
    });
  }
  draft.notBefore = new Date(nowMs - profile.backdateSeconds * 1000);
  draft.notAfter = new Date(Math.min(nowMs + profile.validityDays * DAY_MS, issuer.notAfter.getTime()));
};

const BASIC_CONSTRAINTS_END_ENTITY = derSequence();
const KEY_USAGE_DIGITAL_SIGNATURE = Uint8Array.of(0x03, 0x02, 0x07, 0x80);
const EXT_KEY_USAGE_CLIENT_AUTH = derSequence(derOid(Oid.clientAuth));

/**
 * basicConstraints CA:FALSE (critical), keyUsage digitalSignature (critical), extKeyUsage clientAuth,
 * subjectKeyIdentifier (SHA-1 of the public key, RFC 5280 method 1), authorityKeyIdentifier = CA SKI.
 */
export const endEntityExtensions: ProfileModifier = (draft, { accepted, issuer }) => {
  const keyIdentifier = new Uint8Array(createHash('sha1').update(accepted.key.point).digest());
  draft.extensions.push(
    { oid: Oid.basicConstraints, isCritical: true, value: BASIC_CONSTRAINTS_END_ENTITY },
    { oid: Oid.keyUsage, isCritical: true, value: KEY_USAGE_DIGITAL_SIGNATURE },
    { oid: Oid.extKeyUsage, isCritical: false, value: EXT_KEY_USAGE_CLIENT_AUTH },
    { oid: Oid.subjectKeyIdentifier, isCritical: false, value: derTlv(0x04, keyIdentifier) },
    { oid: Oid.authorityKeyIdentifier, isCritical: false, value: derSequence(derTlv(0x80, issuer.subjectKeyIdentifier)) },
  );
};

/** Copies the CSR's subjectAltName (non-critical) only when profile.copySubjectAltName is true. */
export const copySubjectAltName: ProfileModifier = (draft, { profile, accepted }) => {
  if (!profile.copySubjectAltName) return;
  const requested = accepted.csr.requestedExtensions.find((extension) => extension.oid === Oid.subjectAltName);
  if (!requested) return;
  try {
    readDer(requested.value);
    AsnConvert.parse(requested.value, SubjectAlternativeName);
  } catch (cause) {
    throw new CsrRejectedError('encoding', 'The subjectAltName the CSR asks for is malformed.', {
      hint: 'Ask the board for a CSR without subjectAltName, or turn off copySubjectAltName in the profile.',
      cause,
    });
  }
  draft.extensions.push({ oid: Oid.subjectAltName, isCritical: false, value: requested.value.slice() });
};

/** The default profile steps, in order. */
export const DEFAULT_PROFILE_MODIFIERS: readonly ProfileModifier[] = [
  subjectFromTemplate,
  randomSerialNumber,
  validityFromProfile,
  endEntityExtensions,
  copySubjectAltName,
];
