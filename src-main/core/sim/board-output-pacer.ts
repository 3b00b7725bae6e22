/**
 * Paces the board's output like a UART: at `baud` (8N1: baud / 10 bytes per second), in order, whole
 * lines queued one after the other (so a log line never lands inside a frame). baud 0 = write at once.
 * `write` never throws; after `close()` queued and new bytes are discarded.
 */
export class BoardOutputPacer {
  private queue: Buffer = Buffer.alloc(0);
  private timer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;
  private static readonly TICK_MS = 10;

  constructor(
    private readonly sink: (bytes: Buffer) => void,
    private readonly baud: number,
  ) {
    if (!Number.isFinite(baud) || baud < 0) throw new TypeError(`baud must be ≥ 0, got ${baud}`);
  }

  write(bytes: Buffer): void {
    if (this.closed) return;
    if (this.baud === 0) {
      this.sink(bytes);
      return;
    }
    this.queue = Buffer.concat([this.queue, bytes]);
    if (!this.timer) this.pump();
  }

  close(): void {
    this.closed = true;
    this.queue = Buffer.alloc(0);
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private pump(): void {
    this.timer = null;
    if (this.closed || this.queue.length === 0) return;
    const perTick = Math.max(1, Math.floor((this.baud / 10) * (BoardOutputPacer.TICK_MS / 1000)));
    const now = this.queue.subarray(0, perTick);
    this.queue = this.queue.subarray(perTick);
    this.sink(Buffer.from(now));
    this.timer = setTimeout(() => this.pump(), BoardOutputPacer.TICK_MS);
  }
}
