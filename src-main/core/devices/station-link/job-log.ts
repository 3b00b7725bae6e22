/**
 * A provisioning run's job log: every frame sent and received, board log lines and protocol notes, in
 * order. It never holds secrets: the driver hands over DATA frames of secret kinds (key, userpass)
 * already redacted with redactDataFrame.
 */
export type JobLogDirection = 'sent' | 'received' | 'board-log' | 'note';

export interface JobLogEntry {
  /** ISO 8601 time from the injected clock. */
  at: string;
  direction: JobLogDirection;
  /** The line without its CR LF. */
  text: string;
}

export class JobLog {
  private readonly items: JobLogEntry[] = [];
  private readonly listeners = new Set<(entry: JobLogEntry) => void>();

  constructor(private readonly clock: () => Date = () => new Date()) {}

  record(direction: JobLogDirection, text: string): void {
    const entry: JobLogEntry = { at: this.clock().toISOString(), direction, text: text.replace(/\r?\n$/, '') };
    this.items.push(entry);
    for (const listener of [...this.listeners]) listener(entry);
  }

  /** A copy of the entries so far. */
  entries(): JobLogEntry[] {
    return [...this.items];
  }

  /** Follows new entries (for a live view or a file); returns the unsubscribe function. */
  onEntry(listener: (entry: JobLogEntry) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/**
 * Replaces the b64= value of a DATA frame with its length, for frames that carry a secret. The CRC
 * stays (it reveals nothing useful and ties the entry to the wire).
 */
export function redactDataFrame(frameLine: string): string {
  return frameLine.replace(/ b64=([A-Za-z0-9+/=]*)/, (_match, value: string) => ` b64=<redacted ${value.length} chars>`);
}
