import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import type { DecodedCsr } from './csr-input-decoder';
import { CsrRejectedError } from './csr-rejected-error';
import { DerTag, derBitStringBytes, derChild, derOid, readDer } from './der-reader';
import { derBitString, derOid as encodeOid, derSequence } from './der-writer';
import { Oid, P256_NAMED_CURVE_DER, oidName } from './object-identifiers';

/** A P-256 public key that passed every check, in the forms the later steps need. */
export interface P256PublicKey {
  keyObject: KeyObject;
  /** SubjectPublicKeyInfo DER with the point uncompressed: what certificates carry and the ledger hashes. */
  spki: Uint8Array;
  /** The 65-byte uncompressed point (04 || X || Y). */
  point: Uint8Array;
  /** Lowercase hex SHA-256 of `spki`. */
  hash: string;
}

/** A CSR whose key, algorithm and self-signature are acceptable to the line's policy. */
export interface AcceptedCsr {
  csr: DecodedCsr;
  key: P256PublicKey;
  /** True when the signatureAlgorithm carried explicit NULL parameters and was normalized. */
  hadNullSignatureParameters: boolean;
}

const SPKI_UNCOMPRESSED_LENGTH = 91;

/** Key-type validator: EC P-256 with the named curve and a point on the curve; else `key-type`. */
export function validateP256Key(csr: DecodedCsr): P256PublicKey {
  if (csr.keyAlgorithm !== Oid.ecPublicKey) {
    throw new CsrRejectedError('key-type', `The CSR's key is ${oidName(csr.keyAlgorithm)}; the line issues only for EC P-256.`);
  }
  const parameters = csr.keyParameters;
  if (!parameters || !bytesEqual(parameters, P256_NAMED_CURVE_DER)) {
    throw new CsrRejectedError('key-type', `The CSR's EC key is ${describeCurve(parameters)}; the line wants P-256 given by its named curve.`);
  }
  const point = csr.publicKey;
  const isUncompressed = point.length === 65 && point[0] === 0x04;
  const isCompressed = point.length === 33 && (point[0] === 0x02 || point[0] === 0x03);
  if (!isUncompressed && !isCompressed) {
    throw new CsrRejectedError('key-type', 'The CSR\'s EC public key is not a P-256 point encoding.');
  }
  return importP256(csr.subjectPublicKeyInfo, point, 'The CSR\'s public key is not a point on P-256.');
}

function describeCurve(parameters: Uint8Array | null): string {
  if (!parameters) return 'missing its curve parameters';
  if (parameters[0] === DerTag.sequence) return 'given with explicit curve parameters';
  try {
    return `on curve ${oidName(derOid(readDer(parameters)))}`;
  } catch {
    return 'given with unreadable curve parameters';
  }
}

/** SubjectPublicKeyInfo DER up to the point, for id-ecPublicKey / prime256v1 and a 65-byte point. */
const P256_SPKI_PREFIX = Uint8Array.of(
  0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01,
  0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07, 0x03, 0x42, 0x00,
);

/**
 * Imports a P-256 key, checking the point is on the curve, and builds its normalized (uncompressed)
 * SPKI. An uncompressed point goes in as a JWK (about half the cost of OpenSSL 3's SPKI decoder); a
 * compressed point goes through the SPKI decoder.
 */
function importP256(spki: Uint8Array, point: Uint8Array, failure: string): P256PublicKey {
  let keyObject: KeyObject;
  let uncompressed = point;
  try {
    if (point.length === 65) {
      keyObject = createPublicKey({
        key: { kty: 'EC', crv: 'P-256', x: base64url(point.subarray(1, 33)), y: base64url(point.subarray(33)) },
        format: 'jwk',
      });
    } else {
      // NOTE: OpenSSL keeps a key's point form on export, so the uncompressed point is rebuilt from x, y.
      keyObject = createPublicKey({ key: Buffer.from(spki.buffer, spki.byteOffset, spki.byteLength), format: 'der', type: 'spki' });
      const jwk = keyObject.export({ format: 'jwk' });
      uncompressed = Uint8Array.from([0x04, ...Buffer.from(jwk.x ?? '', 'base64url'), ...Buffer.from(jwk.y ?? '', 'base64url')]);
    }
  } catch (cause) {
    throw new CsrRejectedError('key-type', failure, { cause });
  }
  if (keyObject.asymmetricKeyType !== 'ec' || keyObject.asymmetricKeyDetails?.namedCurve !== 'prime256v1' || uncompressed.length !== 65) {
    throw new CsrRejectedError('key-type', failure);
  }
  const normalized = new Uint8Array(SPKI_UNCOMPRESSED_LENGTH);
  normalized.set(P256_SPKI_PREFIX, 0);
  normalized.set(uncompressed, P256_SPKI_PREFIX.length);
  return {
    keyObject,
    spki: normalized,
    point: normalized.subarray(P256_SPKI_PREFIX.length),
    hash: createHash('sha256').update(normalized).digest('hex'),
  };
}

