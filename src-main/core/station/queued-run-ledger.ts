import type { Ledger } from '../ledger/ledger';
import { LedgerWriteQueue } from './ledger-write-queue';
import type { RunLedger } from './run-ports';

/** The ledger as provisioning runs see it: reads direct, writes through one group-commit queue. */
export function queuedRunLedger(ledger: Ledger): RunLedger {
  const queue = new LedgerWriteQueue((body) => ledger.inOneTransaction(body));
  return {
    upsertBoard: (board) => queue.enqueue(() => ledger.upsertBoard(board)),
    startRun: (run) => queue.enqueue(() => ledger.startRun(run)),
    setRunBoard: (runId, serial, mode) => queue.enqueue(() => ledger.setRunBoard(runId, serial, mode)),
    recordStep: (runId, step, status, detail) => queue.enqueue(() => ledger.recordStep(runId, step, status, detail)),
    finishRun: (runId, status, failure) => queue.enqueue(() => ledger.finishRun(runId, status, failure)),
    credentialsForBoard: (serial) => ledger.credentialsForBoard(serial),
    updateCredentialStatus: (id, status, note) => queue.enqueue(() => ledger.updateCredentialStatus(id, status, note)),
    markEnrollment: (credentialId, update) => queue.enqueue(() => ledger.markEnrollment(credentialId, update)),
  };
}
