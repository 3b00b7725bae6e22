import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { caKeyAccount } from '../core/keychain/secret-store';
import { KeytarSecretStore } from '../core/keychain/keytar-secret-store';
import { startSimulatedBoard, type SimulatedBoard, type SimulatedBoardOptions } from '../core/sim/board-pty-host';
import { startRegistryEmulator } from '../core/sim/registry-emulator';
import { StationCore } from '../core/station/station-core';
import { formatSummaryTable, summaryRowFromTile, TileLinePrinter } from './commands/provision-output';
import { isKeychainAnswering, PRIVATE_KEYCHAIN_MARKER, runInPrivateKeychain } from './private-keychain-session';

/**
 * `npm run demo`: the whole job on real components with a built-in default — the registry emulator on
 * 127.0.0.1, four simulated boards on socat ptys (two-slot on-chip, one-slot on-chip with log noise,
 * inject-only, and one paced at 115200 baud), a throwaway line CA in the OS keychain, and a fresh ledger.
 */
const DEMO_BOARDS: Array<Omit<SimulatedBoardOptions, 'dir'>> = [
  { serial: 'SN-DEMO-0001', model: 'sensor-v2', caps: ['keygen', 'inject'], slots: 2, keygenMs: 300 },
  { serial: 'SN-DEMO-0002', model: 'sensor-v1', caps: ['keygen'], slots: 1, logNoise: 0.4 },
  { serial: 'SN-DEMO-0003', model: 'meter-lite', caps: ['inject'], slots: 1 },
  { serial: 'SN-DEMO-0004', model: 'gateway', caps: ['keygen', 'inject'], slots: 2, baud: 115_200 },
];

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

async function runDemo(dataDirArgument: string | undefined): Promise<number> {
  const dataDir = dataDirArgument ? path.resolve(dataDirArgument) : fs.mkdtempSync(path.join(os.tmpdir(), 'station-demo-'));
  const ptyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'station-demo-ptys-'));
  const secretStore = new KeytarSecretStore();
  await secretStore.checkAvailable();

  const apiKeySid = `SK${randomBytes(16).toString('hex')}`;
  const apiKeySecret = randomBytes(24).toString('base64url');
  const emulator = await startRegistryEmulator({ dbPath: path.join(dataDir, 'registry-emulator.sqlite'), apiKeySid, apiKeySecret });
  const boards: SimulatedBoard[] = [];
  const core = await StationCore.open({ dataDir, secretStore });
  try {
    const { fleetSid, deploymentSid } = emulator.ensureFleet('Demo line');
    say(`registry emulator: ${emulator.url} (fleet ${fleetSid}, deployment ${deploymentSid})`);
    await core.setRegistry({ url: emulator.url, fleetSid, deploymentSid, apiKeySid });
    await core.setRegistrySecret(apiKeySecret);

    const ca = await core.createSelfSignedCa('CN=Demo Line CA,O=Provisioning Station Demo', 1);
    say(`line CA: ${ca.subject ?? '?'} (SHA-256 ${ca.sha256Fingerprint ?? '?'}), key in ${ca.keyLocation}`);

    for (const options of DEMO_BOARDS) boards.push(await startSimulatedBoard({ ...options, dir: ptyDir }));
    say(`simulated boards: ${boards.map((board) => board.stationPath).join(', ')}\n`);

    const printer = new TileLinePrinter(say);
    core.subscribe({ onTileChanged: printer.onTileChanged });
    await Promise.all(boards.map((board) => core.provisionPort(board.stationPath)));

    const rows = boards.flatMap((board) => {
      const tile = printer.finalTiles.get(board.stationPath);
      return tile ? [summaryRowFromTile(tile)] : [];
    });
    say(`\n${formatSummaryTable(rows)}`);
    const chain = await core.verifyLedger();
    say(`\nledger: ${core.dataPaths.ledger} (hash chain ${chain.isIntact ? 'intact' : 'BROKEN'}, ${chain.checkedRows} events)`);
    say(`look at it: ./bin/station ledger list --data-dir ${dataDir}`);
    return rows.length === boards.length && rows.every((row) => row.result === 'provisioned') && chain.isIntact ? 0 : 1;
  } finally {
    await Promise.all(boards.map((board) => board.stop()));
    await core.close();
    await emulator.stop();
    fs.rmSync(ptyDir, { recursive: true, force: true });
    if (!process.env[PRIVATE_KEYCHAIN_MARKER]) {
      // The demo's CA is throwaway: do not leave its key in the workstation's real keychain.
      await secretStore.delete(caKeyAccount(core.stationConfig.stationId));
      say('the throwaway CA key was removed from the OS keychain');
    }
  }
}

async function main(): Promise<number> {
  const dataDirIndex = process.argv.indexOf('--data-dir');
  const dataDir = dataDirIndex > 0 ? process.argv[dataDirIndex + 1] : undefined;
  if (!process.env[PRIVATE_KEYCHAIN_MARKER] && !isKeychainAnswering()) {
    say('No OS keychain answers here: the demo starts gnome-keyring on a private D-Bus session for its own run.');
    say('(Real station commands never do this: they stop and say what to install or start.)\n');
    return runInPrivateKeychain([process.execPath, ...process.execArgv, __filename, ...process.argv.slice(2)]);
  }
  return runDemo(dataDir);
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`demo failed: ${message}\n`);
    process.exit(1);
  },
);
