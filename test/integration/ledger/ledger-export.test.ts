import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CREDENTIAL_EXPORT_COLUMNS, toExportRow } from '../../../src-main/core/ledger/credential-export';
import { parseCsv } from '../../../src-main/core/ledger/csv-codec';
import type { Ledger } from '../../../src-main/core/ledger/ledger';
import type { CredentialRecord } from '../../../src-main/core/ledger/ledger-types';
import { makeCredential, openTestLedger } from './ledger-test-support';

const TRICKY_SUBJECT = 'CN=SN-Q1,O="Acme, Inc.",OU=line\n2\r\nend';

describe('Ledger credential export', () => {
  let ledger: Ledger;
  let cleanup: () => void;

  beforeEach(() => {
    ({ ledger, cleanup } = openTestLedger());
  });
  afterEach(() => cleanup());

  function seed(): CredentialRecord[] {
    const tricky = ledger.recordCredential(makeCredential('SN-Q1', { subject: TRICKY_SUBJECT, slot: null }));
    ledger.markEnrollment(tricky.id, { status: 'failed', error: 'registry said: "no", then, well\nnothing' });
    const plain = ledger.recordCredential(
      makeCredential('SN-Q2', { enrollmentStatus: 'not-required', keyOrigin: 'offline-csr', subject: 'CN=Größe ✓ 設備' }),
    );
    return [ledger.getCredential(tricky.id), ledger.getCredential(plain.id)].filter((x): x is CredentialRecord => x !== null);
  }

  function collect(format: 'csv' | 'json', search = {}): { text: string; count: number; chunks: number } {
    const chunks: string[] = [];
    const count = ledger.exportCredentials(format, (chunk) => chunks.push(chunk), search);
    return { text: chunks.join(''), count, chunks: chunks.length };
  }

  it('round-trips CSV with commas, quotes and line breaks, certificate as base64 DER', () => {
    const records = seed();
    const { text, count } = collect('csv');
    expect(count).toBe(2);
    expect(text.endsWith('\r\n')).toBe(true);
    const [header, ...rows] = parseCsv(text);
    expect(header).toEqual([...CREDENTIAL_EXPORT_COLUMNS]);
    expect(rows).toHaveLength(2);
    const expected = records.map((record) =>
      CREDENTIAL_EXPORT_COLUMNS.map((column) => {
        const value = toExportRow(record)[column];
        return value === null ? '' : String(value);
      }),
    );
    expect(rows).toEqual(expected);
    const subjectColumn = CREDENTIAL_EXPORT_COLUMNS.indexOf('subject');
    expect(rows[0]?.[subjectColumn]).toBe(TRICKY_SUBJECT);
    const derColumn = CREDENTIAL_EXPORT_COLUMNS.indexOf('certificateDerBase64');
    expect(Buffer.from(rows[1]?.[derColumn] ?? '', 'base64').equals(Buffer.from(records[1]?.certificateDer ?? []))).toBe(true);
  });

  it('round-trips JSON as an array of rows', () => {
    const records = seed();
    const { text, count } = collect('json');
    expect(count).toBe(2);
    const parsed: unknown = JSON.parse(text);
    expect(parsed).toEqual(records.map(toExportRow));
    expect(JSON.parse(collect('json', { serial: 'nobody' }).text)).toEqual([]);
  });

  it('applies the search and streams large exports in several chunks', () => {
    for (let i = 0; i < 60; i += 1) {
      ledger.recordCredential(makeCredential(`SN-BULK-${i}`, { certificateDer: new Uint8Array(randomBytes(1500)) }));
    }
    const all = collect('csv');
    expect(all.count).toBe(60);
    expect(all.chunks).toBeGreaterThan(1);
    expect(parseCsv(all.text)).toHaveLength(61);
    const one = collect('csv', { serial: 'SN-BULK-7' });
    expect(one.count).toBe(1);
    expect(() => ledger.exportCredentials('xml' as 'csv', () => {})).toThrow(expect.objectContaining({ code: 'ledger-invalid-input' }));
  });
});
