import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { exportPkcs8Key, importPkcs8Key, type BoardKey } from './board-key-service';

/** One credential slot of the simulated board's flash. */
export interface BoardSlot {
  key: BoardKey | null;
  /** DER X.509 of the slot's key (installed by PUT kind=cert + END). */
  certificate: Buffer | null;
  chain: Buffer | null;
  trust: Buffer | null;
  /** UTF-8 "username" LF "password". */
  userpass: Buffer | null;
}

/** What survives a power cycle. */
export interface BoardFlash {
  active: number | null;
  slots: BoardSlot[];
}

/**
 * Where the firmware keeps its flash. `save` is called after every change (atomic: the JSON file store
 * writes a temporary file and renames it, so a crash leaves the old or the new state). `load` returns
 * null when there is nothing stored yet; it throws on a file it cannot read.
 */
export interface BoardFlashStore {
  load(): BoardFlash | null;
  save(flash: BoardFlash): void;
}

export function emptySlot(): BoardSlot {
  return { key: null, certificate: null, chain: null, trust: null, userpass: null };
}

export function emptyFlash(slotCount: number): BoardFlash {
  return { active: null, slots: Array.from({ length: slotCount }, emptySlot) };
}

/** Keeps the flash in memory only (the default). */
export class MemoryBoardFlashStore implements BoardFlashStore {
  private stored: BoardFlash | null = null;

  load(): BoardFlash | null {
    return this.stored;
  }

  save(flash: BoardFlash): void {
    this.stored = { active: flash.active, slots: flash.slots.map((slot) => ({ ...slot })) };
  }
}

interface StoredSlot {
  key: string | null;
  certificate: string | null;
  chain: string | null;
  trust: string | null;
  userpass: string | null;
}

interface StoredFlash {
  version: 1;
  active: number | null;
  slots: StoredSlot[];
}

function b64(value: Buffer | null): string | null {
  return value === null ? null : value.toString('base64');
}

function fromB64(value: unknown): Buffer | null {
  return typeof value === 'string' ? Buffer.from(value, 'base64') : null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/**
 * The simulated board's flash as a JSON file (mode 0600). It holds the simulated board's private keys,
 * as a real board's flash would; it is never station data.
 */
export class JsonFileBoardFlashStore implements BoardFlashStore {
  constructor(private readonly path: string) {}

  load(): BoardFlash | null {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (error) {
      if (isRecord(error) && error.code === 'ENOENT') return null;
      throw error;
    }
    const parsed: unknown = JSON.parse(text);
    if (!isRecord(parsed) || parsed.version !== 1 || !Array.isArray(parsed.slots)) {
      throw new TypeError(`board state file ${this.path} is not a version 1 board state`);
    }
    const active = typeof parsed.active === 'number' ? parsed.active : null;
    const slots = parsed.slots.map((raw: unknown): BoardSlot => {
      if (!isRecord(raw)) return emptySlot();
      const keyDer = fromB64(raw.key);
      return {
        key: keyDer ? importPkcs8Key(keyDer) : null,
        certificate: fromB64(raw.certificate),
        chain: fromB64(raw.chain),
        trust: fromB64(raw.trust),
        userpass: fromB64(raw.userpass),
      };
    });
    return { active, slots };
  }

  save(flash: BoardFlash): void {
    const stored: StoredFlash = {
      version: 1,
      active: flash.active,
      slots: flash.slots.map((slot) => ({
        key: slot.key ? exportPkcs8Key(slot.key).toString('base64') : null,
        certificate: b64(slot.certificate),
        chain: b64(slot.chain),
        trust: b64(slot.trust),
        userpass: b64(slot.userpass),
      })),
    };
    mkdirSync(dirname(this.path), { recursive: true });
    const temporary = `${this.path}.tmp-${process.pid}`;
    writeFileSync(temporary, `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600 });
    renameSync(temporary, this.path);
  }
}
