/**
 * Paces bytes like a UART at `baud` (8N1: baud / 10 bytes per second), in order. The simulator uses one
 * for what the board sends and one for what it receives, so a simulated board is never faster than the
 * wire in either direction. baud 0 = no pacing.
 *
 * Timing model: while bytes are queued the line is busy, and the n-th byte of a busy period is handed on
 * at busyStart + n × 10 / baud seconds. The timer is set for the moment the last queued byte is due (at
 * most MAX_STEP_MS ahead, so long transfers stream), and a late timer hands on every byte that is due, so
 * lateness never accumulates.
 * `write` never throws; after `close()` queued and new bytes are discarded.
 */
export class UartPacer {
  private static readonly MAX_STEP_MS = 20;
  private queue: Buffer = Buffer.alloc(0);
  private timer: ReturnType<typeof setTimeout> | null = null;
  private isClosed = false;
  private busyStartMs = 0;
  private sentInBusyPeriod = 0;
  private readonly bytesPerMs: number;

  constructor(
    private readonly sink: (bytes: Buffer) => void,
    private readonly baud: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    if (!Number.isFinite(baud) || baud < 0) throw new TypeError(`baud must be ≥ 0, got ${baud}`);
    this.bytesPerMs = baud / 10 / 1000;
  }

  write(bytes: Buffer): void {
    if (this.isClosed) return;
    if (this.baud === 0) {
      this.sink(bytes);
      return;
    }
    if (this.queue.length === 0 && this.timer === null) {
      // The line was idle: a new busy period starts now.
      this.busyStartMs = this.now();
      this.sentInBusyPeriod = 0;
    }
    this.queue = Buffer.concat([this.queue, bytes]);
    if (!this.timer) this.scheduleNext();
  }

  close(): void {
    this.isClosed = true;
    this.queue = Buffer.alloc(0);
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private pump(): void {
    this.timer = null;
    if (this.isClosed || this.queue.length === 0) return;
    const due = Math.floor((this.now() - this.busyStartMs) * this.bytesPerMs) - this.sentInBusyPeriod;
    if (due > 0) {
      const out = this.queue.subarray(0, due);
      this.queue = this.queue.subarray(out.length);
      this.sentInBusyPeriod += out.length;
      this.sink(Buffer.from(out));
    }
    if (this.queue.length > 0) this.scheduleNext();
  }

  /** Wakes up when the last queued byte is due, or MAX_STEP_MS from now if that is sooner. */
  private scheduleNext(): void {
    const lastDueMs = this.busyStartMs + (this.sentInBusyPeriod + this.queue.length) / this.bytesPerMs;
    const waitMs = Math.min(UartPacer.MAX_STEP_MS, Math.max(0, Math.ceil(lastDueMs - this.now())));
    this.timer = setTimeout(() => this.pump(), waitMs);
  }
}
