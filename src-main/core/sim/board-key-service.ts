import {
  createECDH,
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  X509Certificate,
  type KeyObject,
} from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier, AttributeTypeAndValue, AttributeValue, Name, RelativeDistinguishedName, SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import { Attributes, CertificationRequest, CertificationRequestInfo } from '@peculiar/asn1-csr';
import type { WrongKeyCsrMode } from './board-sim-options';

/**
 * The simulated board's crypto: real P-256 keys (node:crypto), real PKCS#10 CSRs (ecdsa-with-SHA256),
 * real DER ECDSA signatures. Pure functions; they throw BoardCryptoError on data they reject.
 */
export interface BoardKey {
  privateKey: KeyObject;
  /** 65-byte uncompressed point 04‖X‖Y. */
  publicPoint: Buffer;
}

export class BoardCryptoError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BoardCryptoError';
  }
}

const OID_COMMON_NAME = '2.5.4.3';
const OID_ECDSA_WITH_SHA256 = '1.2.840.10045.4.3.2';
/** P-256 group order n. */
const P256_ORDER = BigInt('0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551');

function keyFromPrivateKey(privateKey: KeyObject): BoardKey {
  const details = privateKey.asymmetricKeyDetails;
  if (privateKey.asymmetricKeyType !== 'ec' || details?.namedCurve !== 'prime256v1') {
    throw new BoardCryptoError('key is not a P-256 EC key');
  }
  return { privateKey, publicPoint: publicPointOf(createPublicKey(privateKey)) };
}

/** The 65-byte uncompressed point of a P-256 public key. */
export function publicPointOf(publicKey: KeyObject): Buffer {
  const jwk = publicKey.export({ format: 'jwk' });
  if (jwk.kty !== 'EC' || jwk.crv !== 'P-256' || typeof jwk.x !== 'string' || typeof jwk.y !== 'string') {
    throw new BoardCryptoError('public key is not a P-256 EC key');
  }
  return Buffer.concat([Buffer.from([4]), Buffer.from(jwk.x, 'base64url'), Buffer.from(jwk.y, 'base64url')]);
}

/** A fresh random P-256 key pair. */
export function generateBoardKey(): BoardKey {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  return keyFromPrivateKey(privateKey);
}

/** The same P-256 key pair for the same seed, on every board and every call (duplicate-key tests). */
export function deriveBoardKey(seed: string): BoardKey {
  for (let counter = 0; counter < 1000; counter += 1) {
    const scalar = createHash('sha256').update(`board-sim-key:${seed}:${counter}`).digest();
    const value = BigInt(`0x${scalar.toString('hex')}`);
    if (value === 0n || value >= P256_ORDER) continue;
    const ecdh = createECDH('prime256v1');
    ecdh.setPrivateKey(scalar);
    const point = ecdh.getPublicKey();
    const privateKey = createPrivateKey({
      format: 'jwk',
      key: {
        kty: 'EC',
        crv: 'P-256',
        d: scalar.toString('base64url'),
        x: point.subarray(1, 33).toString('base64url'),
        y: point.subarray(33, 65).toString('base64url'),
      },
    });
    return keyFromPrivateKey(privateKey);
  }
  throw new BoardCryptoError('could not derive a key from the seed');
}

/** Imports a PKCS#8 DER private key; throws BoardCryptoError unless it is a P-256 key. */
export function importPkcs8Key(der: Buffer): BoardKey {
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  } catch {
    throw new BoardCryptoError('key is not PKCS8 DER');
  }
  return keyFromPrivateKey(privateKey);
}

export function exportPkcs8Key(key: BoardKey): Buffer {
  return key.privateKey.export({ format: 'der', type: 'pkcs8' });
}

function subjectName(commonName: string): Name {
  const attribute = new AttributeTypeAndValue({ type: OID_COMMON_NAME, value: new AttributeValue({ utf8String: commonName }) });
  return new Name([new RelativeDistinguishedName([attribute])]);
}

function toArrayBuffer(bytes: Buffer): ArrayBuffer {
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return copy.buffer;
}

/**
 * A DER PKCS#10 CSR, subject CN=commonName, signed with ecdsa-with-SHA256. `mode` makes a lying board:
 * 'foreign-key' carries and signs with another key, 'bad-signature' carries the slot's key but signs
 * with another one.
 */
export function buildCsr(key: BoardKey, commonName: string, mode: WrongKeyCsrMode = 'off'): Buffer {
  const other = mode === 'off' ? null : generateBoardKey();
  const carried = mode === 'foreign-key' && other ? other : key;
  const signer = other ?? key;
  const spki = createPublicKey(carried.privateKey).export({ format: 'der', type: 'spki' });
  const info = new CertificationRequestInfo({
    version: 0,
    subject: subjectName(commonName),
    subjectPKInfo: AsnConvert.parse(spki, SubjectPublicKeyInfo),
    attributes: new Attributes(),
  });
  const tbs = Buffer.from(AsnConvert.serialize(info));
  const signature = sign('sha256', tbs, signer.privateKey);
  const request = new CertificationRequest({
    certificationRequestInfo: info,
    signatureAlgorithm: new AlgorithmIdentifier({ algorithm: OID_ECDSA_WITH_SHA256 }),
    signature: toArrayBuffer(signature),
  });
  return Buffer.from(AsnConvert.serialize(request));
}

/** DER ECDSA signature over SHA-256(message). */
export function signMessage(key: BoardKey, message: Buffer): Buffer {
  return sign('sha256', message, key.privateKey);
}

/**
 * Splits concatenated DER SEQUENCEs (a chain or trust bundle). Throws BoardCryptoError on anything that
 * is not a whole number of well-formed definite-length SEQUENCEs.
 */
export function splitDerSequences(data: Buffer): Buffer[] {
  const items: Buffer[] = [];
  let offset = 0;
  while (offset < data.length) {
    if (data[offset] !== 0x30) throw new BoardCryptoError('not a DER SEQUENCE');
    const first = data[offset + 1];
    if (first === undefined) throw new BoardCryptoError('truncated DER');
    let length: number;
    let header: number;
    if (first < 0x80) {
      length = first;
      header = 2;
    } else {
      const count = first & 0x7f;
      if (count === 0 || count > 4 || offset + 2 + count > data.length) throw new BoardCryptoError('bad DER length');
      length = 0;
      for (let i = 0; i < count; i += 1) length = length * 256 + (data[offset + 2 + i] ?? 0);
      header = 2 + count;
    }
    const end = offset + header + length;
    if (end > data.length) throw new BoardCryptoError('truncated DER');
    items.push(data.subarray(offset, end));
    offset = end;
  }
  if (items.length === 0) throw new BoardCryptoError('no DER data');
  return items;
}

/** Parses concatenated DER certificates; throws BoardCryptoError if any does not parse. */
export function parseCertificates(data: Buffer): X509Certificate[] {
  return splitDerSequences(data).map((der) => {
    try {
      return new X509Certificate(der);
    } catch {
      throw new BoardCryptoError('certificate does not parse');
    }
  });
}

/** The uncompressed P-256 point a single DER certificate carries; throws BoardCryptoError otherwise. */
export function certificatePublicPoint(der: Buffer): Buffer {
  const certificates = parseCertificates(der);
  const certificate = certificates[0];
  if (certificates.length !== 1 || !certificate) throw new BoardCryptoError('expected exactly one certificate');
  return publicPointOf(certificate.publicKey);
}
