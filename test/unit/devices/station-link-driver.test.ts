import { createHash, createPublicKey, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createMemoryLinePair } from '../../../src-main/core/devices/memory-line-transport';
import { StationLinkDriver, type StationLinkDriverOptions } from '../../../src-main/core/devices/station-link/station-link-driver';
import { MinimalBoardPeer, peerFrame, type MinimalBoardOptions } from '../../integration/devices/support/minimal-board-peer';
import { stationErrorOf } from '../../support/station-error-rejection';

function setup(board: MinimalBoardOptions = {}, driver: Partial<StationLinkDriverOptions> = {}) {
  const [stationEnd, boardEnd] = createMemoryLinePair();
  const peer = new MinimalBoardPeer(boardEnd, board);
  const logs: string[] = [];
  const station = new StationLinkDriver({
    transport: stationEnd,
    requestTimeoutMs: 200,
    keygenTimeoutMs: 200,
    sleep: async () => undefined,
    onLog: (line) => logs.push(line),
    ...driver,
  });
  return { station, peer, logs, stationEnd, boardEnd };
}

/** A scripted board: `answer(seq, word, line)` returns the lines to write back. */
function scripted(answer: (seq: number, word: string, line: string) => string[]) {
  const [stationEnd, boardEnd] = createMemoryLinePair();
  const seen: string[] = [];
  boardEnd.onLine((line) => {
    seen.push(line);
    const match = /^@(\d+) ([A-Z]+)/.exec(line);
    if (!match) return;
    for (const out of answer(Number(match[1]), match[2] ?? '', line)) void boardEnd.writeLine(out);
  });
  return { stationEnd, boardEnd, seen };
}

const HELLO_BODY = 'OK proto=1 model=m fw=1 serial=S1 max_line=512 caps=keygen slots=1';

