/** A scheduled callback that can be cancelled (cancelling twice, or after it ran, does nothing). */
export interface BoardTimer {
  cancel(): void;
}

/** The firmware's clock, injected so unit tests can step time by hand. */
export interface BoardTimers {
  /** Runs `callback` once after `ms` milliseconds. */
  after(ms: number, callback: () => void): BoardTimer;
}

/** Real timers (setTimeout). Timers do not keep the process alive on their own. */
export const realBoardTimers: BoardTimers = {
  after(ms, callback) {
    const handle = setTimeout(callback, ms);
    handle.unref();
    return { cancel: () => clearTimeout(handle) };
  },
};

/**
 * Hand-stepped timers for tests: nothing runs until `advance(ms)`, which runs every due callback in
 * time order (callbacks scheduled while advancing run too, if due).
 */
export class ManualBoardTimers implements BoardTimers {
  private now = 0;
  private nextId = 0;
  private readonly pending = new Map<number, { at: number; callback: () => void }>();

  after(ms: number, callback: () => void): BoardTimer {
    const id = this.nextId++;
    this.pending.set(id, { at: this.now + Math.max(0, ms), callback });
    return { cancel: () => this.pending.delete(id) };
  }

  /** Number of callbacks still scheduled. */
  get scheduled(): number {
    return this.pending.size;
  }

  advance(ms: number): void {
    const target = this.now + ms;
    for (;;) {
      let dueId: number | null = null;
      let dueAt = Infinity;
      for (const [id, entry] of this.pending) {
        if (entry.at <= target && entry.at < dueAt) {
          dueAt = entry.at;
          dueId = id;
        }
      }
      if (dueId === null) break;
      const entry = this.pending.get(dueId);
      this.pending.delete(dueId);
      this.now = dueAt;
      entry?.callback();
    }
    this.now = target;
  }
}
