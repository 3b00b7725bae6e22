import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPublicKey, verify, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { afterEach, describe, expect, it } from 'vitest';
import { openStationLinkDriver } from '../../../src-main/core/devices/station-link/open-station-link';
import type { StationLinkDriverOptions } from '../../../src-main/core/devices/station-link/station-link-driver';
import { startSimulatedBoard, type SimulatedBoardOptions } from '../../../src-main/core/sim/board-pty-host';
import { stationErrorOf } from '../../support/station-error-rejection';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);
const ECDSA = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function simRig(board: Omit<SimulatedBoardOptions, 'dir'> = {}, driver: Partial<StationLinkDriverOptions> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'station-sim-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const sim = await startSimulatedBoard({ dir, ...board });
  cleanups.push(() => sim.stop());
  const logs: string[] = [];
  const station = await openStationLinkDriver({
    path: sim.stationPath,
    requestTimeoutMs: 2_000,
    keygenTimeoutMs: 2_000,
    busyBackoffMs: 5,
    onLog: (line) => logs.push(line),
    ...driver,
  });
  cleanups.push(() => station.close());
  return { sim, station, logs };
}

/** A certificate for the board's public point, issued by a throwaway CA. */
async function certificateFor(point: Uint8Array, serial: string): Promise<Uint8Array> {
  const ca = await webcrypto.subtle.generateKey(ECDSA, false, ['sign', 'verify']);
  const publicKey = await webcrypto.subtle.importKey('raw', point, ECDSA, true, ['verify']);
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: '01',
    subject: `CN=${serial}`,
    issuer: 'CN=Test Line CA',
    notBefore: new Date('2026-01-01T00:00:00Z'),
    notAfter: new Date('2036-01-01T00:00:00Z'),
    signingAlgorithm: ECDSA,
    publicKey,
    signingKey: ca.privateKey,
  });
  return new Uint8Array(cert.rawData);
}

describe('StationLinkDriver against the board simulator (real ptys)', () => {
  it('provisions a two-slot board end to end and sees the certificate active', async () => {
    const { station, logs } = await simRig({ serial: 'SN-DRV-0001', slots: 2, logNoise: 1 });
    const identity = await station.hello();
    expect(identity).toMatchObject({ serial: 'SN-DRV-0001', slotCount: 2, protocolVersion: 1 });
    const before = await station.status();
    const slot = before.activeSlot === 0 ? 1 : 0;
    const pub = await station.generateKey(slot);
    const csrDer = await station.requestCsr(slot, identity.serial);
    const csr = new x509.Pkcs10CertificateRequest(new Uint8Array(csrDer).buffer);
    expect(csr.subject).toBe(`CN=${identity.serial}`);
    expect(await csr.verify()).toBe(true);
    const cert = await certificateFor(pub, identity.serial);
    await station.transfer('cert', slot, cert);
    const nonce = webcrypto.getRandomValues(new Uint8Array(32));
    const signature = await station.signNonce(slot, nonce);
    const point = Buffer.from(pub);
    const publicKey = createPublicKey({
      key: { kty: 'EC', crv: 'P-256', x: point.subarray(1, 33).toString('base64url'), y: point.subarray(33).toString('base64url') },
      format: 'jwk',
    });
    expect(verify('sha256', nonce, publicKey, signature)).toBe(true);
    expect(await station.commit(slot)).toBe(slot);
    const after = await station.status();
    const digest = Buffer.from(await webcrypto.subtle.digest('SHA-256', cert)).toString('hex');
    expect(after.activeSlot).toBe(slot);
    expect(after.slots[slot]?.certificateSha256).toBe(digest);
    expect(logs.length).toBeGreaterThan(0);
  });

  it('rides through a dropped and a corrupted response and WAIT during a long KEYGEN', async () => {
    const { sim, station } = await simRig(
      { serial: 'SN-DRV-0002', keygenMs: 2000, dropResponseOnce: ['STATUS'], corruptResponseOnce: ['CSR'] },
      { keygenTimeoutMs: 1500, requestTimeoutMs: 400 },
    );
    await station.hello();
    expect((await station.status()).activeSlot).toBeNull();
    const pub = await station.generateKey(0);
    expect(pub).toHaveLength(65);
    expect((await station.requestCsr(0, 'SN-DRV-0002')).length).toBeGreaterThan(64);
    const sent = (word: string): string[] =>
      station.jobLog.entries().filter((entry) => entry.direction === 'sent' && entry.text.includes(` ${word}`)).map((entry) => entry.text);
    expect(sent('KEYGEN')).toHaveLength(1);
    for (const word of ['STATUS', 'CSR']) {
      const frames = sent(word);
      expect(frames.length).toBeGreaterThanOrEqual(2);
      expect(new Set(frames).size).toBe(1);
    }
    expect(sim.firmware.view().slots[0]?.state).toBe('key');
  });

  it('maps an injected ERR and a refused COMMIT to board-error', async () => {
    const { station } = await simRig({ serial: 'SN-DRV-0003', errorOnce: [{ command: 'ERASE', code: 500 }] });
    const failure = await stationErrorOf(station.erase(0));
    expect(failure.details.errCode).toBe(500);
    expect(failure.message).toContain('failed internally');
    const refused = await stationErrorOf(station.commit(0));
    expect(refused.details.errCode).toBe(409);
  });

  it('reports board-disconnected when the simulated board vanishes mid-request', async () => {
    const { station } = await simRig({ serial: 'SN-DRV-0004', vanishAtStep: 'KEYGEN' }, { keygenTimeoutMs: 600_000 });
    await station.hello();
    const error = await stationErrorOf(station.generateKey(0));
    expect(error.code).toBe('board-disconnected');
    expect(error.isDisconnected).toBe(true);
  });
});
