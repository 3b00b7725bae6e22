import { SerialPort } from 'serialport';
import { StationError } from '../errors';
import { LineSplitter } from './station-link/frame-codec';
import type { LineTransport } from './line-transport';
import { disconnectedError, LineTransportEvents } from './line-transport-events';

export interface SerialTransportOptions {
  /** Device path (/dev/ttyACM0, a pty link such as /tmp/station-ptys/board-1). */
  path: string;
  /** Default 115200. Framing is always 8N1. */
  baudRate?: number;
  /** Longest line kept before it is handed over as is (runaway guard). Default 64 KiB. */
  maxLineBytes?: number;
}

export const DEFAULT_BAUD_RATE = 115_200;
const DEFAULT_MAX_LINE_BYTES = 64 * 1024;

/**
 * A LineTransport over a serial port (serialport 13; real USB CDC-ACM/UART ports and socat ptys).
 *
 * - Unplug: serialport reports a read/write failure as a `close` event carrying a DisconnectedError
 *   (an `end` or `error` event is treated the same way). The transport then closes once and calls every
 *   `onClose` listener with StationError `board-disconnected` (isDisconnected); the driver rejects its
 *   pending request with that error. Nothing reconnects by itself: the port watcher reports the port
 *   attached again and a new transport must be opened.
 * - Timeout: none here. The driver times requests out and retransmits.
 * - Closed port: `writeLine` rejects with `board-disconnected`; `close()` is safe to call twice.
 * - Open failure (no such path, permission, busy): `openSerialTransport` rejects with StationError
 *   `port-open-failed` naming the path.
 */
export class SerialLineTransport implements LineTransport {
  private readonly events = new LineTransportEvents();
  private readonly splitter: LineSplitter;

  private constructor(private readonly port: SerialPort, readonly name: string, maxLineBytes: number) {
    this.splitter = new LineSplitter((line) => this.events.emitLine(line), maxLineBytes);
    port.on('data', (chunk: Buffer) => this.splitter.push(chunk));
    port.on('close', (error: unknown) => {
      const why = error ? 'the port went away (unplugged or hung up)' : 'the port was closed';
      this.events.emitClose(disconnectedError(name, why, error ?? undefined));
    });
    port.on('end', () => this.hangUp('the port reached end of input'));
    port.on('error', (error: unknown) => this.hangUp('the port reported an error', error));
  }

  /** Opens `path` at `baudRate`, 8N1, and resolves once the port is open. */
  static open(options: SerialTransportOptions): Promise<SerialLineTransport> {
    const { path, baudRate = DEFAULT_BAUD_RATE, maxLineBytes = DEFAULT_MAX_LINE_BYTES } = options;
    return new Promise((resolve, reject) => {
      const port = new SerialPort({ path, baudRate, dataBits: 8, parity: 'none', stopBits: 1, autoOpen: false });
      port.open((error) => {
        if (error) {
          reject(
            new StationError('port-open-failed', `Could not open the serial port ${path}: ${error.message}`, {
              hint: 'Check that the board is plugged in, that no other program uses the port, and that this user may open it (dialout group).',
              cause: error,
              details: { port: path },
            }),
          );
          return;
        }
        resolve(new SerialLineTransport(port, path, maxLineBytes));
      });
    });
  }

  get isOpen(): boolean {
    return !this.events.isClosed;
  }

  writeLine(line: string): Promise<void> {
    if (this.events.isClosed) return Promise.reject(this.events.reason ?? disconnectedError(this.name, 'the port is closed'));
    return new Promise((resolve, reject) => {
      this.port.write(Buffer.from(line, 'latin1'), (error) => {
        if (!error) {
          resolve();
          return;
        }
        this.hangUp('writing to the port failed', error);
        reject(this.events.reason ?? disconnectedError(this.name, 'writing to the port failed', error));
      });
    });
  }

  onLine(listener: (line: string) => void): () => void {
    return this.events.onLine(listener);
  }

  onClose(listener: Parameters<LineTransport['onClose']>[0]): () => void {
    return this.events.onClose(listener);
  }

  close(): Promise<void> {
    if (!this.port.isOpen) {
      this.events.emitClose(disconnectedError(this.name, 'the port was closed by the station'));
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      this.port.close(() => {
        this.events.emitClose(disconnectedError(this.name, 'the port was closed by the station'));
        resolve();
      });
    });
  }

  private hangUp(why: string, cause?: unknown): void {
    if (this.events.isClosed) return;
    this.events.emitClose(disconnectedError(this.name, why, cause));
    if (this.port.isOpen) this.port.close(() => undefined);
  }
}

/** Opens a serial port as a LineTransport; see SerialLineTransport for the failure contract. */
export function openSerialTransport(options: SerialTransportOptions): Promise<SerialLineTransport> {
  return SerialLineTransport.open(options);
}
