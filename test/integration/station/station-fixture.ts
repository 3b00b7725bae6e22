import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { caKeyAccount, registrySecretAccount } from '../../../src-main/core/keychain/secret-store';
import { KeytarSecretStore } from '../../../src-main/core/keychain/keytar-secret-store';
import { startSimulatedBoard, type SimulatedBoard, type SimulatedBoardOptions } from '../../../src-main/core/sim/board-pty-host';
import { startRegistryEmulator, type RegistryEmulator } from '../../../src-main/core/sim/registry-emulator';
import { StationCore } from '../../../src-main/core/station/station-core';

/**
 * A whole station on real components for one test: a temp data directory with a real ledger file, a
 * line CA whose key is in the real OS keychain, the registry emulator on 127.0.0.1 with real HTTP, and
 * simulated boards on socat ptys. Driver timeouts are shortened so failure cases finish quickly.
 */
export interface StationFixture {
  dataDir: string;
  ptyDir: string;
  core: StationCore;
  emulator: RegistryEmulator;
  secretStore: KeytarSecretStore;
  fleetSid: string;
  apiKeySid: string;
  apiKeySecret: string;
  startBoard(options: Omit<SimulatedBoardOptions, 'dir'>): Promise<SimulatedBoard>;
  dispose(): Promise<void>;
}

export async function createStationFixture(options: { withCa?: boolean; withRegistry?: boolean } = {}): Promise<StationFixture> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'station-it-'));
  const ptyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'station-it-ptys-'));
  const secretStore = new KeytarSecretStore();
  const apiKeySid = `SK${randomBytes(16).toString('hex')}`;
  const apiKeySecret = randomBytes(24).toString('base64url');
  const emulator = await startRegistryEmulator({ dbPath: path.join(dataDir, 'registry-emulator.sqlite'), apiKeySid, apiKeySecret });
  const core = await StationCore.open({
    dataDir,
    secretStore,
    driverOptions: { requestTimeoutMs: 700, keygenTimeoutMs: 5_000, busyBackoffMs: 20 },
    registryTimeoutMs: 2_000,
  });
  const { fleetSid, deploymentSid } = emulator.createFleet('Integration line');
  if (options.withRegistry !== false) {
    await core.setRegistry({ url: emulator.url, fleetSid, deploymentSid, apiKeySid });
    await core.setRegistrySecret(apiKeySecret);
  }
  if (options.withCa !== false) await core.createSelfSignedCa('CN=Integration Line CA', 1);
  const boards: SimulatedBoard[] = [];
  return {
    dataDir,
    ptyDir,
    core,
    emulator,
    secretStore,
    fleetSid,
    apiKeySid,
    apiKeySecret,
    async startBoard(boardOptions) {
      const board = await startSimulatedBoard({ ...boardOptions, dir: ptyDir, name: boardOptions.name ?? `${boardOptions.serial ?? 'board'}-${boards.length}` });
      boards.push(board);
      return board;
    },
    async dispose() {
      await Promise.all(boards.map((board) => board.stop()));
      const stationId = core.stationConfig.stationId;
      await core.close();
      await emulator.stop();
      await secretStore.delete(caKeyAccount(stationId));
      await secretStore.delete(registrySecretAccount(stationId));
      fs.rmSync(ptyDir, { recursive: true, force: true });
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
