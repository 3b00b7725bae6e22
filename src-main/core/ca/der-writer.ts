/**
 * Minimal DER encoders for the certificate the pipeline issues. Every function returns a complete
 * TLV. Hand-built because @peculiar/asn1-schema's serializer costs about 1 ms per certificate, half of
 * the issuing budget; the output is checked against @peculiar/x509, OpenSSL and Python in the tests.
 */
import { DerTag } from './der-reader';

/** A DER encoding in its own ArrayBuffer (usable wherever a BufferSource is wanted). */
export type Der = Uint8Array<ArrayBuffer>;

export function derTlv(tag: number, ...parts: Uint8Array[]): Der {
  let length = 0;
  for (const part of parts) length += part.length;
  const header = encodeHeader(tag, length);
  const out = new Uint8Array(header.length + length);
  out.set(header, 0);
  let offset = header.length;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

function encodeHeader(tag: number, length: number): Der {
  if (length < 0x80) return Uint8Array.of(tag, length);
  const octets: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) octets.unshift(rest % 256);
  return Uint8Array.of(tag, 0x80 | octets.length, ...octets);
}

export function derSequence(...parts: Uint8Array[]): Der {
  return derTlv(DerTag.sequence, ...parts);
}

export function derSet(...parts: Uint8Array[]): Der {
  return derTlv(DerTag.set, ...parts);
}

/** [n] EXPLICIT wrapper (constructed, context-specific). */
export function derExplicit(tagNumber: number, ...parts: Uint8Array[]): Der {
  return derTlv(0xa0 | tagNumber, ...parts);
}

/** A non-negative INTEGER from big-endian magnitude bytes, in minimal two's-complement form. */
export function derUnsignedInteger(magnitude: Uint8Array): Der {
  let start = 0;
  while (start < magnitude.length - 1 && magnitude[start] === 0) start += 1;
  const trimmed = magnitude.subarray(start);
  if (trimmed.length === 0) return Uint8Array.of(DerTag.integer, 1, 0);
  return (trimmed[0] ?? 0) & 0x80 ? derTlv(DerTag.integer, Uint8Array.of(0), trimmed) : derTlv(DerTag.integer, trimmed);
}

export function derSmallInteger(value: number): Der {
  if (!Number.isInteger(value) || value < 0 || value > 127) throw new TypeError('derSmallInteger takes 0..127');
  return Uint8Array.of(DerTag.integer, 1, value);
}

export function derBoolean(value: boolean): Der {
  return Uint8Array.of(DerTag.boolean, 1, value ? 0xff : 0x00);
}

export function derOctetString(content: Uint8Array): Der {
  return derTlv(DerTag.octetString, content);
}

/** BIT STRING of whole octets (unused bits 0). */
export function derBitString(content: Uint8Array): Der {
  return derTlv(DerTag.bitString, Uint8Array.of(0), content);
}

/** Dotted OID to its DER element. */
export function derOid(dotted: string): Der {
  const arcs = dotted.split('.').map((arc) => Number(arc));
  if (arcs.length < 2 || arcs.some((arc) => !Number.isSafeInteger(arc) || arc < 0)) {
    throw new TypeError(`not an object identifier: ${dotted}`);
  }
  const bytes: number[] = [];
  const encodeArc = (arc: number): void => {
    const group: number[] = [arc % 128];
    for (let rest = Math.floor(arc / 128); rest > 0; rest = Math.floor(rest / 128)) group.unshift(0x80 | (rest % 128));
    bytes.push(...group);
  };
  encodeArc((arcs[0] ?? 0) * 40 + (arcs[1] ?? 0));
  for (const arc of arcs.slice(2)) encodeArc(arc);
  return derTlv(DerTag.oid, Uint8Array.from(bytes));
}

const textEncoder = new TextEncoder();

export function derUtf8String(value: string): Der {
  return derTlv(DerTag.utf8String, textEncoder.encode(value));
}

export function derPrintableString(value: string): Der {
  if (!/^[A-Za-z0-9 '()+,\-./:=?]*$/.test(value)) throw new TypeError('not a PrintableString');
  return derTlv(DerTag.printableString, textEncoder.encode(value));
}

/** RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050; whole seconds, Zulu. */
export function derTime(date: Date): Der {
  const iso = date.toISOString(); // YYYY-MM-DDTHH:MM:SS.sssZ
  const year = date.getUTCFullYear();
  const digits = `${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
  if (year >= 1950 && year <= 2049) return derTlv(DerTag.utcTime, textEncoder.encode(`${iso.slice(2, 4)}${digits}`));
  return derTlv(DerTag.generalizedTime, textEncoder.encode(`${iso.slice(0, 4)}${digits}`));
}
