import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Ledger } from '../../../src-main/core/ledger/ledger';
import { makeCredential, openTestLedger } from './ledger-test-support';

describe('Ledger enrollment tracking', () => {
  let ledger: Ledger;
  let cleanup: () => void;

  beforeEach(() => {
    ({ ledger, cleanup } = openTestLedger());
  });
  afterEach(() => cleanup());

  it('counts failed and retried attempts, keeps SIDs, and clears the error on success', () => {
    const credential = ledger.recordCredential(makeCredential('SN-E1', { enrollmentStatus: 'pending' }));
    const retry = ledger.markEnrollment(credential.id, { status: 'pending', error: 'registry answered 503', deviceSid: 'TH-dev' });
    expect(retry).toMatchObject({ enrollmentStatus: 'pending', enrollmentError: 'registry answered 503', enrollmentAttempts: 1, registryDeviceSid: 'TH-dev' });
    const failed = ledger.markEnrollment(credential.id, { status: 'failed', error: 'certificate rejected' });
    expect(failed).toMatchObject({ enrollmentStatus: 'failed', enrollmentAttempts: 2, registryDeviceSid: 'TH-dev' });
    const requeued = ledger.markEnrollment(credential.id, { status: 'pending' });
    expect(requeued).toMatchObject({ enrollmentAttempts: 2, enrollmentError: null });
    const enrolled = ledger.markEnrollment(credential.id, { status: 'enrolled', certificateSid: 'TC-cert', error: 'ignored' });
    expect(enrolled).toMatchObject({
      enrollmentStatus: 'enrolled',
      enrollmentAttempts: 2,
      enrollmentError: null,
      registryDeviceSid: 'TH-dev',
      registryCertificateSid: 'TC-cert',
    });
    expect(enrolled.enrolledAt).not.toBeNull();

    const events = ledger.listEvents().filter((event) => event.type === 'enrollment.updated');
    expect(events).toHaveLength(4);
    expect(JSON.parse(events[3]?.data ?? '{}')).toMatchObject({ from: 'pending', to: 'enrolled', attempts: 2, certificateSid: 'TC-cert' });
    expect(() => ledger.markEnrollment(404, { status: 'enrolled' })).toThrow(expect.objectContaining({ code: 'ledger-not-found' }));
  });

  it('lists pending enrollments oldest first and summarizes', () => {
    expect(ledger.enrollmentSummary()).toEqual({ pending: 0, failed: 0, enrolled: 0, oldestPendingAt: null });
    const a = ledger.recordCredential(makeCredential('SN-P1', { enrollmentStatus: 'pending' }));
    const b = ledger.recordCredential(makeCredential('SN-P2', { enrollmentStatus: 'pending' }));
    const c = ledger.recordCredential(makeCredential('SN-P3', { enrollmentStatus: 'pending' }));
    ledger.recordCredential(makeCredential('SN-P4', { enrollmentStatus: 'not-required' }));
    ledger.markEnrollment(a.id, { status: 'enrolled' });
    ledger.markEnrollment(c.id, { status: 'failed', error: 'boom' });
    expect(ledger.listPendingEnrollments().map((x) => x.id)).toEqual([b.id]);
    expect(ledger.enrollmentSummary()).toEqual({ pending: 1, failed: 1, enrolled: 1, oldestPendingAt: b.createdAt });
  });
});