function base64url(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url');
}

/**
 * Signature-algorithm validator: ecdsa-with-SHA256, parameters absent (RFC 5758). Explicit NULL
 * parameters are normalized and accepted.
 * NOTE: several cellular modems (nRF9160 %KEYGEN) emit the NULL; their signatures are good.
 */
export function validateSignatureAlgorithm(csr: DecodedCsr): { hadNullParameters: boolean } {
  if (csr.signatureAlgorithm !== Oid.ecdsaWithSha256) {
    throw new CsrRejectedError(
      'signature-algorithm',
      `The CSR is signed with ${oidName(csr.signatureAlgorithm)}; the line accepts only ecdsa-with-SHA256.`,
    );
  }
  const parameters = csr.signatureParameters;
  if (parameters === null) return { hadNullParameters: false };
  if (parameters.length === 2 && parameters[0] === DerTag.null && parameters[1] === 0) return { hadNullParameters: true };
  throw new CsrRejectedError('signature-algorithm', 'The CSR\'s ecdsa-with-SHA256 identifier carries unexpected parameters.');
}

/** Proof of possession: the self-signature over certificationRequestInfo verifies; else `signature`. */
export function verifyProofOfPossession(csr: DecodedCsr, key: P256PublicKey): void {
  let isValid = false;
  try {
    isValid = verify('sha256', csr.requestInfo, { key: key.keyObject, dsaEncoding: 'der' }, csr.signature);
  } catch (cause) {
    throw new CsrRejectedError('signature', 'The CSR\'s signature is malformed: proof of possession fails.', { cause });
  }
  if (!isValid) {
    throw new CsrRejectedError('signature', 'The CSR\'s signature does not verify: the request was altered or not signed by its key.');
  }
}

/**
 * The CSR-only policy, in order: key type, signature algorithm, proof of possession. The key and the
 * algorithm are checked first because the signature can only be verified for a key and an algorithm
 * the line knows. Throws CsrRejectedError.
 */
export function checkCsrPolicy(csr: DecodedCsr): AcceptedCsr {
  const key = validateP256Key(csr);
  const { hadNullParameters } = validateSignatureAlgorithm(csr);
  verifyProofOfPossession(csr, key);
  return { csr, key, hadNullSignatureParameters: hadNullParameters };
}

/**
 * Normalizes the board's KEYGEN answer (65-byte uncompressed point, 33-byte compressed point, or
 * SubjectPublicKeyInfo DER) to a P256PublicKey; throws CsrRejectedError('wrong-key') when it is none.
 */
export function normalizeExpectedKey(expected: Uint8Array): P256PublicKey {
  const isPoint = (expected.length === 65 && expected[0] === 0x04) || (expected.length === 33 && (expected[0] === 0x02 || expected[0] === 0x03));
  let spki = expected;
  let point = expected;
  if (isPoint) {
    spki = derSequence(derSequence(encodeOid(Oid.ecPublicKey), encodeOid(Oid.prime256v1)), derBitString(expected));
  } else {
    try {
      const root = readDer(expected);
      derChild(root, 0, DerTag.sequence, 'algorithm');
      point = derBitStringBytes(derChild(root, 1, DerTag.bitString, 'key'), 'key');
    } catch {
      throw new CsrRejectedError('wrong-key', 'The board\'s KEYGEN public key is neither a P-256 point nor a SubjectPublicKeyInfo.');
    }
    if (point.length !== 65 && point.length !== 33) {
      throw new CsrRejectedError('wrong-key', 'The board\'s KEYGEN public key is not a P-256 point.');
    }
  }
  try {
    return importP256(spki, point, 'The board\'s KEYGEN public key is not a P-256 point.');
  } catch (error) {
    if (error instanceof CsrRejectedError) throw new CsrRejectedError('wrong-key', error.message);
    throw error;
  }
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let index = 0; index < a.length; index += 1) if (a[index] !== b[index]) return false;
  return true;
}
