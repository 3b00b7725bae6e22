import { createHash } from 'node:crypto';
import { StationError } from '../../errors';
import type {
  BoardIdentity,
  BoardStatus,
  DeviceDriver,
  DeviceLogListener,
  TransferKind,
} from '../device-driver';
import type { LineTransport } from '../line-transport';
import { chunkBase64 } from './base64-chunker';
import { explainBoardError } from './board-error-codes';
import type { FrameArgument } from './frame-codec';
import { JobLog } from './job-log';
import {
  parseCommitResponse,
  parseCsrResponse,
  parseDataResponse,
  parseErrorLine,
  parseHelloResponse,
  parseKeygenResponse,
  parseSignResponse,
  parseStatusResponse,
} from './response-parsers';
import { SeqCounter } from './seq-counter';
import { StationLinkExchange, type ExchangeReply } from './station-link-exchange';

export const DEFAULT_REQUEST_TIMEOUT_MS = 2_000;
export const DEFAULT_KEYGEN_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_RETRANSMISSIONS = 3;
export const DEFAULT_BUSY_RETRIES = 3;
export const DEFAULT_BUSY_BACKOFF_MS = 250;

/** Transfer kinds whose bytes are secret: their DATA frames reach the job log redacted. */
const SECRET_KINDS: ReadonlySet<TransferKind> = new Set<TransferKind>(['key', 'userpass']);

export interface StationLinkDriverOptions {
  /** The open link to the board (SerialLineTransport, or an in-memory pair end in tests). */
  transport: LineTransport;
  /** Per ordinary request, restarted by WAIT. Default 2000 ms. */
  requestTimeoutMs?: number;
  /** Inactivity timeout for KEYGEN, restarted by each WAIT. Default 30000 ms. */
  keygenTimeoutMs?: number;
  /** Retransmissions of the same frame before `board-timeout`. Default 3. */
  maxRetransmissions?: number;
  /** New attempts (new seq) after ERR 503 busy. Default 3. */
  busyRetries?: number;
  /** Backoff before busy retry n is n × this. Default 250 ms. */
  busyBackoffMs?: number;
  /** First seq (tests); default random 0..65535. */
  firstSeq?: number;
  /** Board log lines (lines not starting with "@"). */
  onLog?: DeviceLogListener;
  /** The run's job log; default a new one (read it with `driver.jobLog`). */
  jobLog?: JobLog;
  /** Clock for a default job log. */
  clock?: () => Date;
  /** Waits between busy retries (tests may inject). */
  sleep?: (ms: number) => Promise<void>;
}

function nonNegativeInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 0) throw new TypeError(`${name} must be a non-negative integer, got ${value}`);
  return value;
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new TypeError(`${name} must be a positive integer, got ${value}`);
  return value;
}

function slotArgument(slot: number): FrameArgument {
  return ['slot', String(nonNegativeInteger('slot', slot))];
}

/**
 * DeviceDriver for Station Link Protocol v1 (shared/docs/station-link-protocol.md) over any
 * LineTransport. Operations run one at a time in call order; HELLO opens the session (a method called
 * before hello() sends HELLO first). Failure contract: see DeviceDriver; plus TypeError for arguments
 * the protocol cannot carry (a slot that is not an integer, a CN with spaces, an empty nonce) and for
 * bad options.
 */
export class StationLinkDriver implements DeviceDriver {
  /** Everything sent and received on this connection, secrets redacted. */
  readonly jobLog: JobLog;
  private readonly exchange: StationLinkExchange;
  private readonly transport: LineTransport;
  private readonly requestTimeoutMs: number;
  private readonly keygenTimeoutMs: number;
  private readonly busyRetries: number;
  private readonly busyBackoffMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private operations: Promise<unknown> = Promise.resolve();
  private board: BoardIdentity | null = null;

  constructor(options: StationLinkDriverOptions) {
    this.transport = options.transport;
    this.requestTimeoutMs = positiveInteger('requestTimeoutMs', options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS);
    this.keygenTimeoutMs = positiveInteger('keygenTimeoutMs', options.keygenTimeoutMs ?? DEFAULT_KEYGEN_TIMEOUT_MS);
    this.busyRetries = nonNegativeInteger('busyRetries', options.busyRetries ?? DEFAULT_BUSY_RETRIES);
    this.busyBackoffMs = nonNegativeInteger('busyBackoffMs', options.busyBackoffMs ?? DEFAULT_BUSY_BACKOFF_MS);
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.jobLog = options.jobLog ?? new JobLog(options.clock);
    this.exchange = new StationLinkExchange({
      transport: options.transport,
      seqCounter: new SeqCounter(options.firstSeq),
      maxRetransmissions: nonNegativeInteger('maxRetransmissions', options.maxRetransmissions ?? DEFAULT_MAX_RETRANSMISSIONS),
      jobLog: this.jobLog,
      onLog: options.onLog,
    });
  }

