import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { caKeyAccount } from '../../../src-main/core/keychain/secret-store';
import { RegistryClient } from '../../../src-main/core/enrollment/registry-client';
import { encodePem } from '../../../src-main/core/ca/pem-codec';
import { RUN_STEPS } from '../../../src-main/core/station/station-core-api';
import { caKeyNeedles, filesUnder, findLeaks } from '../../support/key-leak-scan';
import { createStationFixture, type StationFixture } from './station-fixture';

// Whole provisioning runs on real components: socat ptys with the board simulator, the real keychain,
// the registry emulator over loopback HTTP, and a real ledger file.
describe('a provisioning run, end to end', () => {
  let station: StationFixture;
  beforeEach(async () => {
    station = await createStationFixture();
  });
  afterEach(async () => {
    await station.dispose();
  });

  function registry(): RegistryClient {
    return new RegistryClient({ baseUrl: station.emulator.url, apiKeySid: station.apiKeySid, apiKeySecret: station.apiKeySecret });
  }

  function verifyWithOpenssl(certificateDer: Uint8Array): string {
    const certificatePath = path.join(station.dataDir, 'issued.pem');
    fs.writeFileSync(certificatePath, encodePem('CERTIFICATE', certificateDer));
    return execFileSync('openssl', ['verify', '-x509_strict', '-purpose', 'sslclient', '-CAfile', station.core.dataPaths.caChain, certificatePath], {
      encoding: 'utf8',
    });
  }

  it('provisions a two-slot board with an on-chip key, records every step, and enrolls it', async () => {
    const board = await station.startBoard({ serial: 'SN-IT-0001', caps: ['keygen', 'inject'], slots: 2, keygenMs: 150 });
    const tile = await station.core.provisionPort(board.stationPath, 'keygen');

    expect(tile.error).toBeNull();
    expect(tile.state).toBe('succeeded');
    expect(tile.mode).toBe('keygen');
    const ledger = station.core.ledgerForReading;
    const [credential] = ledger.credentialsForBoard('SN-IT-0001');
    expect(credential?.status).toBe('active');
    expect(credential?.keyOrigin).toBe('on-chip');
    expect(credential?.enrollmentStatus).toBe('enrolled');
    expect(credential?.thumbprint).toBe(tile.thumbprint);
    const run = ledger.getRun(tile.runId ?? -1);
    expect(run?.status).toBe('succeeded');
    const succeeded = ledger.stepsForRun(tile.runId ?? -1).filter((step) => step.status === 'succeeded').map((step) => step.step);
    expect(new Set(succeeded)).toEqual(new Set(RUN_STEPS));
    expect(verifyWithOpenssl(credential?.certificateDer ?? new Uint8Array())).toContain('OK');

    const view = board.firmware.view();
    expect(view.active).not.toBeNull();
    const device = await registry().fetchDevice(station.fleetSid, 'SN-IT-0001');
    expect(device.sid).toBe(credential?.registryDeviceSid);
    const certificates = await registry().listCertificates(station.fleetSid, { deviceSid: device.sid });
    expect(certificates.map((item) => item.thumbprint)).toEqual([credential?.thumbprint]);
  });

  it('injects a station-made key into an inject-only one-slot board and records that the key was injected', async () => {
    const board = await station.startBoard({ serial: 'SN-IT-0002', caps: ['inject'], slots: 1 });
    const tile = await station.core.provisionPort(board.stationPath, 'keygen');

    expect(tile.error).toBeNull();
    expect(tile.mode).toBe('inject');
    const [credential] = station.core.ledgerForReading.credentialsForBoard('SN-IT-0002');
    expect(credential?.keyOrigin).toBe('injected');
    expect(credential?.slot).toBe(0);
    // The run asked for keygen; the ledger records the mode the board's caps made it use.
    expect(station.core.ledgerForReading.getRun(tile.runId ?? -1)?.mode).toBe('inject');
    expect(verifyWithOpenssl(credential?.certificateDer ?? new Uint8Array())).toContain('OK');
  });

  it('rides through log noise, a lost response and corrupted responses by retransmitting', async () => {
    const board = await station.startBoard({
      serial: 'SN-IT-0003',
      slots: 2,
      logNoise: 0.5,
      dropResponseOnce: ['CSR'],
      corruptResponseOnce: ['KEYGEN', 'DATA', 'STATUS'],
    });
    const tile = await station.core.provisionPort(board.stationPath);

    expect(tile.error).toBeNull();
    expect(tile.state).toBe('succeeded');
    expect(station.core.ledgerForReading.credentialsForBoard('SN-IT-0003')[0]?.status).toBe('active');
  });

  it('fails a board that vanishes mid-run at that step, with its certificate already in the ledger', async () => {
    const board = await station.startBoard({ serial: 'SN-IT-0004', slots: 2, vanishAtStep: 'SIGN' });
    const tile = await station.core.provisionPort(board.stationPath);

    expect(tile.state).toBe('failed');
    expect(tile.error?.step).toBe('prove');
    expect(tile.error?.code).toBe('board-disconnected');
    const [credential] = station.core.ledgerForReading.credentialsForBoard('SN-IT-0004');
    expect(credential?.status).toBe('failed');
    const run = station.core.ledgerForReading.getRun(tile.runId ?? -1);
    expect(run).toMatchObject({ status: 'failed', failedStep: 'prove', errorCode: 'board-disconnected' });
  });

  it('refuses a CSR signed by another key than the one the board generated, and issues nothing', async () => {
    const board = await station.startBoard({ serial: 'SN-IT-0005', slots: 2, wrongKeyCsr: 'foreign-key' });
    const tile = await station.core.provisionPort(board.stationPath);

    expect(tile.state).toBe('failed');
    expect(tile.error?.step).toBe('verify');
    expect(tile.error?.message).toMatch(/another key|does not match|wrong/i);
    expect(station.core.ledgerForReading.credentialsForBoard('SN-IT-0005')).toEqual([]);
  });

  it('completes as provisioned with enrollment pending when the registry is down, then enrolls exactly once', async () => {
    station.emulator.setOffline(true);
    const board = await station.startBoard({ serial: 'SN-IT-0006', slots: 1 });
    const tile = await station.core.provisionPort(board.stationPath);

    expect(tile.state).toBe('succeeded');
    expect(tile.enrollment).toBe('pending');
    const [pending] = station.core.ledgerForReading.credentialsForBoard('SN-IT-0006');
    expect(pending?.enrollmentStatus).toBe('pending');

    station.emulator.setOffline(false);
    const enrolled = await station.core.retryEnrollment(pending?.id ?? -1);
    expect(enrolled.enrollmentStatus).toBe('enrolled');
    const again = await station.core.retryEnrollment(pending?.id ?? -1);
    expect(again.registryCertificateSid).toBe(enrolled.registryCertificateSid);
    const certificates = await registry().listCertificates(station.fleetSid, { deviceSid: enrolled.registryDeviceSid ?? '' });
    expect(certificates).toHaveLength(1);
  });

  it('refuses a second board whose key is already certified for another board', async () => {
    const first = await station.startBoard({ serial: 'SN-IT-0007', slots: 1, sharedKeyWith: 'cloned-key' });
    const second = await station.startBoard({ serial: 'SN-IT-0008', slots: 1, sharedKeyWith: 'cloned-key' });
    expect((await station.core.provisionPort(first.stationPath)).state).toBe('succeeded');
    const tile = await station.core.provisionPort(second.stationPath);

    expect(tile.state).toBe('failed');
    expect(tile.error?.step).toBe('verify');
    expect(tile.error?.message).toMatch(/already certified|another board|duplicate/i);
  });

  it('does not provision again a board that already holds the certificate the ledger has for it', async () => {
    const board = await station.startBoard({ serial: 'SN-IT-0015', slots: 2 });
    const first = await station.core.provisionPort(board.stationPath);
    const second = await station.core.provisionPort(board.stationPath);

    expect(first.state).toBe('succeeded');
    expect(second.state).toBe('succeeded');
    expect(second.thumbprint).toBe(first.thumbprint);
    expect(station.core.ledgerForReading.credentialsForBoard('SN-IT-0015')).toHaveLength(1);
    const steps = station.core.ledgerForReading.stepsForRun(second.runId ?? -1);
    expect(steps.map((step) => `${step.step}:${step.status}`)).toEqual(['identify:started', 'identify:succeeded']);
    expect(steps[1]?.detail).toMatch(/already provisioned/);
  });

  it('refuses a board reporting a serial the ledger has provisioned on another board', async () => {
    const original = await station.startBoard({ serial: 'SN-IT-0009', slots: 1 });
    const impostor = await station.startBoard({ serial: 'SN-IT-0009', slots: 1, name: 'impostor' });
    expect((await station.core.provisionPort(original.stationPath)).state).toBe('succeeded');
    const tile = await station.core.provisionPort(impostor.stationPath);

    expect(tile.state).toBe('failed');
    expect(tile.error?.code).toBe('serial-conflict');
    expect(tile.error?.step).toBe('identify');
  });

  it('provisions several boards at once, each on its own port, while one of them fails', async () => {
    const boards = await Promise.all([
      station.startBoard({ serial: 'SN-IT-0010', slots: 2, keygenMs: 200 }),
      station.startBoard({ serial: 'SN-IT-0011', slots: 1, caps: ['inject'] }),
      station.startBoard({ serial: 'SN-IT-0012', slots: 2, errorOnce: [{ command: 'COMMIT', code: 500 }] }),
      station.startBoard({ serial: 'SN-IT-0013', slots: 2, baud: 115_200 }),
    ]);
    const tiles = await Promise.all(boards.map((board) => station.core.provisionPort(board.stationPath)));

    expect(tiles.map((tile) => tile.state)).toEqual(['succeeded', 'succeeded', 'failed', 'succeeded']);
    expect(tiles[2]?.error).toMatchObject({ step: 'commit', code: 'board-error' });
    expect(new Set(tiles.map((tile) => tile.boardSerial)).size).toBe(4);
  });

  it('commits every certificate to the ledger before its first byte goes to the board', async () => {
    const seenAtPut: Array<{ thumbprintsInLedger: string[] }> = [];
    const board = await station.startBoard({
      serial: 'SN-IT-0014',
      slots: 1,
      onTrace: (direction, line) => {
        if (direction === 'rx' && line.includes(' PUT ') && line.includes('kind=cert')) {
          const rows = station.core.ledgerForReading.credentialsForBoard('SN-IT-0014');
          seenAtPut.push({ thumbprintsInLedger: rows.map((row) => row.thumbprint) });
        }
      },
    });
    const tile = await station.core.provisionPort(board.stationPath);

    expect(tile.state).toBe('succeeded');
    expect(seenAtPut.length).toBeGreaterThan(0);
    for (const seen of seenAtPut) expect(seen.thumbprintsInLedger).toContain(tile.thumbprint);
  });
});

