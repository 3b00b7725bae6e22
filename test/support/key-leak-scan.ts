import fs from 'node:fs';
import path from 'node:path';
import { decodePemBlocks } from '../../src-main/core/ca/pem-codec';

/** Bytes that must never appear outside the keychain, with a name for the failure message. */
export interface Needle {
  name: string;
  bytes: Buffer;
}

/** Something searched for needles: a file's bytes or captured output. */
export interface Haystack {
  name: string;
  bytes: Buffer;
}

/**
 * Every form a leaked CA key could take: the PKCS#8 DER and its base64, and the private scalar raw, in
 * hex (both cases), base64 and base64url.
 */
export async function caKeyNeedles(pkcs8Pem: string): Promise<Needle[]> {
  const der = Buffer.from(decodePemBlocks(pkcs8Pem)[0]?.der ?? new Uint8Array());
  if (der.length < 100) throw new Error('not a PKCS#8 key');
  const key = await globalThis.crypto.subtle.importKey('pkcs8', der, { name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign']);
  const jwk = await globalThis.crypto.subtle.exportKey('jwk', key);
  const scalar = Buffer.from(jwk.d ?? '', 'base64url');
  if (scalar.length !== 32) throw new Error('not a P-256 private scalar');
  return [
    { name: 'PKCS#8 DER', bytes: der },
    { name: 'PKCS#8 base64', bytes: Buffer.from(der.toString('base64').slice(4, 60)) },
    { name: 'scalar', bytes: scalar },
    { name: 'scalar hex', bytes: Buffer.from(scalar.toString('hex')) },
    { name: 'scalar HEX', bytes: Buffer.from(scalar.toString('hex').toUpperCase()) },
    { name: 'scalar base64', bytes: Buffer.from(scalar.toString('base64').slice(0, 40)) },
    { name: 'scalar base64url', bytes: Buffer.from(jwk.d ?? '') },
  ];
}

/** Every file under `directory`, read whole. */
export function filesUnder(directory: string): Haystack[] {
  return fs
    .readdirSync(directory, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => {
      const filePath = path.join(entry.parentPath, entry.name);
      return { name: filePath, bytes: fs.readFileSync(filePath) };
    });
}

/** "<needle> in <haystack>" for every needle found; empty when nothing leaked. */
export function findLeaks(haystacks: Haystack[], needles: Needle[]): string[] {
  return haystacks.flatMap((haystack) =>
    needles.filter((needle) => haystack.bytes.includes(needle.bytes)).map((needle) => `${needle.name} in ${haystack.name}`),
  );
}
