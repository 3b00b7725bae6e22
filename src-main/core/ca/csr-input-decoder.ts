import { CsrRejectedError } from './csr-rejected-error';
import {
  DerError,
  DerTag,
  derBitStringBytes,
  derBytes,
  derChild,
  derContent,
  derOid,
  readDer,
  type DerElement,
} from './der-reader';
import { Oid } from './object-identifiers';

/** Largest input accepted, in bytes (a device CSR is well under 1 KiB). */
export const MAX_CSR_INPUT_BYTES = 16 * 1024;

export type CsrInputFormat = 'pem' | 'der' | 'base64url';

/** An extension the CSR asks for (PKCS#9 extensionRequest); never copied unless a profile says so. */
export interface RequestedExtension {
  oid: string;
  isCritical: boolean;
  /** The extnValue octets (DER of the extension's own value). */
  value: Uint8Array;
}

/**
 * A PKCS#10 request whose DER is well-formed and whose structure is a CertificationRequest. Nothing
 * about the key or the signature is checked yet: that is the validators' job.
 */
export interface DecodedCsr {
  format: CsrInputFormat;
  der: Uint8Array;
  /** certificationRequestInfo exactly as received: the bytes the signature covers. */
  requestInfo: Uint8Array;
  subjectDer: Uint8Array;
  /** SubjectPublicKeyInfo exactly as received. */
  subjectPublicKeyInfo: Uint8Array;
  keyAlgorithm: string;
  /** DER of the key algorithm's parameters element, or null when absent. */
  keyParameters: Uint8Array | null;
  publicKey: Uint8Array;
  signatureAlgorithm: string;
  /** DER of the signature algorithm's parameters element, or null when absent. */
  signatureParameters: Uint8Array | null;
  signature: Uint8Array;
  requestedExtensions: RequestedExtension[];
}

const CSR_LABELS = new Set(['CERTIFICATE REQUEST', 'NEW CERTIFICATE REQUEST']);
const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END ([A-Z0-9 ]+)-----/g;

/**
 * Turns what a board, a file or an operator supplied into a DecodedCsr.
 * Accepts PEM (either CSR label, LF or CRLF, wrapped or on one line, text around the armor), DER, and
 * base64url with or without padding. Rejects with reason `too-large` above MAX_CSR_INPUT_BYTES and
 * `encoding` for everything that is not exactly one strict-DER PKCS#10 request.
 */
export function decodeCsrInput(input: Uint8Array | string): DecodedCsr {
  const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input;
  if (bytes.length > MAX_CSR_INPUT_BYTES) {
    throw new CsrRejectedError(
      'too-large',
      `The CSR input is ${bytes.length} bytes; the limit is ${MAX_CSR_INPUT_BYTES} bytes.`,
    );
  }
  const { der, format } = unwrapInput(bytes);
  return parseCertificationRequest(der, format);
}

function unwrapInput(bytes: Uint8Array): { der: Uint8Array; format: CsrInputFormat } {
  if (bytes.length === 0) throw encodingError('The CSR input is empty.');
  if (bytes[0] === DerTag.sequence) return { der: bytes, format: 'der' };
  const text = new TextDecoder('latin1').decode(bytes);
  if (text.trim().length === 0) throw encodingError('The CSR input is empty.');
  if (text.includes('-----BEGIN ')) return { der: unwrapPem(text), format: 'pem' };
  const compact = text.trim();
  if (!/^[A-Za-z0-9_-]+={0,2}$/.test(compact) && !/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) {
    throw encodingError('The CSR input is neither PEM, DER nor base64url.');
  }
  return { der: decodeBase64(compact.replace(/-/g, '+').replace(/_/g, '/')), format: 'base64url' };
}

function unwrapPem(text: string): Uint8Array {
  const requests: string[] = [];
  const otherLabels: string[] = [];
  for (const match of text.matchAll(PEM_BLOCK)) {
    const [, label = '', body = '', endLabel = ''] = match;
    if (label !== endLabel) throw encodingError(`The PEM block "${label}" ends with "${endLabel}".`);
    if (CSR_LABELS.has(label)) requests.push(body);
    else otherLabels.push(label);
  }
  if (requests.length === 0) {
    if (otherLabels.includes('CERTIFICATE')) {
      throw encodingError('This is an X.509 certificate, not a certificate signing request.');
    }
    const found = otherLabels.length > 0 ? `found ${otherLabels.join(', ')}` : 'the armor is not closed';
    throw encodingError(`No PEM "CERTIFICATE REQUEST" block in the input (${found}).`);
  }
  if (requests.length > 1) throw encodingError(`The input holds ${requests.length} CSRs; send exactly one.`);
  const body = (requests[0] ?? '').replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(body)) throw encodingError('The PEM body is not base64.');
  return decodeBase64(body);
}

function decodeBase64(text: string): Uint8Array {
  const unpadded = text.replace(/=+$/, '');
  if (unpadded.length % 4 === 1) throw encodingError('The base64 text has an impossible length (truncated?).');
  return new Uint8Array(Buffer.from(unpadded, 'base64'));
}

