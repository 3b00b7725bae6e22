import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Command } from 'commander';
import { dataDirPaths } from '../../core/config/data-dir';
import { loadStationConfig, saveStationConfig, stationConfigSchema, type StationConfig } from '../../core/config/station-config';
import { loadRegistryClient, requireEnrollmentSettings } from '../../core/enrollment/registry-client-loader';
import { isRegistrySid } from '../../core/enrollment/registry-schemas';
import { StationError } from '../../core/errors';
import { registrySecretAccount, type SecretStore } from '../../core/keychain/secret-store';
import { startRegistryEmulator } from '../../core/sim/registry-emulator';
import { waitForStopSignal } from '../wait-for-stop-signal';

/** What the registry commands need from the CLI. */
export interface RegistryCommandContext {
  dataDir: string;
  json: boolean;
  secretStore: SecretStore;
}

/** Overridable I/O (tests); defaults read process.stdin and wait for SIGINT/SIGTERM. */
export interface RegistryCommandIo {
  /** The whole of standard input (for --secret-stdin). */
  readStdin?: () => Promise<string>;
  /** Resolves when the foreground emulator should stop. */
  waitForStop?: () => Promise<void>;
}

interface ConfigureOptions {
  url?: string;
  fleet?: string;
  deployment?: string;
  apiKey?: string;
  secretStdin?: boolean;
}

interface EmulateOptions {
  port: string;
  db?: string;
  configure?: boolean;
}

const API_KEY_PATTERN = /^(SK|AC)[0-9a-fA-F]{32}$/;
const EMULATOR_FLEET_NAME = 'Emulator demo fleet';

function usage(message: string, hint: string): StationError {
  return new StationError('usage', message, { hint });
}

function write(text: string): void {
  process.stdout.write(text);
}

function writeJson(value: unknown): void {
  write(`${JSON.stringify(value, null, 2)}\n`);
}

async function readAllStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}

/** Checks the merged settings with the config schema (URL syntax) and the sid formats. */
function checkedRegistrySettings(config: StationConfig, options: ConfigureOptions): StationConfig {
  if (options.fleet !== undefined && !isRegistrySid('fleet', options.fleet)) {
    throw usage(`--fleet ${options.fleet} is not a fleet SID.`, 'A fleet SID is FL followed by 32 hex digits.');
  }
  if (options.deployment !== undefined && !isRegistrySid('deployment', options.deployment)) {
    throw usage(`--deployment ${options.deployment} is not a deployment SID.`, 'A deployment SID is DL followed by 32 hex digits.');
  }
  if (options.apiKey !== undefined && !API_KEY_PATTERN.test(options.apiKey)) {
    throw usage(`--api-key ${options.apiKey} is not an API key SID.`, 'An API key SID is SK (or an account SID AC) followed by 32 hex digits.');
  }
  const merged = {
    ...config,
    registry: {
      url: options.url?.replace(/\/+$/, '') ?? config.registry.url,
      fleetSid: options.fleet ?? config.registry.fleetSid,
      deploymentSid: options.deployment ?? config.registry.deploymentSid,
      apiKeySid: options.apiKey ?? config.registry.apiKeySid,
    },
  } satisfies StationConfig;
  const parsed = stationConfigSchema.safeParse(merged);
  if (!parsed.success) {
    throw usage(`--url ${options.url ?? ''} is not a URL.`, 'Give the registry server URL, e.g. https://preview.twilio.com.');
  }
  return parsed.data;
}

async function storeSecret(secretStore: SecretStore, stationId: string, raw: string): Promise<void> {
  const secret = raw.trim();
  if (secret === '' || /\s/.test(secret)) {
    throw usage('No API key secret on standard input.', 'Pipe the secret in: `printf %s "$SECRET" | station registry configure … --secret-stdin`.');
  }
  await secretStore.set(registrySecretAccount(stationId), secret);
}

/**
 * `station registry configure|test|emulate`.
 * - configure: URL, fleet, deployment and API key SID to station-config.json; with --secret-stdin the
 *   API key secret (standard input) to the OS keychain. Options left out keep their current values.
 * - test: fetches the configured fleet (and deployment) and prints OK; failures are thrown
 *   (`registry-not-configured`, `registry-unreachable`, `registry-error`, …) for the CLI wrapper.
 * - emulate: runs the registry emulator in the foreground until SIGINT/SIGTERM and prints its URL,
 *   a fresh API key SID and secret (demo only), and a fleet + deployment; --configure also points this
 *   station at it.
 */
