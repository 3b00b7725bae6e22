import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Ledger } from '../../../src-main/core/ledger/ledger';
import type { NewCredential } from '../../../src-main/core/ledger/ledger-types';

/** A fresh temp directory; `cleanup` removes it. */
export function makeTempDir(): { dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-test-'));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** A clock starting at `start` that moves one second forward on every call; `advanceBy` jumps ahead. */
export function steppingClock(start = '2026-03-01T08:00:00.000Z'): (() => Date) & { advanceBy: (ms: number) => void } {
  let ms = Date.parse(start);
  const clock = () => {
    const now = new Date(ms);
    ms += 1000;
    return now;
  };
  return Object.assign(clock, { advanceBy: (delta: number) => void (ms += delta) });
}

/** Opens a ledger in a new temp dir with a stepping clock. */
export function openTestLedger(): {
  ledger: Ledger;
  clock: ReturnType<typeof steppingClock>;
  file: string;
  dir: string;
  cleanup: () => void;
} {
  const temp = makeTempDir();
  const file = path.join(temp.dir, 'ledger.sqlite');
  const clock = steppingClock();
  const ledger = Ledger.open(file, { clock });
  return {
    ledger,
    clock,
    file,
    dir: temp.dir,
    cleanup: () => {
      ledger.close();
      temp.cleanup();
    },
  };
}

let counter = 0;

/** A well-formed credential for `boardSerial` with fake DER bytes (thumbprint = SHA-256 of them). */
export function makeCredential(boardSerial: string, overrides: Partial<NewCredential> = {}): NewCredential {
  counter += 1;
  const der = overrides.certificateDer ?? new Uint8Array(Buffer.concat([Buffer.from([0x30, 0x82, 0x01, 0x00]), randomBytes(60)]));
  return {
    boardSerial,
    certificateDer: der,
    thumbprint: createHash('sha256').update(der).digest('hex'),
    serialNumber: `7f${counter.toString(16).padStart(30, '0')}`,
    publicKeyHash: createHash('sha256').update(`key-${boardSerial}-${counter}`).digest('hex'),
    subject: `CN=${boardSerial}`,
    notBefore: '2026-03-01T00:00:00.000Z',
    notAfter: '2036-03-01T00:00:00.000Z',
    keyOrigin: 'on-chip',
    slot: 0,
    runId: null,
    enrollmentStatus: 'pending',
    ...overrides,
  };
}
