import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { caKeyAccount } from '../src-main/core/keychain/secret-store';
import { KeytarSecretStore } from '../src-main/core/keychain/keytar-secret-store';
import { StationCore } from '../src-main/core/station/station-core';
import { type BenchReporter, median } from './bench-report';
import { startBoardFarm } from './board-farm';

const BAUD = 115_200;
const SINGLE_RUNS = 5;
const MANY_BOARDS = 32;

/**
 * Provisioning speed on real ptys (no registry: enrollment stays pending, so only the board link and the
 * station's own work are measured):
 * - one board at 115200 baud with instant keygen, against the wire-time bound of the bytes that run
 *   actually exchanged (both directions, 10 bits per byte for 8N1): target ≤ 1.3×;
 * - 32 boards at once against one board alone: target ≤ 1.2×.
 * The boards run in a separate process (bench/board-farm.ts), as real boards are separate hardware.
 * BENCH_DIR puts the data directory elsewhere (e.g. /dev/shm, to see what the disk's fsyncs cost).
 */
export async function runProvisioningBench(report: BenchReporter): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(process.env.BENCH_DIR ?? os.tmpdir(), 'station-bench-'));
  const secretStore = new KeytarSecretStore();
  const bytesByPort = new Map<string, number>();
  const core = await StationCore.open({
    dataDir,
    secretStore,
    onWireTraffic: (port, _direction, bytes) => bytesByPort.set(port, (bytesByPort.get(port) ?? 0) + bytes),
  });
  await core.createSelfSignedCa('CN=Bench Line CA', 1);
  const farm = await startBoardFarm({ count: SINGLE_RUNS + MANY_BOARDS, baud: BAUD, serialPrefix: 'SN-BENCH-' });
  try {
    const singles: number[] = [];
    const ratios: number[] = [];
    for (const port of farm.stationPaths.slice(0, SINGLE_RUNS)) {
      const started = performance.now();
      const tile = await core.provisionPort(port, 'keygen');
      const elapsed = (performance.now() - started) / 1000;
      if (tile.state !== 'succeeded') throw new Error(`bench board on ${port} failed: ${tile.error?.message ?? '?'}`);
      const wireSeconds = ((bytesByPort.get(port) ?? 0) * 10) / BAUD;
      singles.push(elapsed);
      ratios.push(elapsed / wireSeconds);
    }
    const single = median(singles);
    report('one board @115200, instant keygen: run time (median of 5)', single * 1000, 'ms');
    report('  wire-time bound of the same bytes', (single / median(ratios)) * 1000, 'ms');
    report('  ratio run / wire bound', median(ratios), '×', 'target ≤ 1.3');

    const many = farm.stationPaths.slice(SINGLE_RUNS);
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    const tiles = await Promise.all(many.map((port) => core.provisionPort(port, 'keygen')));
    const elapsed = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const failed = tiles.filter((tile) => tile.state !== 'succeeded');
    if (failed.length > 0) throw new Error(`${failed.length} of ${MANY_BOARDS} bench boards failed: ${failed[0]?.error?.message ?? '?'}`);
    report(`${MANY_BOARDS} boards at once @115200: wall time`, elapsed * 1000, 'ms');
    report(`  ratio ${MANY_BOARDS} boards / one board`, elapsed / single, '×', 'target ≤ 1.2');
    report(`  station CPU per board while ${MANY_BOARDS} run at once`, (cpu.user + cpu.system) / 1000 / MANY_BOARDS, 'ms', 'one event loop');
  } finally {
    await farm.stop();
    const stationId = core.stationConfig.stationId;
    await core.close();
    await secretStore.delete(caKeyAccount(stationId));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  void runProvisioningBench((name, value, unit, note) => console.log(name, value.toFixed(3), unit, note ?? ''));
}
