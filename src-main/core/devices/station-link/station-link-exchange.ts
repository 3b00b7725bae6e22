import { StationError } from '../../errors';
import type { DeviceLogListener } from '../device-driver';
import type { LineTransport } from '../line-transport';
import { disconnectedError } from '../line-transport-events';
import { encodeFrame, parseLine, type Frame, type FrameArgument } from './frame-codec';
import { redactDataFrame, type JobLog } from './job-log';
import type { SeqCounter } from './seq-counter';

export interface ExchangeRequest {
  word: string;
  args: readonly FrameArgument[];
  /** Inactivity timeout: armed at every (re)send, restarted by each WAIT. */
  timeoutMs: number;
  /** The frame carries a secret (DATA of kind key/userpass): the job log gets it redacted. */
  isSecret?: boolean;
}

/** The final answer to a request: an OK or ERR frame with the request's seq, and its raw line. */
export interface ExchangeReply {
  frame: Frame;
  line: string;
}

export interface StationLinkExchangeOptions {
  transport: LineTransport;
  seqCounter: SeqCounter;
  /** Retransmissions after the first send before `board-timeout`. */
  maxRetransmissions: number;
  jobLog: JobLog;
  /** Board log lines (lines not starting with "@"), wherever they arrive. */
  onLog?: DeviceLogListener;
}

interface PendingRequest {
  seq: number;
  onFrame(frame: Frame, line: string): void;
  onCorrupt(reason: string): void;
  fail(error: StationError): void;
}

/**
 * The request/response engine of Station Link Protocol v1, below the commands:
 * - one request at a time (later calls queue), each with a new seq from the SeqCounter;
 * - waits for OK/ERR with the same seq; other seqs are stale and ignored; WAIT restarts the timer;
 * - on timeout it sends the very same frame again; on a corrupted line (bad CRC or shape) while
 *   waiting it does so at once; after `maxRetransmissions` it rejects with `board-timeout`
 *   (isTimedOut, details.lastError);
 * - lines not starting with "@" go to `onLog` and the job log, even while a request waits;
 * - when the transport closes, the waiting request and all later ones reject `board-disconnected`.
 */
export class StationLinkExchange {
  private pending: PendingRequest | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private closedReason: StationError | null = null;
  private readonly detach: Array<() => void> = [];

  constructor(private readonly options: StationLinkExchangeOptions) {
    const { transport } = options;
    this.detach.push(transport.onLine((line) => this.handleLine(line)));
    this.detach.push(
      transport.onClose((reason) => {
        this.closedReason = reason;
        this.options.jobLog.record('note', `link closed: ${reason.message}`);
        this.pending?.fail(reason);
      }),
    );
  }

  /** Sends one request and resolves to its OK/ERR reply (ERR is the caller's to interpret). */
  request(request: ExchangeRequest): Promise<ExchangeReply> {
    const run = this.queue.then(() => this.run(request));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async run(request: ExchangeRequest): Promise<ExchangeReply> {
    if (this.closedReason) throw this.closedReason;
    const { transport, jobLog, maxRetransmissions } = this.options;
    encodeFrame(0, request.word, request.args); // throws TypeError before a seq is spent
    const seq = this.options.seqCounter.next();
    const frameLine = encodeFrame(seq, request.word, request.args);
    const logText = request.isSecret ? redactDataFrame(frameLine) : frameLine;

    return new Promise<ExchangeReply>((resolve, reject) => {
      let retransmissions = 0;
      let timer: ReturnType<typeof setTimeout> | undefined;
      let isDone = false;

      const finish = (): void => {
        isDone = true;
        clearTimeout(timer);
        if (this.pending === pending) this.pending = null;
      };
      const fail = (error: StationError): void => {
        if (isDone) return;
        finish();
        reject(error);
      };
      const armTimer = (): void => {
        clearTimeout(timer);
        timer = setTimeout(() => retry(`no answer within ${request.timeoutMs} ms`), request.timeoutMs);
      };
      const send = (): void => {
        jobLog.record('sent', logText);
        armTimer();
        transport.writeLine(frameLine).catch((error: unknown) => {
          fail(error instanceof StationError ? error : disconnectedError(transport.name, 'writing to the port failed', error));
        });
      };
      const retry = (problem: string): void => {
        if (isDone) return;
        if (retransmissions >= maxRetransmissions) {
          finish();
          reject(
            new StationError(
              'board-timeout',
              `The board on ${transport.name} did not answer ${request.word} after ${retransmissions + 1} attempts (last problem: ${problem}).`,
              {
                hint: 'Check that the board runs the provisioning firmware at the configured baud rate, then retry the run.',
                isTimedOut: true,
                details: { command: request.word, seq, attempts: retransmissions + 1, lastError: problem },
              },
            ),
          );
          return;
        }
        retransmissions += 1;
        jobLog.record('note', `retransmitting seq ${seq} (${retransmissions}/${maxRetransmissions}): ${problem}`);
        send();
      };

      const pending: PendingRequest = {
        seq,
        onFrame: (frame, line) => {
          if (frame.word === 'WAIT') {
            armTimer();
            return;
          }
          if (frame.word !== 'OK' && frame.word !== 'ERR') {
            jobLog.record('note', `ignored ${frame.word} with seq ${seq}: not a response`);
            return;
          }
          finish();
          resolve({ frame, line });
        },
        onCorrupt: (reason) => retry(`corrupted response (${reason})`),
        fail,
      };
      this.pending = pending;
      send();
    });
  }

  private handleLine(line: string): void {
    const { jobLog } = this.options;
    const parsed = parseLine(line);
    if (parsed.kind === 'log') {
      jobLog.record('board-log', parsed.text);
      this.options.onLog?.(parsed.text);
      return;
    }
    jobLog.record('received', line);
    if (parsed.kind === 'corrupt') {
      jobLog.record('note', `dropped a corrupted line: ${parsed.reason}`);
      this.pending?.onCorrupt(parsed.reason);
      return;
    }
    const { frame } = parsed;
    if (!this.pending || frame.seq !== this.pending.seq) {
      jobLog.record('note', `ignored stale seq ${frame.seq}`);
      return;
    }
    this.pending.onFrame(frame, line);
  }

  /** Stops listening to the transport (the transport itself is closed by its owner). */
  dispose(): void {
    for (const detach of this.detach.splice(0)) detach();
  }
}
