import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Ledger } from '../../../src-main/core/ledger/ledger';
import { GENESIS_HASH, eventHash } from '../../../src-main/core/ledger/event-chain';
import { makeCredential, openTestLedger } from './ledger-test-support';

describe('Ledger event log', () => {
  let ledger: Ledger;
  let file: string;
  let cleanup: () => void;

  beforeEach(() => {
    ({ ledger, file, cleanup } = openTestLedger());
  });
  afterEach(() => cleanup());

  function writeSomeHistory(): void {
    ledger.upsertBoard({ serial: 'SN-C1', model: 'm', firmware: '1' }); // 1
    const run = ledger.startRun({ port: 'p', mode: 'on-chip' }); // 2
    ledger.setRunBoard(run.id, 'SN-C1'); // 3
    ledger.recordCredential(makeCredential('SN-C1', { runId: run.id })); // 4
    ledger.finishRun(run.id, 'succeeded'); // 5
    ledger.appendEvent('station.note', { text: 'shift change', operator: 'ana' }); // 6
  }

  it('chains every row to the previous one from the genesis hash', () => {
    writeSomeHistory();
    const events = ledger.listEvents();
    expect(events.map((event) => event.id)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(events[0]?.prevHash).toBe(GENESIS_HASH);
    for (let index = 1; index < events.length; index += 1) {
      expect(events[index]?.prevHash).toBe(events[index - 1]?.hash);
    }
    for (const event of events) expect(event.hash).toBe(eventHash(event.prevHash, event));
    expect(ledger.verifyChain()).toEqual({ isIntact: true, checkedRows: 6, firstBrokenId: null, reason: null });
    expect(ledger.listEvents({ afterId: 4, limit: 1 }).map((event) => event.id)).toEqual([5]);
  });

  it('stores data canonically and files events under their board', () => {
    const event = ledger.appendEvent('station.note', { zeta: 1, alpha: { b: 2, a: [true, null] }, skipped: undefined, boardSerial: 'SN-Z' });
    expect(event.data).toBe('{"alpha":{"a":[true,null],"b":2},"boardSerial":"SN-Z","zeta":1}');
    expect(event.boardSerial).toBe('SN-Z');
    expect(ledger.listEvents({ boardSerial: 'SN-Z' })).toEqual([event]);
  });

  it('refuses bad types, secret-looking fields and non-JSON data, writing nothing', () => {
    expect(() => ledger.appendEvent('Bad Type', {})).toThrow(expect.objectContaining({ code: 'ledger-event-invalid' }));
    expect(() => ledger.appendEvent('key.made', { privateKeyPem: 'x' })).toThrow(expect.objectContaining({ code: 'ledger-event-invalid' }));
    expect(() => ledger.appendEvent('key.made', { nested: { pin: '1234' } })).toThrow(expect.objectContaining({ code: 'ledger-event-invalid' }));
    expect(() => ledger.appendEvent('x.y', { value: Number.NaN })).toThrow(expect.objectContaining({ code: 'ledger-event-invalid' }));
    expect(() => ledger.appendEvent('x.y', { bytes: new Uint8Array(2) })).toThrow(expect.objectContaining({ code: 'ledger-event-invalid' }));
    expect(ledger.listEvents()).toEqual([]);
  });

  it('keeps one chain when two connections append in turn', () => {
    const other = Ledger.open(file);
    try {
      ledger.appendEvent('a.one', {});
      other.appendEvent('b.one', {});
      ledger.appendEvent('a.two', {});
      other.appendEvent('b.two', {});
      expect(other.verifyChain()).toMatchObject({ isIntact: true, checkedRows: 4 });
    } finally {
      other.close();
    }
  });

  it('triggers refuse UPDATE and DELETE on events', () => {
    writeSomeHistory();
    const raw = new Database(file);
    try {
      expect(() => raw.prepare("UPDATE events SET data = '{}' WHERE id = 2").run()).toThrow(/append-only/);
      expect(() => raw.prepare('DELETE FROM events WHERE id = 2').run()).toThrow(/append-only/);
    } finally {
      raw.close();
    }
    expect(ledger.verifyChain().isIntact).toBe(true);
  });

  describe('detects tampering through a second raw connection', () => {
    function tamper(sql: string, ...params: unknown[]): void {
      const raw = new Database(file);
      try {
        raw.exec('DROP TRIGGER events_no_update; DROP TRIGGER events_no_delete;');
        raw.prepare(sql).run(...params);
      } finally {
        raw.close();
      }
    }

    it('an edited row is the first broken one', () => {
      writeSomeHistory();
      tamper(`UPDATE events SET data = '{"boardSerial":"SN-C1","model":"forged"}' WHERE id = 3`);
      expect(ledger.verifyChain()).toMatchObject({ isIntact: false, firstBrokenId: 3, checkedRows: 3, reason: expect.stringMatching(/hash mismatch/) });
    });

    it('an edited row whose hash was recomputed breaks at the next row', () => {
      writeSomeHistory();
      const original = ledger.listEvents().find((event) => event.id === 3);
      if (original === undefined) throw new Error('row 3 missing');
      const forged = { ...original, data: '{"boardSerial":"SN-C1","runId":99}' };
      tamper('UPDATE events SET data = ?, hash = ? WHERE id = 3', forged.data, eventHash(forged.prevHash, forged));
      expect(ledger.verifyChain()).toMatchObject({ isIntact: false, firstBrokenId: 4, reason: expect.stringMatching(/prevHash/) });
    });

    it('a deleted row breaks the chain at the row after it', () => {
      writeSomeHistory();
      tamper('DELETE FROM events WHERE id = 2');
      expect(ledger.verifyChain()).toMatchObject({ isIntact: false, firstBrokenId: 3 });
    });

    it('a changed board attribution is caught too', () => {
      writeSomeHistory();
      tamper("UPDATE events SET board_serial = 'SN-OTHER' WHERE id = 5");
      expect(ledger.verifyChain()).toMatchObject({ isIntact: false, firstBrokenId: 5 });
    });
  });

  it('verifies an empty log as intact', () => {
    expect(ledger.verifyChain()).toEqual({ isIntact: true, checkedRows: 0, firstBrokenId: null, reason: null });
    expect(path.basename(file)).toBe('ledger.sqlite');
  });
});

describe('Ledger under a lock held by another program', () => {
  it('fails a write with ledger-busy (timed out) and writes nothing, then works once the lock is gone', () => {
    const { file, cleanup } = openTestLedger();
    const ledger = Ledger.open(file, { busyTimeoutMs: 50 });
    const holder = new Database(file);
    try {
      holder.exec('BEGIN IMMEDIATE');
      expect(() => ledger.upsertBoard({ serial: 'SN-LOCK' })).toThrow(
        expect.objectContaining({ code: 'ledger-busy', isTimedOut: true }),
      );
      holder.exec('ROLLBACK');
      expect(ledger.getBoard('SN-LOCK')).toBeNull();
      expect(ledger.upsertBoard({ serial: 'SN-LOCK' }).serial).toBe('SN-LOCK');
    } finally {
      holder.close();
      ledger.close();
      cleanup();
    }
  });
});

describe('Ledger group commit', () => {
  it('commits several writes together, rolling back only the one that failed', () => {
    const { ledger, cleanup } = openTestLedger();
    try {
      const run = ledger.inOneTransaction(() => {
        const started = ledger.startRun({ port: 'p', mode: 'm' });
        expect(() => ledger.recordStep(999, 'x', 'started')).toThrow(expect.objectContaining({ code: 'ledger-not-found' }));
        ledger.recordStep(started.id, 'hello', 'succeeded');
        return started;
      });
      expect(ledger.stepsForRun(run.id)).toHaveLength(1);
      expect(ledger.listEvents().map((event) => event.type)).toEqual(['run.started', 'run.step']);

      expect(() =>
        ledger.inOneTransaction(() => {
          ledger.upsertBoard({ serial: 'SN-GONE' });
          throw new Error('operator cancelled');
        }),
      ).toThrow('operator cancelled');
      expect(ledger.getBoard('SN-GONE')).toBeNull();
      expect(ledger.verifyChain()).toMatchObject({ isIntact: true, checkedRows: 2 });
    } finally {
      cleanup();
    }
  });
});
