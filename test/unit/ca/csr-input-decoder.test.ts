import { describe, expect, it } from 'vitest';
import { checkCsr } from '../../../src-main/core/ca/csr-check';
import { MAX_CSR_INPUT_BYTES, decodeCsrInput } from '../../../src-main/core/ca/csr-input-decoder';
import { CsrRejectedError, type CsrRejectReason } from '../../../src-main/core/ca/csr-rejected-error';
import { readCase } from './support/corpus';

function reasonOf(input: Uint8Array | string): CsrRejectReason | null {
  try {
    decodeCsrInput(input);
    return null;
  } catch (error) {
    if (error instanceof CsrRejectedError) return error.reason;
    throw error;
  }
}

const der = decodeCsrInput(readCase('ok-p256-pem.csr')).der;
const base64 = Buffer.from(der).toString('base64');
const pem = `-----BEGIN CERTIFICATE REQUEST-----\n${(base64.match(/.{1,64}/g) ?? []).join('\n')}\n-----END CERTIFICATE REQUEST-----\n`;

describe('decodeCsrInput', () => {
  it('decodes the same request from PEM text, PEM bytes, DER, padded base64 and base64url', () => {
    for (const input of [pem, new TextEncoder().encode(pem), der, base64, Buffer.from(der).toString('base64url')]) {
      expect(Buffer.from(decodeCsrInput(input).der).equals(Buffer.from(der))).toBe(true);
    }
  });

  it('reports the input format', () => {
    expect(decodeCsrInput(pem).format).toBe('pem');
    expect(decodeCsrInput(der).format).toBe('der');
    expect(decodeCsrInput(Buffer.from(der).toString('base64url')).format).toBe('base64url');
  });

  it('refuses two requests in one PEM input', () => {
    expect(reasonOf(pem + pem)).toBe('encoding');
  });

  it('refuses PEM whose BEGIN and END labels differ, and unclosed armor', () => {
    expect(reasonOf(pem.replace('END CERTIFICATE REQUEST', 'END CERTIFICATE'))).toBe('encoding');
    expect(reasonOf(pem.slice(0, 100))).toBe('encoding');
  });

  it('refuses a non-minimal DER length', () => {
    // Re-encode the outer length in long form with a leading zero octet.
    const contentLength = der.length - 3; // the corpus request uses 81 xx (one length octet)
    expect(der[1]).toBe(0x81);
    const padded = Uint8Array.from([0x30, 0x82, 0x00, contentLength, ...der.subarray(3)]);
    expect(reasonOf(padded)).toBe('encoding');
  });

  it('refuses whitespace-only and random text', () => {
    expect(reasonOf('   \r\n')).toBe('encoding');
    expect(reasonOf('hello world')).toBe('encoding');
  });

  it('refuses one byte over 16 KiB as too-large, before looking at the content', () => {
    expect(reasonOf(new Uint8Array(MAX_CSR_INPUT_BYTES + 1))).toBe('too-large');
    expect(reasonOf(new Uint8Array(MAX_CSR_INPUT_BYTES))).toBe('encoding');
  });

  it('gives csr check a verdict object with a null reason on accept', () => {
    expect(checkCsr(pem)).toMatchObject({ verdict: 'accept', reason: null });
  });

  it('lists the extensions a CSR asks for without trusting them', () => {
    const requested = decodeCsrInput(readCase('ok-requests-ca.pem')).requestedExtensions.map((extension) => extension.oid);
    expect(requested).toEqual(expect.arrayContaining(['2.5.29.19', '2.5.29.15']));
  });
});
