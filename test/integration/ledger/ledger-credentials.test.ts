import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Ledger } from '../../../src-main/core/ledger/ledger';
import { makeCredential, openTestLedger } from './ledger-test-support';

describe('Ledger boards and credentials', () => {
  let ledger: Ledger;
  let cleanup: () => void;

  beforeEach(() => {
    ({ ledger, cleanup } = openTestLedger());
  });
  afterEach(() => cleanup());

  it('upserts boards, keeping model/firmware when not reported and tracking first/last seen', () => {
    const first = ledger.upsertBoard({ serial: 'SN-1', model: 'nrf9160', firmware: '1.0.0' });
    expect(first).toEqual({
      serial: 'SN-1',
      model: 'nrf9160',
      firmware: '1.0.0',
      firstSeenAt: '2026-03-01T08:00:00.000Z',
      lastSeenAt: '2026-03-01T08:00:00.000Z',
    });
    const second = ledger.upsertBoard({ serial: 'SN-1', firmware: '1.1.0' });
    expect(second.model).toBe('nrf9160');
    expect(second.firmware).toBe('1.1.0');
    expect(second.firstSeenAt).toBe(first.firstSeenAt);
    expect(second.lastSeenAt > first.lastSeenAt).toBe(true);
    expect(ledger.getBoard('SN-1')).toEqual(second);
    expect(ledger.getBoard('SN-unknown')).toBeNull();

    const events = ledger.listEvents();
    expect(events.map((event) => event.type)).toEqual(['board.seen', 'board.seen']);
    expect(JSON.parse(events[1]?.data ?? '{}')).toEqual({
      boardSerial: 'SN-1',
      firmware: '1.1.0',
      isNew: false,
      model: 'nrf9160',
      previousFirmware: '1.0.0',
    });
  });

  it('records a credential with its event, creating an unseen board, and finds it every way', () => {
    const input = makeCredential('SN-2', { serialNumber: '00ab12' });
    const record = ledger.recordCredential(input);
    expect(record).toMatchObject({
      ...input,
      id: 1,
      status: 'issued',
      registryDeviceSid: null,
      registryCertificateSid: null,
      enrollmentError: null,
      enrollmentAttempts: 0,
      enrolledAt: null,
    });
    expect(Buffer.from(record.certificateDer).equals(Buffer.from(input.certificateDer))).toBe(true);
    expect(ledger.getBoard('SN-2')).not.toBeNull();

    expect(ledger.getCredential(record.id)).toEqual(record);
    expect(ledger.findCredentialByThumbprint(input.thumbprint)).toEqual(record);
    expect(ledger.findCredentialByThumbprint(input.thumbprint.toUpperCase())).toEqual(record);
    expect(ledger.findCredentialBySerialNumber('00ab12')).toEqual(record);
    expect(ledger.findCredentialsByPublicKeyHash(input.publicKeyHash)).toEqual([record]);
    expect(ledger.credentialsForBoard('SN-2')).toEqual([record]);
    expect(ledger.getCredential(999)).toBeNull();
    expect(ledger.findCredentialBySerialNumber('ffff')).toBeNull();

    const types = ledger.listEvents().map((event) => event.type);
    expect(types).toEqual(['board.seen', 'credential.issued']);
    const issued = ledger.listEvents({ afterId: 1 })[0];
    expect(issued?.boardSerial).toBe('SN-2');
    expect(issued?.data).not.toContain(Buffer.from(input.certificateDer).toString('base64'));
  });

  it('refuses a second credential with the same thumbprint and leaves no trace of the attempt', () => {
    const input = makeCredential('SN-3');
    ledger.recordCredential(input);
    const eventsBefore = ledger.listEvents().length;
    expect(() => ledger.recordCredential(input)).toThrow(expect.objectContaining({ code: 'ledger-duplicate-certificate' }));
    expect(ledger.listEvents().length).toBe(eventsBefore);
    expect(ledger.credentialsForBoard('SN-3')).toHaveLength(1);
  });

  it('allows the same public key on several credentials and lists them all (the CA decides)', () => {
    const key = 'a'.repeat(64);
    const a = ledger.recordCredential(makeCredential('SN-4', { publicKeyHash: key }));
    const b = ledger.recordCredential(makeCredential('SN-5', { publicKeyHash: key }));
    expect(ledger.findCredentialsByPublicKeyHash(key).map((c) => [c.id, c.boardSerial])).toEqual([
      [a.id, 'SN-4'],
      [b.id, 'SN-5'],
    ]);
  });

  it('validates what it records', () => {
    const good = makeCredential('SN-6');
    expect(() => ledger.recordCredential({ ...good, thumbprint: 'b'.repeat(64) })).toThrow(
      expect.objectContaining({ code: 'ledger-invalid-input', message: expect.stringMatching(/SHA-256/) }),
    );
    expect(() => ledger.recordCredential({ ...good, serialNumber: '0xZZ' })).toThrow(expect.objectContaining({ code: 'ledger-invalid-input' }));
    expect(() => ledger.recordCredential({ ...good, runId: 42 })).toThrow(expect.objectContaining({ code: 'ledger-invalid-input' }));
    expect(() => ledger.recordCredential({ ...good, boardSerial: ' ' })).toThrow(expect.objectContaining({ code: 'ledger-invalid-input' }));
    expect(ledger.listCredentials()).toEqual([]);
    expect(ledger.listEvents()).toEqual([]);
  });

  it('updates status with an event, and keeps revoked final', () => {
    const record = ledger.recordCredential(makeCredential('SN-7'));
    expect(ledger.updateCredentialStatus(record.id, 'installed').status).toBe('installed');
    expect(ledger.updateCredentialStatus(record.id, 'revoked', 'key compromise suspected').status).toBe('revoked');
    expect(() => ledger.updateCredentialStatus(record.id, 'active')).toThrow(expect.objectContaining({ code: 'ledger-invalid-transition' }));
    expect(() => ledger.updateCredentialStatus(999, 'active')).toThrow(expect.objectContaining({ code: 'ledger-not-found' }));
    const statusEvents = ledger.listEvents().filter((event) => event.type === 'credential.status');
    expect(statusEvents.map((event) => JSON.parse(event.data))).toEqual([
      { boardSerial: 'SN-7', credentialId: record.id, from: 'issued', note: null, thumbprint: record.thumbprint, to: 'installed' },
      {
        boardSerial: 'SN-7',
        credentialId: record.id,
        from: 'installed',
        note: 'key compromise suspected',
        thumbprint: record.thumbprint,
        to: 'revoked',
      },
    ]);
  });

  it('lists credentials by serial, thumbprint prefix, status and inclusive dates, newest first', () => {
    const a = ledger.recordCredential(makeCredential('SN-A'));
    const b = ledger.recordCredential(makeCredential('SN-B'));
    const c = ledger.recordCredential(makeCredential('SN-A'));
    ledger.updateCredentialStatus(b.id, 'active');

    expect(ledger.listCredentials().map((x) => x.id)).toEqual([c.id, b.id, a.id]);
    expect(ledger.listCredentials({ serial: 'SN-A' }).map((x) => x.id)).toEqual([c.id, a.id]);
    expect(ledger.listCredentials({ thumbprint: b.thumbprint.slice(0, 10) }).map((x) => x.id)).toEqual([b.id]);
    expect(ledger.listCredentials({ status: 'active' }).map((x) => x.id)).toEqual([b.id]);
    expect(ledger.listCredentials({ limit: 1, offset: 1 }).map((x) => x.id)).toEqual([b.id]);
    expect(ledger.listCredentials({ from: b.createdAt, to: c.createdAt }).map((x) => x.id)).toEqual([c.id, b.id]);
    expect(ledger.listCredentials({ to: '2026-03-01' }).length).toBe(3);
    expect(ledger.listCredentials({ from: '2026-03-02' })).toEqual([]);
    expect(() => ledger.listCredentials({ from: 'yesterday' })).toThrow(expect.objectContaining({ code: 'ledger-invalid-search' }));
    expect(() => ledger.listCredentials({ limit: 0 })).toThrow(expect.objectContaining({ code: 'ledger-invalid-search' }));
  });

  it('refuses to work after close', () => {
    ledger.close();
    expect(() => ledger.getBoard('x')).toThrow(expect.objectContaining({ code: 'ledger-closed' }));
    ledger.close();
  });
});
