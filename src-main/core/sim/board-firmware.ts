import { encodeFrame, frameCrc, parseLine, type Frame, type FrameArgument } from '../devices/station-link/frame-codec';
import { BoardCommandService, type BoardReply, type BoardView } from './board-command-service';
import { JsonFileBoardFlashStore, MemoryBoardFlashStore, type BoardFlashStore } from './board-flash-store';
import { resolveBoardSimOptions, type BoardSimOptions } from './board-sim-options';
import { realBoardTimers, type BoardTimer, type BoardTimers } from './board-timers';

/**
 * The simulated board's firmware as a pure object: feed it the bytes (or lines) the station sends,
 * it emits the lines it answers (without line ending; the transport adds CR LF). It follows
 * ../shared/docs/station-link-protocol.md as an MCU would: one line buffer of max_line bytes, one saved
 * response, CRC-32 checked on every frame.
 *
 * - HELLO always runs, clears the saved response, aborts a transfer and cancels a KEYGEN in progress.
 * - A frame with the seq of the saved response is answered from it, without redoing the work.
 * - A frame with a bad CRC (or no "@seq word" shape) is dropped silently; one with a valid CRC but a
 *   malformed body is answered ERR 400.
 * - A line longer than max_line (CR LF included) is answered ERR 413 under the seq its head carries.
 * - KEYGEN with keygenMs > 0 answers WAIT every min(500 ms, keygenMs / 4) until done; the same seq
 *   meanwhile gets a WAIT, any other request ERR 503.
 * - Fault injection from the options (dropResponseOnce, corruptResponseOnce, errorOnce, vanishAtStep,
 *   wrongKeyCsr) and log noise (whole log lines, never inside a frame).
 */
export interface BoardFirmwareDeps {
  /** Receives each output line, without CR LF. */
  emit: (line: string) => void;
  /** Called once when the board vanishes (vanishAtStep); the firmware is silent from then on. */
  onVanish?: () => void;
  /** Default: real timers. */
  timers?: BoardTimers;
  /** Uniform [0, 1); drives log noise and which byte a corrupted response flips. Default Math.random. */
  random?: () => number;
  /** Default: a JSON file store at options.stateFile when set, else in memory. */
  flashStore?: BoardFlashStore;
}

interface SavedResponse {
  seq: number;
  line: string;
}

interface PendingWork {
  seq: number;
  timers: BoardTimer[];
}

const LOG_LINES = [
  'I (%t) wifi: sta disconnected, retrying',
  'I (%t) heap: free=48312 min=40920',
  'W (%t) flash: wear level 3 percent',
  'I (%t) sensor: temp=41.5C',
  'D (%t) usb: cdc line state 3',
  'I (%t) main: tick',
];

/** An ERR word must be a protocol value; anything else becomes "-". */
function protocolWords(words: readonly string[]): string[] {
  return words.map((word) => word.replace(/[^A-Za-z0-9._\-+/=:,]/g, '-')).filter((word) => word.length > 0);
}

export class BoardFirmware {
  readonly options: BoardSimOptions;
  private readonly commands: BoardCommandService;
  private readonly timers: BoardTimers;
  private readonly random: () => number;
  private lineBuffer = '';
  private overflowHead: string | null = null;
  private saved: SavedResponse | null = null;
  private pending: PendingWork | null = null;
  private readonly dropOnce: Set<string>;
  private readonly corruptOnce: Set<string>;
  private readonly errorOnce: Map<string, number>;
  /** Powered off (stop or vanish): input ignored, nothing emitted. */
  private off = false;
  private vanished = false;
  private idleNoise: BoardTimer | null = null;
  private uptimeTicks = 0;

  constructor(
    options: Partial<BoardSimOptions>,
    private readonly deps: BoardFirmwareDeps,
  ) {
    this.options = resolveBoardSimOptions(options);
    this.timers = deps.timers ?? realBoardTimers;
    this.random = deps.random ?? Math.random;
    const store =
      deps.flashStore ?? (this.options.stateFile !== null ? new JsonFileBoardFlashStore(this.options.stateFile) : new MemoryBoardFlashStore());
    this.commands = new BoardCommandService(this.options, store);
    this.dropOnce = new Set(this.options.dropResponseOnce);
    this.corruptOnce = new Set(this.options.corruptResponseOnce);
    this.errorOnce = new Map(this.options.errorOnce.map((e) => [e.command, e.code]));
  }