describe('StationLinkDriver on an in-memory link', () => {
  it('runs a whole provisioning exchange', async () => {
    const { station, peer } = setup({ slots: 2 }, { firstSeq: 65_534 });
    const identity = await station.hello();
    expect(identity).toMatchObject({ protocolVersion: 1, serial: 'MINI-0001', maxLine: 512, slotCount: 2 });
    const pub = await station.generateKey(1);
    expect(Buffer.from(pub).equals(peer.publicPoint(1) ?? Buffer.alloc(0))).toBe(true);
    const spki = await station.requestCsr(1, 'MINI-0001');
    const cert = Buffer.alloc(1500, 0x5a);
    await station.transfer('cert', 1, cert);
    const nonce = Buffer.from('00112233445566778899', 'hex');
    const signature = await station.signNonce(1, nonce);
    const publicKey = createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
    expect(verify('sha256', nonce, publicKey, signature)).toBe(true);
    expect(await station.commit(1)).toBe(1);
    const status = await station.status();
    expect(status.activeSlot).toBe(1);
    expect(status.slots[1]).toEqual({ slot: 1, state: 'committed', certificateSha256: createHash('sha256').update(cert).digest('hex') });
    await station.erase(0);
    const seqs = peer.received.map((request) => request.seq);
    expect(seqs.slice(0, 3)).toEqual([65_534, 65_535, 0]);
    seqs.forEach((seq, index) => index > 0 && expect(seq).toBe(((seqs[index - 1] ?? 0) + 1) % 65_536));
    const dataFrames = peer.received.filter((request) => request.word === 'DATA');
    expect(dataFrames.length).toBeGreaterThan(3);
    for (const frame of dataFrames) expect(frame.line.length + 2).toBeLessThanOrEqual(512);
  });

  it('sends HELLO first when a command comes before hello()', async () => {
    const { station, peer } = setup();
    await station.status();
    expect(peer.received.map((request) => request.word)).toEqual(['HELLO', 'STATUS']);
    expect(station.identity?.serial).toBe('MINI-0001');
  });

  it('retransmits the same frame after a lost response; the board answers from its saved response', async () => {
    const { station, peer } = setup();
    await station.hello();
    peer.faults.set('KEYGEN', 'drop');
    await station.generateKey(0);
    const keygens = peer.received.filter((request) => request.word === 'KEYGEN');
    expect(keygens).toHaveLength(2);
    expect(keygens[1]?.line).toBe(keygens[0]?.line);
    expect(peer.executions.get('KEYGEN')).toBe(1);
    expect(peer.resends).toBe(1);
  });

  it('retransmits at once after a corrupted response, without waiting for the timer', async () => {
    const { station, peer } = setup({}, { requestTimeoutMs: 600_000 });
    await station.hello();
    peer.faults.set('STATUS', 'corrupt');
    const status = await station.status();
    expect(status.activeSlot).toBeNull();
    expect(peer.received.filter((request) => request.word === 'STATUS')).toHaveLength(2);
    expect(peer.executions.get('STATUS')).toBe(1);
    expect(station.jobLog.entries().some((entry) => entry.text.includes('corrupted response'))).toBe(true);
  });

  it('gives up with board-timeout after 3 retransmissions of the very same frame', async () => {
    const { stationEnd, seen } = scripted(() => []);
    const station = new StationLinkDriver({ transport: stationEnd, requestTimeoutMs: 20 });
    const error = await stationErrorOf(station.hello());
    expect(error.code).toBe('board-timeout');
    expect(error.isTimedOut).toBe(true);
    expect(error.details).toMatchObject({ command: 'HELLO', attempts: 4, lastError: 'no answer within 20 ms' });
    expect(seen).toHaveLength(4);
    expect(new Set(seen).size).toBe(1);
  });

  it('keeps KEYGEN alive while WAIT lines come, beyond the inactivity timeout', async () => {
    const { station, peer } = setup({ keygenMs: 600, waitEveryMs: 20 }, { keygenTimeoutMs: 200 });
    await station.generateKey(0);
    expect(peer.received.filter((request) => request.word === 'KEYGEN')).toHaveLength(1);
  });

  it('ignores stale seqs, including a late duplicate of an earlier response', async () => {
    let first = true;
    const { stationEnd } = scripted((seq, word) => {
      if (word === 'HELLO') return [peerFrame(seq + 100, 'OK stale=1'), peerFrame(seq, HELLO_BODY), peerFrame(seq, HELLO_BODY)];
      if (word === 'STATUS' && first) {
        first = false;
        return [peerFrame(seq - 1, HELLO_BODY), peerFrame(seq, 'OK active=none slot0=empty cert0=-')];
      }
      return [];
    });
    const station = new StationLinkDriver({ transport: stationEnd, requestTimeoutMs: 200 });
    expect((await station.hello()).serial).toBe('S1');
    expect((await station.status()).slots).toHaveLength(1);
    expect(station.jobLog.entries().filter((entry) => entry.text.startsWith('ignored stale seq')).length).toBeGreaterThanOrEqual(2);
  });

  it('maps ERR to board-error with the code, an explanation and the board words', async () => {
    const { station } = setup();
    const error = await stationErrorOf(station.commit(0));
    expect(error.code).toBe('board-error');
    expect(error.details).toMatchObject({ errCode: 409, command: 'COMMIT', boardMessage: 'slot has no certificate' });
    expect(error.message).toContain("slot's present state");
    expect(error.hint).not.toBe('');
  });

  it('retries 503 busy under a new seq, and reports it after the retries run out', async () => {
    const { station, peer } = setup({}, { busyRetries: 2 });
    await station.hello();
    peer.faults.set('ERASE', 'busy');
    await station.erase(0);
    const erases = peer.received.filter((request) => request.word === 'ERASE');
    expect(erases).toHaveLength(2);
    expect(erases[1]?.seq).toBe((erases[0]?.seq ?? 0) + 1);
    peer.faults.set('STATUS', 'busy-always');
    const error = await stationErrorOf(station.status());
    expect(error.details.errCode).toBe(503);
    expect(peer.received.filter((request) => request.word === 'STATUS')).toHaveLength(3);
  });

  it('refuses another protocol version, naming it', async () => {
    const { station } = setup({ proto: '2' });
    const error = await stationErrorOf(station.hello());
    expect(error.code).toBe('board-protocol');
    expect(error.message).toContain('version 2');
  });

  it('fails a transfer whose DATA answer has the wrong next=', async () => {
    const { stationEnd } = scripted((seq, word) => {
      if (word === 'HELLO') return [peerFrame(seq, HELLO_BODY)];
      if (word === 'DATA') return [peerFrame(seq, 'OK next=1')];
      return [peerFrame(seq, 'OK')];
    });
    const station = new StationLinkDriver({ transport: stationEnd, requestTimeoutMs: 200 });
    const error = await stationErrorOf(station.transfer('chain', 0, Buffer.alloc(10, 1)));
    expect(error.code).toBe('board-protocol');
    expect(error.message).toContain('next=1, expected 10');
  });

  it('hands board log lines to the log listener, wherever they arrive', async () => {
    const { station, logs } = setup({ noisy: true });
    await station.hello();
    await station.status();
    // one log line before each response (so both are in), one after it (the last may still be on its way)
    expect(logs.filter((line) => line.includes('prov: answering'))).toHaveLength(2);
    expect(logs).toContain('D (1) prov: done');
    expect(station.jobLog.entries().filter((entry) => entry.direction === 'board-log').length).toBeGreaterThanOrEqual(3);
  });

  it('never puts key or userpass bytes in the job log', async () => {
    const { station } = setup();
    const secret = Buffer.alloc(700, 0x33);
    const secretB64Piece = secret.subarray(0, 30).toString('base64');
    await station.transfer('key', 0, secret);
    await station.transfer('userpass', 0, Buffer.from('op\nhunter22hunter22'));
    const text = station.jobLog.entries().map((entry) => entry.text).join('\n');
    expect(text).toContain('DATA off=0 b64=<redacted');
    expect(text).not.toContain(secretB64Piece);
    expect(text).not.toContain(Buffer.from('op\nhunter22hunter22').toString('base64'));
    await station.transfer('trust', 0, Buffer.alloc(30, 0x33));
    expect(station.jobLog.entries().map((entry) => entry.text).join('\n')).toContain(Buffer.alloc(30, 0x33).toString('base64'));
  });

  it('rejects the pending request with board-disconnected on unplug, and every later one', async () => {
    const { stationEnd } = scripted(() => []);
    const station = new StationLinkDriver({ transport: stationEnd, requestTimeoutMs: 60_000 });
    const pending = station.hello();
    await Promise.resolve();
    stationEnd.unplug();
    const error = await stationErrorOf(pending);
    expect(error.code).toBe('board-disconnected');
    expect(error.isDisconnected).toBe(true);
    expect((await stationErrorOf(station.status())).isDisconnected).toBe(true);
    await station.close();
    await station.close();
  });

  it('throws TypeError on bad options and arguments', () => {
    const [stationEnd] = createMemoryLinePair();
    expect(() => new StationLinkDriver({ transport: stationEnd, requestTimeoutMs: 0 })).toThrow(TypeError);
    expect(() => new StationLinkDriver({ transport: stationEnd, maxRetransmissions: -1 })).toThrow(TypeError);
    expect(() => new StationLinkDriver({ transport: stationEnd, firstSeq: 70_000 })).toThrow(TypeError);
    const station = new StationLinkDriver({ transport: stationEnd });
    expect(() => station.erase(-1)).toThrow(TypeError);
    expect(() => station.signNonce(0, new Uint8Array(0))).toThrow(TypeError);
  });

  it('rejects a CN the protocol cannot carry with TypeError, without spending a seq', async () => {
    const { station, peer } = setup({}, { firstSeq: 10 });
    await station.hello();
    await expect(station.requestCsr(0, 'two words')).rejects.toThrow(TypeError);
    await station.status();
    expect(peer.received.map((request) => request.seq)).toEqual([10, 11]);
  });
});
