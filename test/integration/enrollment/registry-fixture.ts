import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RegistryClient } from '../../../src-main/core/enrollment/registry-client';
import { startRegistryEmulator, type RegistryEmulator } from '../../../src-main/core/sim/registry-emulator';

/** A running emulator on 127.0.0.1 (port 0) with its SQLite file in a fresh temp dir, and a client for it. */
export interface RegistryFixture {
  dir: string;
  dbPath: string;
  emulator: RegistryEmulator;
  apiKeySid: string;
  apiKeySecret: string;
  client: RegistryClient;
  fleetSid: string;
  deploymentSid: string;
  cleanup(): Promise<void>;
}

export async function startRegistryFixture(): Promise<RegistryFixture> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'registry-test-'));
  const dbPath = path.join(dir, 'registry.sqlite');
  const apiKeySid = `SK${randomBytes(16).toString('hex')}`;
  const apiKeySecret = randomBytes(24).toString('base64url');
  const emulator = await startRegistryEmulator({ dbPath, port: 0, apiKeySid, apiKeySecret });
  const { fleetSid, deploymentSid } = emulator.createFleet('Test fleet');
  const client = new RegistryClient({ baseUrl: emulator.url, apiKeySid, apiKeySecret, timeoutMs: 5_000 });
  return {
    dir,
    dbPath,
    emulator,
    apiKeySid,
    apiKeySecret,
    client,
    fleetSid,
    deploymentSid,
    async cleanup() {
      await emulator.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Catches the rejection of `promise` (fails the test if it resolves). */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}
