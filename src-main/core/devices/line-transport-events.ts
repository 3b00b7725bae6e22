import { StationError } from '../errors';

/**
 * The listener bookkeeping every LineTransport shares: line fan-out and a close that happens once.
 * Not exported from the devices area's public API; transports compose it.
 */
export class LineTransportEvents {
  private readonly lineListeners = new Set<(line: string) => void>();
  private readonly closeListeners = new Set<(reason: StationError) => void>();
  private closeReason: StationError | null = null;

  get isClosed(): boolean {
    return this.closeReason !== null;
  }

  get reason(): StationError | null {
    return this.closeReason;
  }

  onLine(listener: (line: string) => void): () => void {
    this.lineListeners.add(listener);
    return () => this.lineListeners.delete(listener);
  }

  onClose(listener: (reason: StationError) => void): () => void {
    if (this.closeReason) {
      listener(this.closeReason);
      return () => undefined;
    }
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  emitLine(line: string): void {
    if (this.closeReason) return;
    for (const listener of [...this.lineListeners]) listener(line);
  }

  /** Marks the link closed and tells the listeners; later calls do nothing. */
  emitClose(reason: StationError): void {
    if (this.closeReason) return;
    this.closeReason = reason;
    const listeners = [...this.closeListeners];
    this.closeListeners.clear();
    this.lineListeners.clear();
    for (const listener of listeners) listener(reason);
  }
}

/** The StationError for a link that is gone; `why` is operator-readable. */
export function disconnectedError(name: string, why: string, cause?: unknown): StationError {
  return new StationError('board-disconnected', `The board on ${name} is no longer connected: ${why}.`, {
    hint: 'Check the USB cable and that the board is powered, then start the run again.',
    isDisconnected: true,
    cause,
    details: { port: name },
  });
}
