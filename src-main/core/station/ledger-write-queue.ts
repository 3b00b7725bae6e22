interface QueuedWrite {
  /** Runs the write inside the batch transaction (its own savepoint) and keeps the outcome. */
  run(): void;
  /** Resolves or rejects the caller once the batch is committed (or its commit failed). */
  settle(commitError: unknown): void;
}

/**
 * Group commit for the ledger. Writes queued in the same turn of the event loop are committed together
 * in one transaction, so one fsync (synchronous=FULL) serves every board that wrote in that turn; each
 * caller's promise resolves only after that commit, so a run never starts its next step before its row
 * is durable. Each write runs in a savepoint of its own: one that throws is rolled back alone and
 * rejects only its caller. If the commit itself fails, every caller in the batch is rejected.
 *
 * Why: at one fsync per row (≈6 ms on this class of disk) 32 boards at once spent most of their time
 * waiting, one after the other, for each other's commits on the one event loop.
 */
export class LedgerWriteQueue {
  private queued: QueuedWrite[] = [];
  private isScheduled = false;

  /**
   * @param inOneTransaction runs `body` in one write transaction; the writes it calls must use nested
   *   transactions (savepoints), as the Ledger's methods do.
   * @param inSavepoint runs one write in a savepoint inside that transaction.
   */
  constructor(
    private readonly inOneTransaction: (body: () => void) => void,
    private readonly inSavepoint: <T>(write: () => T) => T = (write) => write(),
  ) {}

  /** Queues `write`; resolves with its result once the batch holding it is committed. */
  enqueue<T>(write: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let outcome: { value: T } | { error: unknown } = { error: new Error('the ledger batch ended before this write ran') };
      this.queued.push({
        run: () => {
          try {
            outcome = { value: this.inSavepoint(write) };
          } catch (error) {
            outcome = { error };
          }
        },
        settle: (commitError) => {
          if (commitError !== null) reject(commitError);
          else if ('value' in outcome) resolve(outcome.value);
          else reject(outcome.error);
        },
      });
      if (!this.isScheduled) {
        this.isScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.isScheduled = false;
    const batch = this.queued;
    this.queued = [];
    let commitError: unknown = null;
    try {
      this.inOneTransaction(() => {
        for (const write of batch) write.run();
      });
    } catch (error) {
      commitError = error;
    }
    for (const write of batch) write.settle(commitError);
  }
}
