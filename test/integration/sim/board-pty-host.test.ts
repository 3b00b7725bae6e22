import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSimulatedBoard, startSimulatedBoards, type SimulatedBoard } from '../../../src-main/core/sim/board-pty-host';
import { issueCertificate, sha256Hex } from '../../unit/sim/board-test-support';
import { encodeFrame } from '../../../src-main/core/devices/station-link/frame-codec';
import { StationSidePort } from './station-side-port';

function runOpenssl(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('openssl', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, output }));
  });
}

function pem(der: Buffer, label: string): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

describe('simulated board on a socat pty', () => {
  let dir: string;
  const boards: SimulatedBoard[] = [];
  const ports: StationSidePort[] = [];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'board-sim-'));
  });

  afterEach(async () => {
    await Promise.all(ports.splice(0).map((port) => port.close()));
    await Promise.all(boards.splice(0).map((board) => board.stop()));
    rmSync(dir, { recursive: true, force: true });
  });

  async function start(options: Parameters<typeof startSimulatedBoard>[0]): Promise<{ board: SimulatedBoard; station: StationSidePort }> {
    const board = await startSimulatedBoard(options);
    boards.push(board);
    const station = await StationSidePort.open(board.stationPath);
    ports.push(station);
    return { board, station };
  }

  it('runs a full on-chip provisioning exchange; openssl verifies the CSR', async () => {
    const { board, station } = await start({ dir, serial: 'SN-PTY-1', keygenMs: 40, logNoise: 0.3, baud: 115_200 });
    expect(board.stationPath).toBe(join(dir, 'SN-PTY-1-station'));
    const hello = await station.request(4000, 'HELLO');
    expect(hello.named.get('serial')).toBe('SN-PTY-1');
    const keygen = await station.request(4001, 'KEYGEN', [['slot', '0']]);
    expect(station.waits.length).toBeGreaterThan(0);
    const point = Buffer.from(keygen.named.get('pub') ?? '', 'base64');
    expect(point).toHaveLength(65);

    const csrReply = await station.request(4002, 'CSR', [['slot', '0'], ['cn', 'SN-PTY-1']]);
    const csrDer = Buffer.from(csrReply.named.get('csr') ?? '', 'base64');
    const csrPath = join(dir, 'board.csr.pem');
    writeFileSync(csrPath, pem(csrDer, 'CERTIFICATE REQUEST'));
    const verified = await runOpenssl(['req', '-in', csrPath, '-verify', '-noout', '-subject']);
    expect(verified.code).toBe(0);
    expect(verified.output).toMatch(/verify OK/i);
    expect(verified.output).toMatch(/CN\s*=\s*SN-PTY-1/);

    const cert = await issueCertificate(point, 'SN-PTY-1');
    const put = await station.request(4003, 'PUT', [['kind', 'cert'], ['slot', '0'], ['len', String(cert.length)], ['sha256', sha256Hex(cert)]]);
    expect(put.word).toBe('OK');
    let seq = 4004;
    for (let offset = 0; offset < cert.length; offset += 200) {
      const ack = await station.request(seq++, 'DATA', [['off', String(offset)], ['b64', cert.subarray(offset, offset + 200).toString('base64')]]);
      expect(ack.word).toBe('OK');
    }
    expect((await station.request(seq++, 'END')).word).toBe('OK');
    expect((await station.request(seq++, 'COMMIT', [['slot', '0']])).named.get('active')).toBe('0');
    const status = await station.request(seq++, 'STATUS');
    expect(status.named.get('cert0')).toBe(sha256Hex(cert));
    expect(station.corruptLines).toEqual([]);
  });

  it('a dropped or corrupted response is recovered by retransmitting the very same frame', async () => {
    const { station } = await start({ dir, serial: 'SN-PTY-2', dropResponseOnce: ['STATUS'], corruptResponseOnce: ['HELLO'] });
    const hello = encodeFrame(10, 'HELLO');
    const helloReply = station.next(10);
    station.write(hello);
    // the corrupted answer fails its CRC at the station, which retransmits at once
    while (station.corruptLines.length === 0) await new Promise((resolve) => setImmediate(resolve));
    station.write(hello);
    expect((await helloReply).word).toBe('OK');

    const status = encodeFrame(11, 'STATUS');
    const statusReply = station.next(11);
    station.write(status);
    // no answer to the first STATUS; a later request of another seq proves the board got it
    // (its answer to seq 11 is saved, so the retransmission is answered from it)
    const probe = await station.request(12, 'STATUS');
    expect(probe.word).toBe('OK');
    station.write(status);
    expect((await statusReply).word).toBe('OK');
  });

  // A hung-up pty does not always wake an idle serialport reader (it may see zero-byte reads), so the
  // station notices the loss on its next write (a retransmission), as it would with an unplugged board.
  it('vanish() kills socat: the links go away and the station port closes (at the latest on its next write)', async () => {
    const { board, station } = await start({ dir, serial: 'SN-PTY-3' });
    expect((await station.request(1, 'HELLO')).word).toBe('OK');
    await board.vanish();
    await board.closed;
    expect(existsSync(board.stationPath)).toBe(false);
    expect(existsSync(board.boardPath)).toBe(false);
    if (!station.isClosed) station.write(encodeFrame(2, 'STATUS'));
    await station.waitClosed();
    expect(station.isClosed).toBe(true);
    await board.vanish();
  });

  it('vanishAtStep: the board disappears when that command arrives', async () => {
    const { board, station } = await start({ dir, serial: 'SN-PTY-4', vanishAtStep: 'CSR' });
    expect((await station.request(1, 'KEYGEN', [['slot', '0']])).word).toBe('OK');
    const csr = encodeFrame(2, 'CSR', [['slot', '0'], ['cn', 'x']]);
    // Settle the answer at once: the port may close (rejecting it) while the test still awaits the board.
    const answer = station.next(2).then(
      () => 'answered',
      (error: unknown) => (error instanceof Error ? error.message : String(error)),
    );
    station.write(csr);
    await board.closed;
    expect(board.firmware.hasVanished).toBe(true);
    if (!station.isClosed) station.write(csr); // the retransmission
    expect(await answer).toBe('port closed');
  });

  it('keeps the active credential across runs with a state directory (a returned device)', async () => {
    const stateDir = join(dir, 'state');
    const first = await start({ dir, serial: 'SN-PTY-5', slots: 2, stateDir });
    const point = Buffer.from((await first.station.request(1, 'KEYGEN', [['slot', '0']])).named.get('pub') ?? '', 'base64');
    const cert = await issueCertificate(point);
    await first.station.request(2, 'PUT', [['kind', 'cert'], ['slot', '0'], ['len', String(cert.length)], ['sha256', sha256Hex(cert)]]);
    await first.station.request(3, 'DATA', [['off', '0'], ['b64', cert.subarray(0, 150).toString('base64')]]);
    await first.station.request(4, 'DATA', [['off', '150'], ['b64', cert.subarray(150).toString('base64')]]);
    expect((await first.station.request(5, 'END')).word).toBe('OK');
    expect((await first.station.request(6, 'COMMIT', [['slot', '0']])).word).toBe('OK');
    await first.station.close();
    await first.board.stop();

    const second = await start({ dir, serial: 'SN-PTY-5', slots: 2, stateDir });
    const status = await second.station.request(100, 'STATUS');
    expect(Object.fromEntries(status.named)).toEqual({ active: '0', slot0: 'committed', cert0: sha256Hex(cert), slot1: 'empty', cert1: '-' });
    const nonce = Buffer.from('0102', 'hex');
    const sig = await second.station.request(101, 'SIGN', [['slot', '0'], ['nonce', nonce.toString('hex')]]);
    expect(sig.word).toBe('OK');
  });

  it('startSimulatedBoards starts several boards with distinct serials and paths', async () => {
    const started = await startSimulatedBoards(2, { slots: 2 }, dir, 'SN-MULTI-');
    boards.push(...started);
    expect(started.map((board) => board.serial)).toEqual(['SN-MULTI-0001', 'SN-MULTI-0002']);
    for (const board of started) {
      const station = await StationSidePort.open(board.stationPath);
      ports.push(station);
      const hello = await station.request(9, 'HELLO');
      expect(hello.named.get('serial')).toBe(board.serial);
      expect(hello.named.get('slots')).toBe('2');
    }
  });
});