describe('an offline batch', () => {
  it('is provisioned while the registry is down and enrolled by one sync later, each credential once', async () => {
    const station = await createStationFixture();
    try {
      station.emulator.setOffline(true);
      const boards = await Promise.all([1, 2, 3].map((index) => station.startBoard({ serial: `SN-OFF-000${index}`, slots: 1 })));
      const tiles = await Promise.all(boards.map((board) => station.core.provisionPort(board.stationPath)));
      expect(tiles.map((tile) => tile.enrollment)).toEqual(['pending', 'pending', 'pending']);

      const whileDown = await station.core.syncPendingEnrollments();
      expect(whileDown).toEqual({ enrolled: 0, failed: 0, stillPending: 3 });

      station.emulator.setOffline(false);
      station.emulator.loseNextResponses(1);
      const first = await station.core.syncPendingEnrollments();
      const second = await station.core.syncPendingEnrollments();
      expect(first.enrolled + second.enrolled).toBe(3);
      expect(second.stillPending).toBe(0);

      const client = new RegistryClient({ baseUrl: station.emulator.url, apiKeySid: station.apiKeySid, apiKeySecret: station.apiKeySecret });
      const certificates = await client.listCertificates(station.fleetSid);
      expect(certificates.map((item) => item.thumbprint).sort()).toEqual(tiles.map((tile) => tile.thumbprint).sort());
    } finally {
      await station.dispose();
    }
  });
});