  /** Power-on: the boot banner (if enabled) and idle log noise (if logIntervalMs > 0). */
  start(): void {
    if (this.options.bootBanner) {
      this.emitLog(`I (0) boot: ${this.options.model} fw ${this.options.fw} serial ${this.options.serial}`);
    }
    this.scheduleIdleNoise();
  }

  /** Power-off: cancels every timer. The firmware ignores input afterwards. */
  stop(): void {
    this.off = true;
    this.cancelPending();
    this.idleNoise?.cancel();
    this.idleNoise = null;
  }

  /** True once vanishAtStep fired. */
  get hasVanished(): boolean {
    return this.vanished;
  }

  /** What the board holds (public facts only). */
  view(): BoardView {
    return this.commands.view();
  }

  /** Bytes from the station, in any chunking. */
  receive(chunk: Buffer | string): void {
    const text = typeof chunk === 'string' ? chunk : chunk.toString('latin1');
    let start = 0;
    while (start <= text.length) {
      const newline = text.indexOf('\n', start);
      const piece = newline < 0 ? text.slice(start) : text.slice(start, newline);
      this.bufferBytes(piece);
      if (newline < 0) break;
      this.endOfLine();
      start = newline + 1;
    }
  }

  /** One whole line from the station (without its ending); same as receive(line + CR LF). */
  receiveLine(line: string): void {
    this.receive(`${line}\r\n`);
  }

  private bufferBytes(piece: string): void {
    if (this.overflowHead !== null || piece.length === 0) return;
    // The line must fit in max_line with its LF still to come.
    if (this.lineBuffer.length + piece.length + 1 > this.options.maxLine) {
      this.overflowHead = (this.lineBuffer + piece).slice(0, 16);
      this.lineBuffer = '';
      return;
    }
    this.lineBuffer += piece;
  }

  private endOfLine(): void {
    const overflow = this.overflowHead;
    const line = this.lineBuffer;
    this.overflowHead = null;
    this.lineBuffer = '';
    if (this.off) return;
    if (overflow !== null) {
      const seq = /^@(\d{1,5}) /.exec(overflow);
      if (seq && Number(seq[1]) <= 65_535) this.respond(Number(seq[1]), 'LINE', { ok: false, code: 413, words: ['frame', 'longer', 'than', `max_line=${this.options.maxLine}`] });
      return;
    }
    this.handleLine(line);
  }

  private handleLine(line: string): void {
    const parsed = parseLine(line);
    if (parsed.kind === 'log') return;
    if (parsed.kind === 'corrupt') {
      const malformed = this.malformedButIntact(parsed.text);
      if (malformed !== null) this.respond(malformed, 'MALFORMED', { ok: false, code: 400, words: ['malformed', 'request'] });
      return;
    }
    this.handleFrame(parsed.frame);
  }

  /** The seq of a frame whose CRC is right but whose body breaks the grammar, else null (dropped). */
  private malformedButIntact(text: string): number | null {
    const line = text.endsWith('\r') ? text.slice(0, -1) : text;
    const star = line.lastIndexOf('*');
    if (star < 0 || frameCrc(line.slice(0, star)) !== line.slice(star + 1)) return null;
    const seq = /^@(\d{1,5}) /.exec(line);
    return seq && Number(seq[1]) <= 65_535 ? Number(seq[1]) : null;
  }

  private handleFrame(frame: Frame): void {
    if (this.options.vanishAtStep === frame.word) {
      this.vanish();
      return;
    }
    if (frame.word === 'HELLO') {
      this.cancelPending();
      this.saved = null;
      this.reply(frame, this.commands.hello());
      return;
    }
    if (this.pending) {
      if (frame.seq === this.pending.seq) this.emitFrame(frame.seq, 'WAIT');
      else this.emitFrame(frame.seq, 'ERR', ['503', 'busy', 'generating', 'a', 'key']);
      return;
    }
    if (this.saved && this.saved.seq === frame.seq) {
      this.deps.emit(this.saved.line);
      return;
    }
    const injected = this.errorOnce.get(frame.word);
    if (injected !== undefined) {
      this.errorOnce.delete(frame.word);
      this.reply(frame, { ok: false, code: injected, words: ['injected', 'fault'] });
      return;
    }
    if (frame.word === 'KEYGEN') {
      this.keygen(frame);
      return;
    }
    this.reply(frame, this.commands.execute(frame));
  }

