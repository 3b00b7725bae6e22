import type { StationError } from '../errors';

/**
 * A line-oriented, full-duplex link to one board: the seam between the protocol driver and the wire.
 * Implementations: SerialLineTransport (serialport 13, real ports and ptys) and the in-memory pair of
 * memory-line-transport.ts (unit tests, simulator wiring).
 *
 * Contract:
 * - `onLine` listeners get every received line without its ending (CRLF or bare LF), in order, frames
 *   and board log lines alike. Lines that arrive before a listener is attached are dropped.
 * - `writeLine` writes exactly the text given (the caller includes CR LF). It rejects with StationError
 *   `board-disconnected` (isDisconnected) when the link is closed or closes during the write.
 * - Closing (unplug, hang-up, or `close()`) happens once: every `onClose` listener is called once with a
 *   StationError `board-disconnected` (isDisconnected) saying why; later writes reject the same way.
 * - The transport has no timeouts of its own: waiting for answers is the driver's job.
 */
export interface LineTransport {
  /** A human name for messages, e.g. the port path. */
  readonly name: string;
  /** False once the link closed (for whatever reason). */
  readonly isOpen: boolean;
  /** Writes one line (ending included). Rejects with `board-disconnected` when closed. */
  writeLine(line: string): Promise<void>;
  /** Subscribes to received lines; returns the unsubscribe function. */
  onLine(listener: (line: string) => void): () => void;
  /** Subscribes to the (single) close; called at once if the link is already closed. */
  onClose(listener: (reason: StationError) => void): () => void;
  /** Closes the link; safe to call twice; resolves when closed. */
  close(): Promise<void>;
}
