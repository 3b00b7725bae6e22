import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { openSerialTransport, type SerialLineTransport } from '../../../src-main/core/devices/serial-transport';
import { StationLinkDriver, type StationLinkDriverOptions } from '../../../src-main/core/devices/station-link/station-link-driver';
import { MinimalBoardPeer, type MinimalBoardOptions } from './support/minimal-board-peer';
import { startSocatPair, type SocatPtyPair } from './support/socat-pty-pair';
import { stationErrorOf } from '../../support/station-error-rejection';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function ptyRig(board: MinimalBoardOptions = {}, driver: Partial<StationLinkDriverOptions> = {}) {
  const pair: SocatPtyPair = await startSocatPair();
  cleanups.push(() => pair.dispose());
  const boardEnd: SerialLineTransport = await openSerialTransport({ path: pair.boardPath });
  cleanups.push(() => boardEnd.close());
  const peer = new MinimalBoardPeer(boardEnd, board);
  const stationEnd = await openSerialTransport({ path: pair.stationPath, baudRate: 115_200 });
  const logs: string[] = [];
  const station = new StationLinkDriver({
    transport: stationEnd,
    requestTimeoutMs: 2_000,
    keygenTimeoutMs: 2_000,
    busyBackoffMs: 5,
    onLog: (line) => logs.push(line),
    ...driver,
  });
  cleanups.push(() => station.close());
  return { pair, peer, station, logs };
}

describe('Station Link over real socat ptys', () => {
  it('runs a full exchange with a chunked PUT at max_line 512, log noise and split writes', async () => {
    const { station, peer, logs } = await ptyRig({ maxLine: 512, noisy: true });
    expect((await station.hello()).maxLine).toBe(512);
    await station.generateKey(0);
    const cert = Buffer.from(Array.from({ length: 2000 }, (_, index) => index & 0xff));
    await station.transfer('cert', 0, cert);
    expect(await station.commit(0)).toBe(0);
    const status = await station.status();
    expect(status.slots[0]?.certificateSha256).toBe(createHash('sha256').update(cert).digest('hex'));
    const data = peer.received.filter((request) => request.word === 'DATA');
    expect(data.length).toBeGreaterThanOrEqual(6);
    for (const frame of data) expect(frame.line.length + 2).toBeLessThanOrEqual(512);
    expect(peer.resends).toBe(0);
    // the peer logs one line before every response (the stream is ordered, so all have arrived)
    expect(logs.filter((line) => / prov: answering$/.test(line))).toHaveLength(peer.received.length);
    expect(logs).toContain('D (1) prov: done');
  });

  it('survives a log line written into the middle of a response (dropped as corrupt, answered again)', async () => {
    const { station, peer, logs } = await ptyRig({}, { requestTimeoutMs: 600_000 });
    await station.hello();
    peer.faults.set('STATUS', 'garble');
    expect((await station.status()).activeSlot).toBeNull();
    expect(peer.executions.get('STATUS')).toBe(1);
    expect(peer.resends).toBe(1);
    expect(logs.some((line) => line.startsWith('xt') || line.includes('*'))).toBe(true);
  });

  it('retransmits after a dropped response; the peer answers from its saved response', async () => {
    const { station, peer } = await ptyRig({}, { keygenTimeoutMs: 300 });
    await station.hello();
    peer.faults.set('KEYGEN', 'drop');
    const pub = await station.generateKey(1);
    expect(Buffer.from(pub).equals(peer.publicPoint(1) ?? Buffer.alloc(0))).toBe(true);
    expect(peer.executions.get('KEYGEN')).toBe(1);
    expect(peer.resends).toBe(1);
    const keygens = peer.received.filter((request) => request.word === 'KEYGEN');
    expect(keygens.map((request) => request.line)).toEqual([keygens[0]?.line, keygens[0]?.line]);
  });

  it('retransmits at once after a corrupted response', async () => {
    const { station, peer } = await ptyRig({}, { requestTimeoutMs: 600_000 });
    await station.hello();
    peer.faults.set('ERASE', 'corrupt');
    await station.erase(1);
    expect(peer.executions.get('ERASE')).toBe(1);
    expect(peer.resends).toBe(1);
  });

  it('keeps KEYGEN alive with WAIT beyond its inactivity timeout', async () => {
    const { station, peer } = await ptyRig({ keygenMs: 900, waitEveryMs: 30 }, { keygenTimeoutMs: 300 });
    await station.generateKey(0);
    expect(peer.received.filter((request) => request.word === 'KEYGEN')).toHaveLength(1);
  });

  it('maps ERR codes to board-error and retries 503', async () => {
    const { station, peer } = await ptyRig({ slots: 1 });
    const notFound = await stationErrorOf(station.generateKey(1));
    expect(notFound.details).toMatchObject({ errCode: 404, command: 'KEYGEN', boardMessage: 'no such slot' });
    await station.generateKey(0);
    const conflict = await stationErrorOf(station.commit(0));
    expect(conflict.details).toMatchObject({ errCode: 409, command: 'COMMIT' });
    expect(conflict.message).toContain('slot has no certificate');
    peer.faults.set('STATUS', 'busy');
    expect((await station.status()).slots).toHaveLength(1);
  });

  it('reports board-disconnected when socat dies (unplug) with a request pending', async () => {
    const pair = await startSocatPair();
    cleanups.push(() => pair.dispose());
    const stationEnd = await openSerialTransport({ path: pair.stationPath });
    const station = new StationLinkDriver({ transport: stationEnd, requestTimeoutMs: 600_000 });
    const pending = station.hello();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await pair.kill();
    const error = await stationErrorOf(pending);
    expect(error.code).toBe('board-disconnected');
    expect(error.isDisconnected).toBe(true);
    expect(stationEnd.isOpen).toBe(false);
    expect((await stationErrorOf(station.status())).code).toBe('board-disconnected');
    await station.close();
  });

  it('refuses to open a port that does not exist, with port-open-failed', async () => {
    const error = await stationErrorOf(openSerialTransport({ path: '/tmp/station-ptys-none/board-404' }));
    expect(error.code).toBe('port-open-failed');
    expect(error.message).toContain('/tmp/station-ptys-none/board-404');
  });
});
