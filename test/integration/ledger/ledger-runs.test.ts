import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Ledger } from '../../../src-main/core/ledger/ledger';
import { makeCredential, openTestLedger } from './ledger-test-support';

describe('Ledger provisioning runs', () => {
  let ledger: Ledger;
  let clock: ReturnType<typeof openTestLedger>['clock'];
  let cleanup: () => void;

  beforeEach(() => {
    ({ ledger, clock, cleanup } = openTestLedger());
  });
  afterEach(() => cleanup());

  it('writes a run, its board, its steps and its end as rows and events', () => {
    const run = ledger.startRun({ port: '/dev/ttyUSB0', mode: 'on-chip', operator: 'ana', workOrder: 'WO-7' });
    expect(run).toEqual({
      id: 1,
      port: '/dev/ttyUSB0',
      boardSerial: null,
      mode: 'on-chip',
      status: 'running',
      startedAt: '2026-03-01T08:00:00.000Z',
      finishedAt: null,
      failedStep: null,
      errorCode: null,
      errorMessage: null,
      operator: 'ana',
      workOrder: 'WO-7',
    });
    expect(ledger.setRunBoard(run.id, 'SN-R1').boardSerial).toBe('SN-R1');
    const step1 = ledger.recordStep(run.id, 'hello', 'succeeded');
    const step2 = ledger.recordStep(run.id, 'keygen', 'failed', 'board answered E_BUSY');
    expect(step2).toMatchObject({ runId: run.id, step: 'keygen', status: 'failed', detail: 'board answered E_BUSY' });
    expect(ledger.stepsForRun(run.id)).toEqual([step1, step2]);

    const finished = ledger.finishRun(run.id, 'failed', { failedStep: 'keygen', errorCode: 'board-busy', errorMessage: 'Board busy' });
    expect(finished).toMatchObject({ status: 'failed', failedStep: 'keygen', errorCode: 'board-busy', errorMessage: 'Board busy' });
    expect(finished.finishedAt).not.toBeNull();
    expect(ledger.getRun(run.id)).toEqual(finished);
    expect(ledger.getRun(99)).toBeNull();

    expect(ledger.listEvents().map((event) => event.type)).toEqual([
      'run.started',
      'board.seen',
      'run.board',
      'run.step',
      'run.step',
      'run.finished',
    ]);
    const history = ledger.boardHistory('SN-R1');
    expect(history.runs).toEqual([{ ...finished, steps: [step1, step2] }]);
    expect(history.events.map((event) => event.type)).toEqual(['board.seen', 'run.board', 'run.step', 'run.step', 'run.finished']);
  });

  it('refuses steps and a second finish on a finished run, and rebinding to another board', () => {
    const run = ledger.startRun({ port: 'COM3', mode: 'injected' });
    expect(run.operator).toBeNull();
    ledger.setRunBoard(run.id, 'SN-R2');
    expect(ledger.setRunBoard(run.id, 'SN-R2').boardSerial).toBe('SN-R2');
    expect(() => ledger.setRunBoard(run.id, 'SN-OTHER')).toThrow(expect.objectContaining({ code: 'ledger-invalid-transition' }));
    ledger.finishRun(run.id, 'succeeded');
    expect(() => ledger.recordStep(run.id, 'late', 'started')).toThrow(expect.objectContaining({ code: 'ledger-invalid-transition' }));
    expect(() => ledger.finishRun(run.id, 'failed')).toThrow(expect.objectContaining({ code: 'ledger-invalid-transition' }));
    expect(() => ledger.recordStep(77, 'x', 'started')).toThrow(expect.objectContaining({ code: 'ledger-not-found' }));
    expect(() => ledger.recordStep(run.id, 'x', 'weird' as 'started')).toThrow(expect.objectContaining({ code: 'ledger-invalid-input' }));
  });

  it('lists runs newest first by board and status', () => {
    const a = ledger.startRun({ port: 'p1', mode: 'm' });
    const b = ledger.startRun({ port: 'p2', mode: 'm' });
    const c = ledger.startRun({ port: 'p3', mode: 'm' });
    ledger.setRunBoard(a.id, 'SN-X');
    ledger.setRunBoard(c.id, 'SN-X');
    ledger.finishRun(a.id, 'succeeded');
    expect(ledger.listRuns().map((run) => run.id)).toEqual([c.id, b.id, a.id]);
    expect(ledger.listRuns({ serial: 'SN-X' }).map((run) => run.id)).toEqual([c.id, a.id]);
    expect(ledger.listRuns({ status: 'running' }).map((run) => run.id)).toEqual([c.id, b.id]);
    expect(ledger.listRuns({ limit: 1 }).map((run) => run.id)).toEqual([c.id]);
  });

  it('counts a shift: runs finished since, and pending enrollments created since', () => {
    const early = ledger.startRun({ port: 'p', mode: 'm' });
    ledger.finishRun(early.id, 'succeeded');
    ledger.recordCredential(makeCredential('SN-EARLY', { enrollmentStatus: 'pending' }));
    const shiftStart = new Date('2026-03-01T14:00:00.000Z');
    clock.advanceBy(6 * 3600_000);
    const ok = ledger.startRun({ port: 'p', mode: 'm' });
    ledger.finishRun(ok.id, 'succeeded');
    const bad = ledger.startRun({ port: 'p', mode: 'm' });
    ledger.finishRun(bad.id, 'failed', { failedStep: 'sign' });
    ledger.startRun({ port: 'p', mode: 'm' });
    ledger.recordCredential(makeCredential('SN-LATE', { enrollmentStatus: 'pending' }));
    ledger.recordCredential(makeCredential('SN-LATE2', { enrollmentStatus: 'not-required' }));
    expect(ledger.shiftCounters(shiftStart)).toEqual({ provisioned: 1, failed: 1, pendingEnrollment: 1 });
    expect(ledger.shiftCounters(new Date('2026-01-01T00:00:00Z'))).toEqual({ provisioned: 2, failed: 1, pendingEnrollment: 2 });
  });
});
