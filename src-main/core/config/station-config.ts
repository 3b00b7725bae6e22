import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { StationError } from '../errors';

/**
 * The station's settings (station-config.json in the data directory). Public facts only: secrets
 * (CA key, registry API secret) live in the OS keychain under `stationId`.
 */
export const certificateProfileSchema = z.object({
  /** Subject template; `{serial}` is the board's hardware serial. */
  subjectTemplate: z.string().min(1).default('CN={serial}'),
  validityDays: z.number().int().min(1).max(3650).default(365),
  /** Copy the CSR's subjectAltName into the certificate (off by default). */
  copySubjectAltName: z.boolean().default(false),
  /** Backdate notBefore to tolerate board clocks that lag (seconds). */
  backdateSeconds: z.number().int().min(0).max(86_400).default(300),
});

export const registrySettingsSchema = z.object({
  /** The registry server root (the client appends /DeployedDevices/Fleets/…), e.g. https://preview.twilio.com or the local emulator http://127.0.0.1:4010. */
  url: z.string().url().nullable().default(null),
  fleetSid: z.string().nullable().default(null),
  deploymentSid: z.string().nullable().default(null),
  apiKeySid: z.string().nullable().default(null),
});

export const portSettingsSchema = z.object({
  /** USB vendor:product pairs (hex, e.g. "1915:520f") that mark a board in SerialPort.list(). */
  usbFilters: z.array(z.string().regex(/^[0-9a-fA-F]{4}:[0-9a-fA-F]{4}$/)).default([]),
  /** Explicit paths and globs (ptys never appear in SerialPort.list()). */
  paths: z.array(z.string()).default([]),
  baudRate: z.number().int().positive().default(115_200),
});

export const stationConfigSchema = z.object({
  stationId: z.string().min(8),
  profile: certificateProfileSchema.default(certificateProfileSchema.parse({})),
  registry: registrySettingsSchema.default(registrySettingsSchema.parse({})),
  ports: portSettingsSchema.default(portSettingsSchema.parse({})),
  /** keygen: on-chip keys when the board can; inject: the station makes the key. */
  mode: z.enum(['keygen', 'inject']).default('keygen'),
  operator: z.string().nullable().default(null),
  workOrder: z.string().nullable().default(null),
});

export type CertificateProfile = z.infer<typeof certificateProfileSchema>;
export type RegistrySettings = z.infer<typeof registrySettingsSchema>;
export type PortSettings = z.infer<typeof portSettingsSchema>;
export type StationConfig = z.infer<typeof stationConfigSchema>;

export function defaultStationConfig(): StationConfig {
  return stationConfigSchema.parse({ stationId: randomUUID() });
}

/** Reads the config, creating it (with a fresh stationId) when the data directory is new. */
export function loadStationConfig(configPath: string): StationConfig {
  if (!fs.existsSync(configPath)) {
    const created = defaultStationConfig();
    saveStationConfig(configPath, created);
    return created;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(configPath, 'utf8'));
  } catch (cause) {
    throw new StationError('config-invalid', `The station settings file ${configPath} is not valid JSON.`, {
      hint: 'Fix the file by hand or move it away to start with default settings.',
      cause,
    });
  }
  const parsed = stationConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new StationError(
      'config-invalid',
      `The station settings file ${configPath} has a bad value at ${issue?.path.join('.') ?? '?'}: ${issue?.message ?? ''}.`,
      { hint: 'Fix the value or move the file away to start with default settings.' },
    );
  }
  return parsed.data;
}

/** Writes atomically (temp file + rename) so a crash never leaves half a settings file. */
export function saveStationConfig(configPath: string, config: StationConfig): void {
  fs.mkdirSync(path.dirname(configPath), { recursive: true });
  const temp = `${configPath}.${process.pid}.tmp`;
  fs.writeFileSync(temp, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  fs.renameSync(temp, configPath);
}