export function registerRegistryCommands(
  program: Command,
  context: () => RegistryCommandContext,
  io: RegistryCommandIo = {},
): void {
  const readStdin = io.readStdin ?? readAllStdin;
  const waitForStop = io.waitForStop ?? waitForStopSignal;
  const registryCommand = program.command('registry').description('the device registry: settings, connection test, local emulator');

  registryCommand
    .command('configure')
    .description('set the registry URL, fleet, deployment and API key (secret to the OS keychain)')
    .option('--url <url>', 'registry server URL (e.g. https://preview.twilio.com)')
    .option('--fleet <sid>', 'fleet SID (FL…)')
    .option('--deployment <sid>', 'deployment SID (DL…) new devices join (default: the fleet default)')
    .option('--api-key <sid>', 'API key SID (SK…)')
    .option('--secret-stdin', 'read the API key secret from standard input')
    .action(async (_options: unknown, command: Command) => {
      const options = command.opts<ConfigureOptions>();
      const { dataDir, json, secretStore } = context();
      const configPath = dataDirPaths(dataDir).config;
      const updated = checkedRegistrySettings(loadStationConfig(configPath), options);
      if (options.secretStdin) await storeSecret(secretStore, updated.stationId, await readStdin());
      saveStationConfig(configPath, updated);
      const hasSecret = (await secretStore.get(registrySecretAccount(updated.stationId))) !== null;
      const summary = { ...updated.registry, hasSecret, secretStore: secretStore.description };
      if (json) {
        writeJson(summary);
        return;
      }
      write(
        [
          'Registry settings saved.',
          `  URL:         ${summary.url ?? '(not set)'}`,
          `  fleet:       ${summary.fleetSid ?? '(not set)'}`,
          `  deployment:  ${summary.deploymentSid ?? '(fleet default)'}`,
          `  API key SID: ${summary.apiKeySid ?? '(not set)'}`,
          `  secret:      ${hasSecret ? `stored in ${secretStore.description}` : 'NOT SET: run again with --secret-stdin'}`,
          '',
        ].join('\n'),
      );
    });

  registryCommand
    .command('test')
    .description('fetch the configured fleet (and deployment) from the registry')
    .action(async () => {
      const { dataDir, json, secretStore } = context();
      const config = loadStationConfig(dataDirPaths(dataDir).config);
      const settings = requireEnrollmentSettings(config);
      const client = await loadRegistryClient(config, secretStore);
      const fleet = await client.fetchFleet(settings.fleetSid);
      const deployment = settings.deploymentSid ? await client.fetchDeployment(fleet.sid, settings.deploymentSid) : null;
      const result = {
        ok: true,
        url: client.baseUrl,
        fleetSid: fleet.sid,
        fleetName: fleet.friendly_name,
        deploymentSid: deployment?.sid ?? fleet.default_deployment_sid,
      };
      if (json) {
        writeJson(result);
        return;
      }
      write(
        `OK: the registry at ${result.url} answers; fleet ${fleet.sid}${fleet.friendly_name ? ` (${fleet.friendly_name})` : ''}, ` +
          `deployment ${result.deploymentSid ?? '(none)'}${deployment ? '' : ' (fleet default)'}.\n`,
      );
    });

  registryCommand
    .command('emulate')
    .description('run a local registry emulator in the foreground (demo, training)')
    .option('--port <n>', 'TCP port on 127.0.0.1 (0 = any free port)', '4010')
    .option('--db <file>', "the emulator's SQLite file (default: registry-emulator.sqlite in the data directory)")
    .option('--configure', 'also point this station at the emulator (settings + keychain)')
    .action(async (_options: unknown, command: Command) => {
      const options = command.opts<EmulateOptions>();
      const { dataDir, json, secretStore } = context();
      const port = Number(options.port);
      if (!Number.isInteger(port) || port < 0 || port > 65_535) {
        throw usage(`--port ${options.port} is not a TCP port.`, 'Give a number from 0 to 65535 (0 picks a free port).');
      }
      const dbPath = path.resolve(options.db ?? path.join(dataDir, 'registry-emulator.sqlite'));
      const apiKeySid = `SK${randomBytes(16).toString('hex')}`;
      const apiKeySecret = randomBytes(24).toString('base64url');
      const emulator = await startRegistryEmulator({ dbPath, port, apiKeySid, apiKeySecret });
      try {
        const { fleetSid, deploymentSid } = emulator.ensureFleet(EMULATOR_FLEET_NAME);
        if (options.configure) {
          const configPath = dataDirPaths(dataDir).config;
          const updated = checkedRegistrySettings(loadStationConfig(configPath), {
            url: emulator.url,
            fleet: fleetSid,
            deployment: deploymentSid,
            apiKey: apiKeySid,
          });
          await storeSecret(secretStore, updated.stationId, apiKeySecret);
          saveStationConfig(configPath, updated);
        }
        const facts = { url: emulator.url, dbPath, apiKeySid, apiKeySecret, fleetSid, deploymentSid, isStationConfigured: options.configure === true };
        if (json) {
          write(`${JSON.stringify(facts)}\n`);
        } else {
          write(
            [
              `Registry emulator listening at ${emulator.url}`,
              `  database:    ${dbPath}`,
              `  API key SID: ${apiKeySid}`,
              `  API secret:  ${apiKeySecret}   (demo credentials, valid while this emulator runs)`,
              `  fleet:       ${fleetSid}`,
              `  deployment:  ${deploymentSid}`,
              options.configure
                ? 'This station now uses the emulator.'
                : `Point a station at it: printf %s '${apiKeySecret}' | station registry configure --url ${emulator.url} ` +
                  `--fleet ${fleetSid} --deployment ${deploymentSid} --api-key ${apiKeySid} --secret-stdin`,
              'Press Ctrl+C to stop.',
              '',
            ].join('\n'),
          );
        }
        await waitForStop();
      } finally {
        await emulator.stop();
      }
    });
}