function encodingError(message: string, cause?: unknown): CsrRejectedError {
  return new CsrRejectedError('encoding', message, { cause });
}

/** Reads a strict-DER CertificationRequest (RFC 2986); throws CsrRejectedError('encoding'). */
export function parseCertificationRequest(der: Uint8Array, format: CsrInputFormat = 'der'): DecodedCsr {
  let root: DerElement;
  try {
    root = readDer(der);
  } catch (error) {
    const detail = error instanceof DerError ? error.message : 'unreadable';
    throw encodingError(`The CSR is not valid DER: ${detail}.`, error);
  }
  try {
    return readStructure(root, der, format);
  } catch (error) {
    if (error instanceof CsrRejectedError) throw error;
    const detail = error instanceof DerError ? error.message : 'unexpected structure';
    throw encodingError(`The input is not a PKCS#10 certificate request: ${detail}.`, error);
  }
}

function readStructure(root: DerElement, der: Uint8Array, format: CsrInputFormat): DecodedCsr {
  if (root.tag !== DerTag.sequence) throw new DerError('outer element is not a SEQUENCE');
  const first = root.children[0];
  if (first?.tag === DerTag.sequence && first.children[0]?.tag === 0xa0) {
    throw encodingError('This is an X.509 certificate, not a certificate signing request.');
  }
  if (root.children.length !== 3) throw new DerError('CertificationRequest must have 3 fields');
  const info = derChild(root, 0, DerTag.sequence, 'certificationRequestInfo');
  const signatureAlgorithm = readAlgorithm(derChild(root, 1, DerTag.sequence, 'signatureAlgorithm'));
  const signature = derBitStringBytes(derChild(root, 2, DerTag.bitString, 'signature'), 'signature');

  const version = derChild(info, 0, DerTag.integer, 'version');
  const versionBytes = derContent(version);
  if (versionBytes.length !== 1 || versionBytes[0] !== 0) throw new DerError('version is not v1 (0)');
  const subject = derChild(info, 1, DerTag.sequence, 'subject');
  const spki = derChild(info, 2, DerTag.sequence, 'subjectPKInfo');
  if (spki.children.length !== 2) throw new DerError('subjectPKInfo must have 2 fields');
  const keyAlgorithm = readAlgorithm(derChild(spki, 0, DerTag.sequence, 'key algorithm'));
  const publicKey = derBitStringBytes(derChild(spki, 1, DerTag.bitString, 'subjectPublicKey'), 'subjectPublicKey');
  const attributes = info.children[3];
  if (attributes && attributes.tag !== 0xa0) throw new DerError('attributes are not [0]');
  if (info.children.length > 4) throw new DerError('certificationRequestInfo has extra fields');

  return {
    format,
    der,
    requestInfo: derBytes(info),
    subjectDer: derBytes(subject),
    subjectPublicKeyInfo: derBytes(spki),
    keyAlgorithm: keyAlgorithm.oid,
    keyParameters: keyAlgorithm.parameters,
    publicKey,
    signatureAlgorithm: signatureAlgorithm.oid,
    signatureParameters: signatureAlgorithm.parameters,
    signature,
    requestedExtensions: attributes ? readRequestedExtensions(attributes) : [],
  };
}

function readAlgorithm(element: DerElement): { oid: string; parameters: Uint8Array | null } {
  if (element.children.length < 1 || element.children.length > 2) {
    throw new DerError('AlgorithmIdentifier must have 1 or 2 fields');
  }
  const oid = derOid(derChild(element, 0, DerTag.oid, 'algorithm'));
  const parameters = element.children[1];
  return { oid, parameters: parameters ? derBytes(parameters) : null };
}

function readRequestedExtensions(attributes: DerElement): RequestedExtension[] {
  const found: RequestedExtension[] = [];
  for (const attribute of attributes.children) {
    if (attribute.tag !== DerTag.sequence || attribute.children.length !== 2) throw new DerError('malformed attribute');
    const type = derOid(derChild(attribute, 0, DerTag.oid, 'attribute type'));
    const values = derChild(attribute, 1, DerTag.set, 'attribute values');
    if (type !== Oid.extensionRequest) continue;
    for (const extensions of values.children) {
      if (extensions.tag !== DerTag.sequence) throw new DerError('malformed extensionRequest');
      for (const extension of extensions.children) found.push(readExtension(extension));
    }
  }
  return found;
}

function readExtension(extension: DerElement): RequestedExtension {
  if (extension.tag !== DerTag.sequence) throw new DerError('malformed requested extension');
  const oid = derOid(derChild(extension, 0, DerTag.oid, 'extnID'));
  const hasCritical = extension.children.length === 3;
  if (extension.children.length !== 2 && !hasCritical) throw new DerError('malformed requested extension');
  const isCritical = hasCritical && derContent(derChild(extension, 1, DerTag.boolean, 'critical'))[0] === 0xff;
  const value = derContent(derChild(extension, hasCritical ? 2 : 1, DerTag.octetString, 'extnValue'));
  return { oid, isCritical, value };
}