describe('the line CA key during provisioning', () => {
  it('appears in no file under the data directory and in no board log or job output after real runs', async () => {
    const station = await createStationFixture();
    const boardLogs: string[] = [];
    try {
      const boards = await Promise.all([
        station.startBoard({ serial: 'SN-LEAK-0001', slots: 2, logNoise: 0.3, onTrace: (_direction, line) => boardLogs.push(line) }),
        station.startBoard({ serial: 'SN-LEAK-0002', slots: 1, caps: ['inject'], onTrace: (_direction, line) => boardLogs.push(line) }),
      ]);
      const tiles = await Promise.all(boards.map((board) => station.core.provisionPort(board.stationPath)));
      expect(tiles.map((tile) => tile.state)).toEqual(['succeeded', 'succeeded']);
      const exported = await station.core.exportLedger('json', {});

      const pem = await station.secretStore.get(caKeyAccount(station.core.stationConfig.stationId));
      const needles = await caKeyNeedles(pem ?? '');
      const haystacks = [
        ...filesUnder(station.dataDir),
        { name: 'everything on the serial lines', bytes: Buffer.from(boardLogs.join('\n')) },
        { name: 'ledger export', bytes: Buffer.from(exported) },
      ];
      expect(haystacks.some((haystack) => haystack.name.endsWith('ledger.sqlite'))).toBe(true);
      expect(findLeaks(haystacks, needles)).toEqual([]);
    } finally {
      await station.dispose();
    }
  });
});
