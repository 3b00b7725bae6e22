import { MIN_MAX_LINE } from '../devices/station-link/frame-codec';

/**
 * Options of one simulated board (firmware behaviour and fault injection). Every field has a default
 * (see DEFAULT_BOARD_SIM_OPTIONS); `resolveBoardSimOptions` fills them in and throws a TypeError on a
 * value the simulator cannot honour.
 */
export type BoardSimCapability = 'keygen' | 'inject' | 'userpass';

/** How a `wrongKeyCsr` board lies in its CSRs. */
export type WrongKeyCsrMode =
  /** Honest: the CSR carries the slot's public key and is signed with the slot's key. */
  | 'off'
  /** The CSR carries another key's public key and is validly signed by that other key. */
  | 'foreign-key'
  /** The CSR carries the slot's public key but is signed by another key (signature does not verify). */
  | 'bad-signature';

export interface InjectedError {
  /** The command word (HELLO, KEYGEN, …) whose first request is answered with this error. */
  command: string;
  /** The ERR code to answer (400…599). */
  code: number;
}

export interface BoardSimOptions {
  /** Immutable hardware identity reported by HELLO. Default 'SN-SIM-0001'. */
  serial: string;
  /** Default 'sim-board'. */
  model: string;
  /** Default '1.0.0-sim'. */
  fw: string;
  /** Default ['keygen', 'inject']. */
  caps: BoardSimCapability[];
  /** Default 1. */
  slots: 1 | 2;
  /** Longest frame the board accepts, CR LF included (≥ 512). Default 512. */
  maxLine: number;
  /** Largest PUT len the board accepts (else ERR 413). Default 16384. */
  maxTransfer: number;
  /** How long KEYGEN works before answering; WAIT lines go out meanwhile. Default 0 (at once). */
  keygenMs: number;
  /**
   * Wire pacing in baud (8N1: baud / 10 bytes per second) of what the board sends and receives, applied by the pty host.
   * Default 0 = unthrottled.
   */
  baud: number;
  /**
   * Probability (0…1) that a whole log line goes out before a response, and again after it, for each
   * request; also the chance per WAIT tick. Default 0 (silent apart from the boot banner).
   */
  logNoise: number;
  /** Mean interval of log lines sent at random moments while idle, by the pty host; 0 = off. Default 0. */
  logIntervalMs: number;
  /** Send a boot banner log line when the firmware starts. Default true. */
  bootBanner: boolean;
  /** Command words whose first response is saved but not sent (a lost response). Default []. */
  dropResponseOnce: string[];
  /** Command words whose first response goes out with one byte flipped (bad CRC). Default []. */
  corruptResponseOnce: string[];
  /** Default 'off'. */
  wrongKeyCsr: WrongKeyCsrMode;
  /** Command word at whose arrival the board vanishes (pty closed, no answer). Default null. */
  vanishAtStep: string | null;
  /** First request of each listed command is answered with the given ERR code. Default []. */
  errorOnce: InjectedError[];
  /**
   * Seed for deterministic key generation: boards with the same seed make the same key pair on every
   * KEYGEN (duplicate-key tests). Default null = a fresh random key each time.
   */
  sharedKeyWith: string | null;
  /**
   * JSON file holding the board's flash (slots, keys, active slot) between runs, so a returned device
   * keeps its credential. Simulated device flash only: it holds the simulated private keys (mode 0600).
   * Default null = in memory only.
   */
  stateFile: string | null;
}

export const DEFAULT_BOARD_SIM_OPTIONS: Readonly<BoardSimOptions> = Object.freeze({
  serial: 'SN-SIM-0001',
  model: 'sim-board',
  fw: '1.0.0-sim',
  caps: ['keygen', 'inject'],
  slots: 1,
  maxLine: MIN_MAX_LINE,
  maxTransfer: 16_384,
  keygenMs: 0,
  baud: 0,
  logNoise: 0,
  logIntervalMs: 0,
  bootBanner: true,
  dropResponseOnce: [],
  corruptResponseOnce: [],
  wrongKeyCsr: 'off',
  vanishAtStep: null,
  errorOnce: [],
  sharedKeyWith: null,
  stateFile: null,
} satisfies BoardSimOptions);