  private keygen(frame: Frame): void {
    const slot = this.commands.checkKeygen(frame);
    if (typeof slot !== 'number') {
      this.reply(frame, slot);
      return;
    }
    const workMs = this.options.keygenMs;
    if (workMs <= 0) {
      this.reply(frame, this.commands.completeKeygen(slot));
      return;
    }
    const pending: PendingWork = { seq: frame.seq, timers: [] };
    this.pending = pending;
    const interval = Math.max(1, Math.min(500, Math.floor(workMs / 4)));
    const tick = (): void => {
      if (this.pending !== pending) return;
      this.maybeNoise();
      this.emitFrame(frame.seq, 'WAIT');
      pending.timers.push(this.timers.after(interval, tick));
    };
    pending.timers.push(this.timers.after(interval, tick));
    pending.timers.push(
      this.timers.after(workMs, () => {
        if (this.pending !== pending) return;
        this.cancelPending();
        this.reply(frame, this.commands.completeKeygen(slot));
      }),
    );
  }

  private cancelPending(): void {
    if (!this.pending) return;
    for (const timer of this.pending.timers) timer.cancel();
    this.pending = null;
  }

  private reply(frame: Frame, reply: BoardReply): void {
    this.respond(frame.seq, frame.word, reply);
  }

  /** Builds, saves and sends (or, by fault injection, drops or corrupts) the response to `seq`. */
  private respond(seq: number, command: string, reply: BoardReply): void {
    let line = this.frameLine(seq, reply);
    if (line.length + 2 > this.options.maxLine) {
      line = this.frameLine(seq, { ok: false, code: 413, words: ['response', 'longer', 'than', 'max_line'] });
    }
    this.saved = { seq, line };
    this.maybeNoise();
    if (this.dropOnce.delete(command)) {
      this.maybeNoise();
      return;
    }
    this.deps.emit(this.corruptOnce.delete(command) ? this.flipOneByte(line) : line);
    this.maybeNoise();
  }

  private frameLine(seq: number, reply: BoardReply): string {
    const args: FrameArgument[] = reply.ok ? reply.args : [String(reply.code), ...protocolWords(reply.words)];
    return stripEnding(encodeFrame(seq, reply.ok ? 'OK' : 'ERR', args));
  }

  private emitFrame(seq: number, word: string, args: FrameArgument[] = []): void {
    this.deps.emit(stripEnding(encodeFrame(seq, word, args)));
  }

  private flipOneByte(line: string): string {
    const star = line.lastIndexOf('*');
    const position = 1 + Math.floor(this.random() * Math.max(1, star - 1));
    const flipped = String.fromCharCode((line.charCodeAt(position) ^ 0x01) & 0x7f);
    return line.slice(0, position) + flipped + line.slice(position + 1);
  }

  private vanish(): void {
    if (this.vanished) return;
    this.vanished = true;
    this.stop();
    this.deps.onVanish?.();
  }

  private maybeNoise(): void {
    if (this.options.logNoise > 0 && this.random() < this.options.logNoise) this.emitLog(this.randomLogLine());
  }

  private randomLogLine(): string {
    this.uptimeTicks += 1 + Math.floor(this.random() * 1000);
    const template = LOG_LINES[Math.floor(this.random() * LOG_LINES.length)] ?? 'I (%t) main: tick';
    return template.replace('%t', String(this.uptimeTicks));
  }

  private emitLog(text: string): void {
    if (!this.off) this.deps.emit(text);
  }

  private scheduleIdleNoise(): void {
    const mean = this.options.logIntervalMs;
    if (mean <= 0 || this.off) return;
    const delay = Math.max(1, Math.round(-Math.log(1 - this.random()) * mean));
    this.idleNoise = this.timers.after(delay, () => {
      if (!this.pending) this.emitLog(this.randomLogLine());
      this.scheduleIdleNoise();
    });
  }
}

function stripEnding(line: string): string {
  return line.endsWith('\r\n') ? line.slice(0, -2) : line;
}
