import { LineSplitter } from './station-link/frame-codec';
import type { LineTransport } from './line-transport';
import { disconnectedError, LineTransportEvents } from './line-transport-events';

/**
 * One end of an in-memory line link. What one end writes reaches the other end's line listeners
 * asynchronously (next microtask), split into lines exactly as a serial port would (CRLF or LF);
 * a write without a line ending stays buffered until the rest arrives, like a partial read.
 * Closing either end closes both (like pulling the cable): both ends report `board-disconnected`.
 */
export class MemoryLineTransport implements LineTransport {
  private peer: MemoryLineTransport | null = null;
  private readonly events = new LineTransportEvents();
  private readonly splitter = new LineSplitter((line) => this.events.emitLine(line));

  constructor(readonly name: string) {}

  get isOpen(): boolean {
    return !this.events.isClosed;
  }

  /** Joins two ends; used by createMemoryLinePair. */
  static connect(a: MemoryLineTransport, b: MemoryLineTransport): void {
    a.peer = b;
    b.peer = a;
  }

  async writeLine(line: string): Promise<void> {
    const peer = this.peer;
    if (this.events.isClosed || !peer) {
      throw this.events.reason ?? disconnectedError(this.name, 'the link is closed');
    }
    await Promise.resolve();
    peer.receive(line);
  }

  onLine(listener: (line: string) => void): () => void {
    return this.events.onLine(listener);
  }

  onClose(listener: Parameters<LineTransport['onClose']>[0]): () => void {
    return this.events.onClose(listener);
  }

  async close(): Promise<void> {
    this.hangUp('the port was closed by the station');
    this.peer?.hangUp('the other end closed the link');
  }

  /** Simulates an unplug seen from this end (for tests): both ends close. */
  unplug(): void {
    this.hangUp('the cable was unplugged');
    this.peer?.hangUp('the cable was unplugged');
  }

  private receive(text: string): void {
    if (!this.events.isClosed) this.splitter.push(text);
  }

  private hangUp(why: string): void {
    this.events.emitClose(disconnectedError(this.name, why));
  }
}

/** Two connected in-memory ends: [station side, board side]. */
export function createMemoryLinePair(
  stationName = 'memory:station',
  boardName = 'memory:board',
): [MemoryLineTransport, MemoryLineTransport] {
  const station = new MemoryLineTransport(stationName);
  const board = new MemoryLineTransport(boardName);
  MemoryLineTransport.connect(station, board);
  return [station, board];
}