const COMMAND_WORD = /^[A-Z][A-Z0-9_]*$/;
const PROTOCOL_VALUE = /^[A-Za-z0-9._\-+/=:,]+$/;
const CAPABILITIES: readonly BoardSimCapability[] = ['keygen', 'inject', 'userpass'];
const CSR_MODES: readonly WrongKeyCsrMode[] = ['off', 'foreign-key', 'bad-signature'];

function checkWords(name: string, words: readonly string[]): string[] {
  for (const word of words) {
    if (!COMMAND_WORD.test(word)) throw new TypeError(`${name}: not a command word: ${JSON.stringify(word)}`);
  }
  return [...words];
}

function checkNumber(name: string, value: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new TypeError(`${name} must be a number in ${min}..${max}, got ${value}`);
  }
  return value;
}

/** Fills in defaults and validates. Throws TypeError naming the bad option. */
export function resolveBoardSimOptions(partial: Partial<BoardSimOptions> = {}): BoardSimOptions {
  const merged: BoardSimOptions = { ...DEFAULT_BOARD_SIM_OPTIONS, ...stripUndefined(partial) };
  for (const key of ['serial', 'model', 'fw'] as const) {
    if (!PROTOCOL_VALUE.test(merged[key])) throw new TypeError(`${key} must be a protocol value, got ${JSON.stringify(merged[key])}`);
  }
  if (merged.caps.length === 0) throw new TypeError('caps must list at least one capability');
  for (const cap of merged.caps) {
    if (!CAPABILITIES.includes(cap)) throw new TypeError(`unknown capability ${JSON.stringify(cap)} (keygen, inject, userpass)`);
  }
  if (merged.slots !== 1 && merged.slots !== 2) throw new TypeError(`slots must be 1 or 2, got ${String(merged.slots)}`);
  checkNumber('maxLine', merged.maxLine, MIN_MAX_LINE, 1 << 20);
  if (!Number.isInteger(merged.maxLine)) throw new TypeError('maxLine must be an integer');
  checkNumber('maxTransfer', merged.maxTransfer, 1, 1 << 24);
  checkNumber('keygenMs', merged.keygenMs, 0, 600_000);
  checkNumber('baud', merged.baud, 0, 10_000_000);
  checkNumber('logNoise', merged.logNoise, 0, 1);
  checkNumber('logIntervalMs', merged.logIntervalMs, 0, 3_600_000);
  if (!CSR_MODES.includes(merged.wrongKeyCsr)) throw new TypeError(`wrongKeyCsr must be one of ${CSR_MODES.join(', ')}`);
  if (merged.vanishAtStep !== null) checkWords('vanishAtStep', [merged.vanishAtStep]);
  for (const injected of merged.errorOnce) {
    checkWords('errorOnce', [injected.command]);
    if (!Number.isInteger(injected.code) || injected.code < 400 || injected.code > 599) {
      throw new TypeError(`errorOnce code must be 400..599, got ${injected.code}`);
    }
  }
  if (merged.sharedKeyWith !== null && merged.sharedKeyWith.length === 0) throw new TypeError('sharedKeyWith must not be empty');
  return {
    ...merged,
    caps: [...new Set(merged.caps)],
    dropResponseOnce: checkWords('dropResponseOnce', merged.dropResponseOnce),
    corruptResponseOnce: checkWords('corruptResponseOnce', merged.corruptResponseOnce),
    errorOnce: merged.errorOnce.map((e) => ({ ...e })),
  };
}

function stripUndefined(partial: Partial<BoardSimOptions>): Partial<BoardSimOptions> {
  return Object.fromEntries(Object.entries(partial).filter(([, value]) => value !== undefined)) as Partial<BoardSimOptions>;
}
