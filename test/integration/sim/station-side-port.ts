import { SerialPort } from 'serialport';
import { encodeFrame, LineSplitter, parseLine, type Frame, type FrameArgument } from '../../../src-main/core/devices/station-link/frame-codec';

/**
 * A minimal station end for the simulator's integration tests: opens the station-side pty with
 * serialport, writes frames made with encodeFrame and reads lines with LineSplitter + parseLine.
 * No timers: a response is awaited until it comes or the port closes.
 */
export class StationSidePort {
  readonly logLines: string[] = [];
  readonly corruptLines: string[] = [];
  readonly waits: Frame[] = [];
  private readonly waiters = new Map<number, (frame: Frame) => void>();
  private readonly closeWaiters: Array<() => void> = [];
  private closed = false;

  private constructor(readonly port: SerialPort) {
    const splitter = new LineSplitter((line) => this.onLine(line));
    port.on('data', (chunk: Buffer) => splitter.push(chunk));
    port.on('error', () => undefined);
    port.on('close', () => {
      this.closed = true;
      for (const resolve of this.closeWaiters.splice(0)) resolve();
    });
  }

  static open(path: string): Promise<StationSidePort> {
    return new Promise((resolve, reject) => {
      const port = new SerialPort({ path, baudRate: 115_200, autoOpen: false });
      port.open((error) => (error ? reject(error) : resolve(new StationSidePort(port))));
    });
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Writes raw text; a write error (the port went away) shows up as the port closing. */
  write(text: string): void {
    this.port.write(Buffer.from(text, 'latin1'), () => undefined);
  }

  /** Sends a frame and resolves with the OK/ERR response of that seq (WAIT lines are collected). */
  request(seq: number, word: string, args: FrameArgument[] = []): Promise<Frame> {
    const frame = encodeFrame(seq, word, args);
    const response = this.next(seq);
    this.write(frame);
    return response;
  }

  /** The next OK/ERR response with this seq. */
  next(seq: number): Promise<Frame> {
    return new Promise((resolve, reject) => {
      if (this.closed) {
        reject(new Error('port closed'));
        return;
      }
      this.waiters.set(seq, resolve);
      this.closeWaiters.push(() => {
        if (this.waiters.get(seq) === resolve) reject(new Error('port closed'));
      });
    });
  }

  waitClosed(): Promise<void> {
    return new Promise((resolve) => (this.closed ? resolve() : this.closeWaiters.push(resolve)));
  }

  close(): Promise<void> {
    return new Promise((resolve) => (this.port.isOpen ? this.port.close(() => resolve()) : resolve()));
  }

  private onLine(line: string): void {
    const parsed = parseLine(line);
    if (parsed.kind === 'log') this.logLines.push(parsed.text);
    else if (parsed.kind === 'corrupt') this.corruptLines.push(parsed.text);
    else if (parsed.frame.word === 'WAIT') this.waits.push(parsed.frame);
    else {
      const waiter = this.waiters.get(parsed.frame.seq);
      this.waiters.delete(parsed.frame.seq);
      waiter?.(parsed.frame);
    }
  }
}