  /** The identity from the last HELLO, or null before it. */
  get identity(): BoardIdentity | null {
    return this.board;
  }

  hello(): Promise<BoardIdentity> {
    return this.operation(() => this.sayHello());
  }

  generateKey(slot: number): Promise<Uint8Array> {
    const args = [slotArgument(slot)];
    return this.session(async () => parseKeygenResponse((await this.call('KEYGEN', args, this.keygenTimeoutMs)).frame));
  }

  requestCsr(slot: number, commonName: string): Promise<Uint8Array> {
    const args: FrameArgument[] = [slotArgument(slot), ['cn', commonName]];
    return this.session(async () => parseCsrResponse((await this.call('CSR', args)).frame));
  }

  transfer(kind: TransferKind, slot: number, data: Uint8Array): Promise<void> {
    const slotArg = slotArgument(slot);
    return this.session(async (board) => {
      const sha256 = createHash('sha256').update(data).digest('hex');
      const chunks = chunkBase64(data, { maxLine: board.maxLine });
      await this.call('PUT', [['kind', kind], slotArg, ['len', String(data.length)], ['sha256', sha256]]);
      const isSecret = SECRET_KINDS.has(kind);
      for (const chunk of chunks) {
        const reply = await this.call('DATA', [['off', String(chunk.offset)], ['b64', chunk.base64]], this.requestTimeoutMs, isSecret);
        parseDataResponse(reply.frame, chunk.offset + chunk.byteLength);
      }
      await this.call('END', []);
    });
  }

  signNonce(slot: number, nonce: Uint8Array): Promise<Uint8Array> {
    if (nonce.length === 0) throw new TypeError('nonce must not be empty');
    const args: FrameArgument[] = [slotArgument(slot), ['nonce', Buffer.from(nonce).toString('hex')]];
    return this.session(async () => parseSignResponse((await this.call('SIGN', args)).frame));
  }

  commit(slot: number): Promise<number> {
    const args = [slotArgument(slot)];
    return this.session(async () => parseCommitResponse((await this.call('COMMIT', args)).frame));
  }

  status(): Promise<BoardStatus> {
    return this.session(async () => parseStatusResponse((await this.call('STATUS', [])).frame));
  }

  erase(slot: number): Promise<void> {
    const args = [slotArgument(slot)];
    return this.session(async () => {
      await this.call('ERASE', args);
    });
  }

  async close(): Promise<void> {
    await this.transport.close();
    this.exchange.dispose();
  }

  /** Runs operations one at a time, in call order. */
  private operation<T>(work: () => Promise<T>): Promise<T> {
    const run = this.operations.then(work);
    this.operations = run.catch(() => undefined);
    return run;
  }

  /** An operation that needs the session open: sends HELLO first when it has not been done. */
  private session<T>(work: (board: BoardIdentity) => Promise<T>): Promise<T> {
    return this.operation(async () => work(this.board ?? (await this.sayHello())));
  }

  private async sayHello(): Promise<BoardIdentity> {
    this.board = null;
    const identity = parseHelloResponse((await this.call('HELLO', [])).frame);
    this.board = identity;
    this.jobLog.record(
      'note',
      `board ${identity.model} fw ${identity.firmware} serial ${identity.serial}, max_line ${identity.maxLine}, slots ${identity.slotCount}, caps ${identity.capabilities.join(',') || 'none'}`,
    );
    return identity;
  }

  /** One request, with busy (503) retries under new seqs; resolves to OK, throws `board-error` on ERR. */
  private async call(
    word: string,
    args: readonly FrameArgument[],
    timeoutMs = this.requestTimeoutMs,
    isSecret = false,
  ): Promise<ExchangeReply> {
    for (let busyAttempt = 0; ; busyAttempt += 1) {
      const reply = await this.exchange.request({ word, args, timeoutMs, isSecret });
      if (reply.frame.word === 'OK') return reply;
      const { code, words } = parseErrorLine(reply.line, word);
      if (code === 503 && busyAttempt < this.busyRetries) {
        this.jobLog.record('note', `board busy (503) on ${word}; retry ${busyAttempt + 1}/${this.busyRetries}`);
        await this.sleep(this.busyBackoffMs * (busyAttempt + 1));
        continue;
      }
      throw boardError(word, code, words, this.transport.name);
    }
  }
}

/** StationError `board-error` for an ERR reply: plain-language summary, the board's words, a hint. */
export function boardError(command: string, code: number, words: string, portName: string): StationError {
  const { summary, hint } = explainBoardError(code);
  const said = words ? ` The board says: "${words}".` : '';
  return new StationError('board-error', `The board on ${portName} refused ${command} (error ${code}): ${summary}.${said}`, {
    hint,
    details: { errCode: code, command, boardMessage: words },
  });
}
