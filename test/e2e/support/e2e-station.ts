import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { KeytarSecretStore } from '../../../src-main/core/keychain/keytar-secret-store';
import { startSimulatedBoard, type SimulatedBoard, type SimulatedBoardOptions } from '../../../src-main/core/sim/board-pty-host';
import { startRegistryEmulator, type RegistryEmulator } from '../../../src-main/core/sim/registry-emulator';
import { StationCore } from '../../../src-main/core/station/station-core';
import { startStationHost, type StationHost } from '../../../src-main/host/station-host';
import { RecordingSecretStore } from './recording-secret-store';
import { ensureRendererBuilt } from './renderer-build';

/**
 * A real station for browser tests: StationCore on a fresh temp data directory (real SQLite ledger,
 * real OS keychain through a recording wrapper), the registry emulator on loopback, simulated boards
 * on socat ptys, and the host serving the built renderer on 127.0.0.1.
 */
export interface E2eStation {
  dataDir: string;
  ptyDir: string;
  core: StationCore;
  host: StationHost;
  emulator: RegistryEmulator;
  secrets: RecordingSecretStore;
  apiKeySecret: string;
  /** Glob matching every simulated board's station-side port. */
  portGlob: string;
  startBoard(options: Omit<SimulatedBoardOptions, 'dir'>): Promise<SimulatedBoard>;
  dispose(): Promise<void>;
}

export interface E2eStationOptions {
  /** Create a self-signed line CA through the core before the test (default false: empty data dir). */
  withCa?: boolean;
  /** Configure the registry emulator and store its secret through the core (default true). */
  withRegistry?: boolean;
}

export async function createE2eStation(options: E2eStationOptions = {}): Promise<E2eStation> {
  const rendererDir = ensureRendererBuilt();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'station-e2e-data-'));
  const ptyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'station-e2e-ptys-'));
  const secrets = new RecordingSecretStore(new KeytarSecretStore());
  const apiKeySid = `SK${randomBytes(16).toString('hex')}`;
  const apiKeySecret = randomBytes(24).toString('base64url');
  const emulator = await startRegistryEmulator({ dbPath: path.join(dataDir, 'registry-emulator.sqlite'), apiKeySid, apiKeySecret });
  const core = await StationCore.open({
    dataDir,
    secretStore: secrets,
    watchIntervalMs: 100,
    driverOptions: { requestTimeoutMs: 2_000, keygenTimeoutMs: 5_000, busyBackoffMs: 20 },
    registryTimeoutMs: 2_000,
  });
  if (options.withRegistry !== false) {
    const { fleetSid, deploymentSid } = emulator.createFleet('E2E line');
    await core.setRegistry({ url: emulator.url, fleetSid, deploymentSid, apiKeySid });
    await core.setRegistrySecret(apiKeySecret);
  }
  if (options.withCa === true) await core.createSelfSignedCa('CN=E2E Line CA', 1);
  const host = await startStationHost({ core, host: '127.0.0.1', rendererDir });
  const boards: SimulatedBoard[] = [];

  return {
    dataDir,
    ptyDir,
    core,
    host,
    emulator,
    secrets,
    apiKeySecret,
    portGlob: path.join(ptyDir, '*-station'),
    async startBoard(boardOptions) {
      const board = await startSimulatedBoard({ ...boardOptions, dir: ptyDir, name: boardOptions.name ?? `${boardOptions.serial ?? 'board'}-${boards.length}` });
      boards.push(board);
      return board;
    },
    async dispose() {
      await host.close();
      await core.stopWatching();
      await Promise.all(boards.map((board) => board.stop()));
      await core.close();
      await emulator.stop();
      await secrets.deleteWritten();
      fs.rmSync(ptyDir, { recursive: true, force: true });
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
