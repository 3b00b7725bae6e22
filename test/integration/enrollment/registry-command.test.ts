import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { registerRegistryCommands, type RegistryCommandIo } from '../../../src-main/cli/commands/registry-command';
import { dataDirPaths } from '../../../src-main/core/config/data-dir';
import { loadStationConfig } from '../../../src-main/core/config/station-config';
import { StationError } from '../../../src-main/core/errors';
import { KeytarSecretStore } from '../../../src-main/core/keychain/keytar-secret-store';
import { registrySecretAccount } from '../../../src-main/core/keychain/secret-store';
import { rejectionOf, startRegistryFixture, type RegistryFixture } from './registry-fixture';

describe('station registry configure | test | emulate', () => {
  const secretStore = new KeytarSecretStore();
  let fixture: RegistryFixture;
  let dataDir: string;
  let output: string[];

  const run = async (args: string[], io: RegistryCommandIo = {}, json = false) => {
    const program = new Command('station').exitOverride();
    registerRegistryCommands(program, () => ({ dataDir, json, secretStore }), io);
    await program.parseAsync(['node', 'station', ...args]);
    return output.join('');
  };

  beforeEach(async () => {
    fixture = await startRegistryFixture();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'registry-cli-'));
    output = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      output.push(String(chunk));
      return true;
    });
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    const config = loadStationConfig(dataDirPaths(dataDir).config);
    await secretStore.delete(registrySecretAccount(config.stationId));
    fs.rmSync(dataDir, { recursive: true, force: true });
    await fixture.cleanup();
  });

  const configureArgs = () => [
    'registry',
    'configure',
    '--url',
    fixture.emulator.url,
    '--fleet',
    fixture.fleetSid,
    '--api-key',
    fixture.apiKeySid,
    '--secret-stdin',
  ];

  it('configure writes the settings file and the secret to the keychain (never to the file); test prints OK', async () => {
    const printed = await run(configureArgs(), { readStdin: async () => `${fixture.apiKeySecret}\n` });
    expect(printed).toContain('Registry settings saved.');
    expect(printed).not.toContain(fixture.apiKeySecret);
    const config = loadStationConfig(dataDirPaths(dataDir).config);
    expect(config.registry).toEqual({ url: fixture.emulator.url, fleetSid: fixture.fleetSid, deploymentSid: null, apiKeySid: fixture.apiKeySid });
    expect(fs.readFileSync(dataDirPaths(dataDir).config, 'utf8')).not.toContain(fixture.apiKeySecret);
    expect(await secretStore.get(registrySecretAccount(config.stationId))).toBe(fixture.apiKeySecret);

    output = [];
    const tested = await run(['registry', 'test']);
    expect(tested).toBe(
      `OK: the registry at ${fixture.emulator.url} answers; fleet ${fixture.fleetSid} (Test fleet), deployment ${fixture.deploymentSid} (fleet default).\n`,
    );
  });

  it('test throws registry-error (401) with a wrong secret and registry-not-configured without one', async () => {
    const notConfigured = await rejectionOf(run(['registry', 'test']));
    expect(notConfigured).toBeInstanceOf(StationError);
    expect(notConfigured).toMatchObject({ code: 'registry-not-configured' });

    await run(configureArgs(), { readStdin: async () => 'not-the-secret' });
    const refused = await rejectionOf(run(['registry', 'test']));
    expect(refused).toMatchObject({ code: 'registry-error', details: { status: 401 } });
  });

  it('configure refuses a malformed fleet SID or URL as a usage error and keeps the old settings', async () => {
    await expect(run(['registry', 'configure', '--fleet', 'FL123'])).rejects.toMatchObject({ code: 'usage' });
    await expect(run(['registry', 'configure', '--url', 'not a url'])).rejects.toMatchObject({ code: 'usage' });
    expect(loadStationConfig(dataDirPaths(dataDir).config).registry.url).toBeNull();
  });

  it('emulate --configure runs an emulator, prints its facts as JSON and points the station at it', async () => {
    let facts: Record<string, unknown> = {};
    let testOutput = '';
    const dbPath = path.join(dataDir, 'emulator.sqlite');
    await run(
      ['registry', 'emulate', '--port', '0', '--db', dbPath, '--configure'],
      {
        waitForStop: async () => {
          facts = JSON.parse(output.join('')) as Record<string, unknown>;
          output = [];
          testOutput = await run(['registry', 'test'], {}, true);
        },
      },
      true,
    );
    expect(facts).toMatchObject({ dbPath, isStationConfigured: true });
    expect(String(facts.fleetSid)).toMatch(/^FL[0-9a-f]{32}$/);
    expect(JSON.parse(testOutput)).toMatchObject({ ok: true, fleetSid: facts.fleetSid, deploymentSid: facts.deploymentSid });
    expect(fs.existsSync(dbPath)).toBe(true);
  });
});
