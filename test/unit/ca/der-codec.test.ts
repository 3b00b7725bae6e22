import { describe, expect, it } from 'vitest';
import { ecdsaRawToDer } from '../../../src-main/core/ca/certificate-template';
import { DerError, derOid, readDer } from '../../../src-main/core/ca/der-reader';
import { derOid as encodeOid, derSequence, derTime, derUnsignedInteger } from '../../../src-main/core/ca/der-writer';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

describe('DER writer', () => {
  it('encodes positive integers minimally, adding a sign octet when the top bit is set', () => {
    expect(hex(derUnsignedInteger(Uint8Array.of(0x00, 0x00, 0x7f)))).toBe('02017f');
    expect(hex(derUnsignedInteger(Uint8Array.of(0x80)))).toBe('02020080');
    expect(hex(derUnsignedInteger(Uint8Array.of(0, 0)))).toBe('020100');
  });

  it('uses UTCTime through 2049 and GeneralizedTime from 2050 (RFC 5280)', () => {
    expect(Buffer.from(derTime(new Date('2049-12-31T23:59:59.900Z')).subarray(2)).toString()).toBe('491231235959Z');
    expect(derTime(new Date('2049-12-31T23:59:59Z'))[0]).toBe(0x17);
    expect(Buffer.from(derTime(new Date('2050-01-01T00:00:00Z')).subarray(2)).toString()).toBe('20500101000000Z');
    expect(derTime(new Date('2050-01-01T00:00:00Z'))[0]).toBe(0x18);
  });

  it('round-trips object identifiers and long lengths through the strict reader', () => {
    expect(derOid(readDer(encodeOid('1.2.840.10045.4.3.2')))).toBe('1.2.840.10045.4.3.2');
    const big = derSequence(new Uint8Array(300).fill(0x05).map((_, index) => (index % 2 === 0 ? 0x05 : 0x00)));
    expect(hex(big.subarray(0, 4))).toBe('3082012c');
    expect(readDer(big).children).toHaveLength(150);
  });

  it('turns a P1363 signature into a DER ECDSA-Sig-Value', () => {
    const raw = new Uint8Array(64);
    raw[0] = 0x80;
    raw[63] = 0x01;
    const der = ecdsaRawToDer(raw);
    expect(hex(der.subarray(0, 5))).toBe('3026022100');
    expect(hex(der.subarray(der.length - 3))).toBe('020101');
  });
});

describe('DER reader', () => {
  it.each([
    ['indefinite length', Uint8Array.of(0x30, 0x80, 0x00, 0x00)],
    ['trailing bytes', Uint8Array.of(0x05, 0x00, 0x00)],
    ['non-minimal long length', Uint8Array.of(0x04, 0x81, 0x01, 0x00)],
    ['length past the end', Uint8Array.of(0x04, 0x05, 0x00)],
    ['high tag number', Uint8Array.of(0x1f, 0x81, 0x00, 0x00)],
    ['empty', new Uint8Array()],
  ])('refuses %s', (_name, bytes) => {
    expect(() => readDer(bytes)).toThrow(DerError);
  });
});
