import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkCsr, describeSubject } from '../../../src-main/core/ca/csr-check';
import { decodeCsrInput } from '../../../src-main/core/ca/csr-input-decoder';
import { CsrRejectedError } from '../../../src-main/core/ca/csr-rejected-error';
import { checkCsrPolicy } from '../../../src-main/core/ca/csr-validators';
import { StationError } from '../../../src-main/core/errors';
import { NRF9160_CSR, allowedOutcomes, loadManifest, readCase } from './support/corpus';

const cases = loadManifest();

describe('CSR corpus (shared/corpus/csr/manifest.json)', () => {
  it('has every case of the manifest', () => {
    expect(cases.length).toBeGreaterThanOrEqual(29);
  });

  it.each(cases.map((entry) => [entry.file, entry] as const))('%s gets an allowed verdict', (_file, entry) => {
    const verdict = checkCsr(readCase(entry.file));
    const outcome = verdict.verdict === 'accept' ? 'accept' : `reject:${verdict.reason ?? ''}`;
    expect(allowedOutcomes(entry)).toContain(outcome);
    expect(verdict.message.length).toBeGreaterThan(20);
    if (verdict.verdict === 'accept' && entry.subject_cn !== null && verdict.accepted) {
      expect(describeSubject(verdict.accepted.csr)).toContain(`CN=${entry.subject_cn}`);
    }
  });

  it.each(cases.filter((entry) => entry.verdict === 'reject').map((entry) => [entry.file, entry] as const))(
    '%s throws a CsrRejectedError with code csr-rejected from the pipeline steps',
    (_file, entry) => {
      let caught: unknown;
      try {
        checkCsrPolicy(decodeCsrInput(readCase(entry.file)));
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(CsrRejectedError);
      expect(caught).toBeInstanceOf(StationError);
      if (caught instanceof CsrRejectedError) {
        expect(caught.code).toBe('csr-rejected');
        expect(allowedOutcomes(entry)).toContain(`reject:${caught.reason}`);
        expect(caught.hint.length).toBeGreaterThan(10);
      }
    },
  );
});

describe('real nRF9160 %KEYGEN CSR (explicit NULL signature parameters)', () => {
  it('is verified by its signature and accepted, with the NULL normalized', () => {
    const decoded = decodeCsrInput(new Uint8Array(fs.readFileSync(NRF9160_CSR)));
    expect(decoded.format).toBe('der');
    expect(decoded.signatureParameters).toEqual(Uint8Array.of(0x05, 0x00));
    const accepted = checkCsrPolicy(decoded);
    expect(accepted.hadNullSignatureParameters).toBe(true);
    expect(accepted.key.point).toHaveLength(65);
  });

  it('fails proof of possession when one signed byte changes', () => {
    const bytes = new Uint8Array(fs.readFileSync(NRF9160_CSR));
    const decoded = decodeCsrInput(bytes);
    const tampered = bytes.slice();
    // The last octet of the subject is a character of its CN: flipping a bit keeps the DER valid.
    const lastSubjectOctet = decoded.subjectDer.byteOffset - decoded.der.byteOffset + decoded.subjectDer.length - 1;
    tampered[lastSubjectOctet] = (tampered[lastSubjectOctet] ?? 0) ^ 0x01;
    expect(checkCsr(tampered)).toMatchObject({ verdict: 'reject', reason: 'signature' });
  });
});
