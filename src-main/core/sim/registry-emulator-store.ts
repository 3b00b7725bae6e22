import { createHash, randomBytes, X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

/**
 * The registry emulator's data and rules, in its own SQLite file (never the station's ledger).
 *
 * Rules where the spec is silent (documented choices, see REGISTRY_EMULATOR_ERROR_CODES):
 * - Certificate thumbprint: the spec only says "a unique hash of the payload". The emulator uses the
 *   lowercase hex SHA-256 of the certificate DER, which is what the station records.
 * - A certificate is bound to at most one device (one device_sid column); a second certificate with the
 *   same thumbprint in a fleet is refused with 409 / code 54320.
 * - A device UniqueName is unique in its fleet (409 / code 54301); fetching a device accepts its Sid
 *   or its UniqueName (the spec calls the name "addressable").
 * - Creating a fleet also creates its default deployment (default_deployment_sid); a device created
 *   without DeploymentSid joins that default deployment.
 * - Deleting a device unbinds its certificates and keys; deleting a deployment leaves its devices
 *   undeployed; deleting a fleet deletes everything in it (as the spec's descriptions say).
 * - Key secrets are returned once, on create; only their SHA-256 is stored.
 */

/** Error codes the emulator answers with (Twilio's codes where one fits, else the emulator's choice). */
export const REGISTRY_EMULATOR_ERROR_CODES = {
  /** 400: a parameter is missing or malformed (Twilio's "Invalid parameter"). */
  invalidParameter: 20001,
  /** 401: Basic auth missing or wrong (Twilio's "Authenticate"). */
  authenticate: 20003,
  /** 405: method not defined for the path. */
  methodNotAllowed: 20004,
  /** 404: no such resource (Twilio's "resource not found"). */
  notFound: 20404,
  /** 500/503: an injected failure or a bug. */
  internal: 20500,
  /** 409: a device with this UniqueName already exists in the fleet (emulator choice, after Sync's 54301). */
  duplicateUniqueName: 54301,
  /** 409: a certificate with this thumbprint is already enrolled in the fleet (emulator choice). */
  duplicateThumbprint: 54320,
} as const;

/** A refusal the HTTP layer turns into `{code, message, more_info, status}`. */
export class RegistryApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = 'RegistryApiError';
  }
}

export interface FleetRow {
  id: number;
  sid: string;
  unique_name: string | null;
  friendly_name: string | null;
  default_deployment_sid: string | null;
  date_created: string;
  date_updated: string | null;
}

export interface DeploymentRow {
  id: number;
  sid: string;
  fleet_sid: string;
  friendly_name: string | null;
  sync_service_sid: string | null;
  date_created: string;
  date_updated: string | null;
}

export interface DeviceRow {
  id: number;
  sid: string;
  fleet_sid: string;
  unique_name: string | null;
  friendly_name: string | null;
  identity: string | null;
  deployment_sid: string | null;
  enabled: number;
  date_created: string;
  date_updated: string | null;
  date_authenticated: string | null;
}

export interface CertificateRow {
  id: number;
  sid: string;
  fleet_sid: string;
  device_sid: string | null;
  friendly_name: string | null;
  thumbprint: string;
  date_created: string;
  date_updated: string | null;
}

export interface KeyRow {
  id: number;
  sid: string;
  fleet_sid: string;
  device_sid: string | null;
  friendly_name: string | null;
  date_created: string;
  date_updated: string | null;
}

/** One page request: PageSize, Page and the opaque PageToken (PA<id> = after id, PB<id> = before id). */
export interface PageRequest {
  pageSize: number;
  page: number;
  pageToken: string | null;
}

export interface PageResult<T> {
  rows: T[];
  hasNext: boolean;
  /** Token for the next page (PA + last id) or null. */
  nextToken: string | null;
  /** Token for the previous page (PB + first id) or null. */
  previousToken: string | null;
}

export type RegistryForm = Record<string, string | undefined>;

export interface RegistryEmulatorStoreOptions {
  now?: () => Date;
  /** Hex of `bytes` random bytes (sids, account sid, key secrets). */
  randomHex?: (bytes: number) => string;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS fleets (
  id INTEGER PRIMARY KEY, sid TEXT NOT NULL UNIQUE, unique_name TEXT, friendly_name TEXT,
  default_deployment_sid TEXT, date_created TEXT NOT NULL, date_updated TEXT);
CREATE TABLE IF NOT EXISTS deployments (
  id INTEGER PRIMARY KEY, sid TEXT NOT NULL UNIQUE,
  fleet_sid TEXT NOT NULL REFERENCES fleets(sid) ON DELETE CASCADE,
  friendly_name TEXT, sync_service_sid TEXT, date_created TEXT NOT NULL, date_updated TEXT);
CREATE TABLE IF NOT EXISTS devices (
  id INTEGER PRIMARY KEY, sid TEXT NOT NULL UNIQUE,
  fleet_sid TEXT NOT NULL REFERENCES fleets(sid) ON DELETE CASCADE,
  unique_name TEXT, friendly_name TEXT, identity TEXT,
  deployment_sid TEXT REFERENCES deployments(sid) ON DELETE SET NULL,
  enabled INTEGER NOT NULL DEFAULT 1, date_created TEXT NOT NULL, date_updated TEXT, date_authenticated TEXT,
  UNIQUE (fleet_sid, unique_name));
CREATE TABLE IF NOT EXISTS certificates (
  id INTEGER PRIMARY KEY, sid TEXT NOT NULL UNIQUE,
  fleet_sid TEXT NOT NULL REFERENCES fleets(sid) ON DELETE CASCADE,
  device_sid TEXT REFERENCES devices(sid) ON DELETE SET NULL,
  friendly_name TEXT, thumbprint TEXT NOT NULL, certificate_der BLOB NOT NULL,
  date_created TEXT NOT NULL, date_updated TEXT,
  UNIQUE (fleet_sid, thumbprint));
CREATE TABLE IF NOT EXISTS keys (
  id INTEGER PRIMARY KEY, sid TEXT NOT NULL UNIQUE,
  fleet_sid TEXT NOT NULL REFERENCES fleets(sid) ON DELETE CASCADE,
  device_sid TEXT REFERENCES devices(sid) ON DELETE SET NULL,
  friendly_name TEXT, secret_sha256 TEXT NOT NULL, date_created TEXT NOT NULL, date_updated TEXT);
`;

const MAX_NAME = 256;
const MAX_UNIQUE_NAME = 128;

function invalid(message: string): RegistryApiError {
  return new RegistryApiError(400, REGISTRY_EMULATOR_ERROR_CODES.invalidParameter, message);
}

function notFound(what: string, sid: string): RegistryApiError {
  return new RegistryApiError(404, REGISTRY_EMULATOR_ERROR_CODES.notFound, `The requested resource ${what} ${sid} was not found`);
}

function textParam(form: RegistryForm, name: string, maxLength: number): string | undefined {
  const value = form[name];
  if (value === undefined) return undefined;
  if (value.length > maxLength) throw invalid(`${name} must be at most ${maxLength} characters long`);
  return value;
}

function sidParam(form: RegistryForm, name: string, prefix: string): string | undefined {
  const value = form[name];
  if (value === undefined) return undefined;
  if (!new RegExp(`^${prefix}[0-9a-fA-F]{32}$`).test(value)) throw invalid(`${name} must be ${prefix} followed by 32 hex digits`);
  return value;
}

function booleanParam(form: RegistryForm, name: string): boolean | undefined {
  const value = form[name];
  if (value === undefined) return undefined;
  if (value.toLowerCase() === 'true') return true;
  if (value.toLowerCase() === 'false') return false;
  throw invalid(`${name} must be true or false`);
}

/** Parses the first PEM CERTIFICATE block and returns its DER; 400 when it is not an X.509 certificate. */
function certificateDer(pem: string): Buffer {
  const match = /-----BEGIN CERTIFICATE-----([\s\S]+?)-----END CERTIFICATE-----/.exec(pem);
  if (!match?.[1]) throw invalid('CertificateData must be a PEM certificate');
  const der = Buffer.from(match[1].replace(/\s+/g, ''), 'base64');
  try {
    return new X509Certificate(der).raw;
  } catch {
    throw invalid('CertificateData is not a valid X.509 certificate');
  }
}

export class RegistryEmulatorStore {
  readonly accountSid: string;
  private readonly db: Database.Database;
  private readonly now: () => Date;
  private readonly randomHex: (bytes: number) => string;

  constructor(dbPath: string, options: RegistryEmulatorStoreOptions = {}) {
    this.now = options.now ?? (() => new Date());
    this.randomHex = options.randomHex ?? ((bytes) => randomBytes(bytes).toString('hex'));
    fs.mkdirSync(path.dirname(dbPath), { recursive: true });
    this.db = new Database(dbPath);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('foreign_keys = ON');
    this.db.exec(SCHEMA);
    const stored = this.db.prepare<[], { value: string }>("SELECT value FROM meta WHERE key = 'account_sid'").get();
    this.accountSid = stored?.value ?? this.newSid('AC');
    if (!stored) this.db.prepare("INSERT INTO meta (key, value) VALUES ('account_sid', ?)").run(this.accountSid);
  }

  close(): void {
    this.db.close();
  }

  // Fleets

  createFleet(form: RegistryForm): FleetRow {
    const friendlyName = textParam(form, 'FriendlyName', MAX_NAME) ?? null;
    return this.db.transaction(() => {
      const sid = this.newSid('FL');
      const now = this.timestamp();
      this.db
        .prepare('INSERT INTO fleets (sid, friendly_name, date_created) VALUES (?, ?, ?)')
        .run(sid, friendlyName, now);
      const deployment = this.insertDeployment(sid, 'Default deployment', null);
      this.db.prepare('UPDATE fleets SET default_deployment_sid = ? WHERE sid = ?').run(deployment.sid, sid);
      return this.getFleet(sid);
    })();
  }

  /** By Sid, or by unique_name when one is set. */
  getFleet(sidOrName: string): FleetRow {
    const row = this.db
      .prepare<[string, string], FleetRow>('SELECT * FROM fleets WHERE sid = ? OR unique_name = ? ORDER BY id LIMIT 1')
      .get(sidOrName, sidOrName);
    if (!row) throw notFound('Fleet', sidOrName);
    return row;
  }

  listFleets(page: PageRequest): PageResult<FleetRow> {
    return this.page<FleetRow>('fleets', '1 = 1', [], page);
  }

  updateFleet(sidOrName: string, form: RegistryForm): FleetRow {
    const fleet = this.getFleet(sidOrName);
    const friendlyName = textParam(form, 'FriendlyName', MAX_NAME);
    const defaultDeploymentSid = sidParam(form, 'DefaultDeploymentSid', 'DL');
    if (defaultDeploymentSid !== undefined) this.requireDeployment(fleet.sid, defaultDeploymentSid, 'DefaultDeploymentSid');
    this.db
      .prepare(
        `UPDATE fleets SET friendly_name = COALESCE(?, friendly_name),
           default_deployment_sid = COALESCE(?, default_deployment_sid), date_updated = ? WHERE sid = ?`,
      )
      .run(friendlyName ?? null, defaultDeploymentSid ?? null, this.timestamp(), fleet.sid);
    return this.getFleet(fleet.sid);
  }

  deleteFleet(sidOrName: string): void {
    const fleet = this.getFleet(sidOrName);
    this.db.prepare('DELETE FROM fleets WHERE sid = ?').run(fleet.sid);
  }

  // Deployments

  createDeployment(fleetSid: string, form: RegistryForm): DeploymentRow {
    const fleet = this.getFleet(fleetSid);
    const friendlyName = textParam(form, 'FriendlyName', MAX_NAME) ?? null;
    const syncServiceSid = sidParam(form, 'SyncServiceSid', 'IS') ?? null;
    return this.insertDeployment(fleet.sid, friendlyName, syncServiceSid);
  }

  getDeployment(fleetSid: string, sid: string): DeploymentRow {
    const fleet = this.getFleet(fleetSid);
    const row = this.db
      .prepare<[string, string], DeploymentRow>('SELECT * FROM deployments WHERE fleet_sid = ? AND sid = ?')
      .get(fleet.sid, sid);
    if (!row) throw notFound('Deployment', sid);
    return row;
  }

  listDeployments(fleetSid: string, page: PageRequest): PageResult<DeploymentRow> {
    const fleet = this.getFleet(fleetSid);
    return this.page<DeploymentRow>('deployments', 'fleet_sid = ?', [fleet.sid], page);
  }

  updateDeployment(fleetSid: string, sid: string, form: RegistryForm): DeploymentRow {
    const deployment = this.getDeployment(fleetSid, sid);
    const friendlyName = textParam(form, 'FriendlyName', 64);
    const syncServiceSid = sidParam(form, 'SyncServiceSid', 'IS');
    this.db
      .prepare(
        `UPDATE deployments SET friendly_name = COALESCE(?, friendly_name),
           sync_service_sid = COALESCE(?, sync_service_sid), date_updated = ? WHERE sid = ?`,
      )
      .run(friendlyName ?? null, syncServiceSid ?? null, this.timestamp(), deployment.sid);
    return this.getDeployment(fleetSid, sid);
  }

  deleteDeployment(fleetSid: string, sid: string): void {
    const deployment = this.getDeployment(fleetSid, sid);
    this.db.transaction(() => {
      this.db.prepare('UPDATE fleets SET default_deployment_sid = NULL WHERE default_deployment_sid = ?').run(deployment.sid);
      this.db.prepare('DELETE FROM deployments WHERE sid = ?').run(deployment.sid);
    })();
  }

  // Devices

  createDevice(fleetSid: string, form: RegistryForm): DeviceRow {
    const fleet = this.getFleet(fleetSid);
    const uniqueName = textParam(form, 'UniqueName', MAX_UNIQUE_NAME) ?? null;
    const friendlyName = textParam(form, 'FriendlyName', MAX_NAME) ?? null;
    const identity = textParam(form, 'Identity', MAX_NAME) ?? null;
    const deploymentSid = sidParam(form, 'DeploymentSid', 'DL') ?? fleet.default_deployment_sid;
    const enabled = booleanParam(form, 'Enabled') ?? true;
    if (deploymentSid !== null) this.requireDeployment(fleet.sid, deploymentSid, 'DeploymentSid');
    if (uniqueName !== null && this.findDevice(fleet.sid, uniqueName)) {
      throw new RegistryApiError(
        409,
        REGISTRY_EMULATOR_ERROR_CODES.duplicateUniqueName,
        `A Device with UniqueName ${uniqueName} already exists in Fleet ${fleet.sid}`,
      );
    }
    const sid = this.newSid('TH');
    this.db
      .prepare(
        `INSERT INTO devices (sid, fleet_sid, unique_name, friendly_name, identity, deployment_sid, enabled, date_created)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(sid, fleet.sid, uniqueName, friendlyName, identity, deploymentSid, enabled ? 1 : 0, this.timestamp());
    return this.getDevice(fleet.sid, sid);
  }

  /** By Sid (TH + 32 hex) or by UniqueName. */
  getDevice(fleetSid: string, sidOrUniqueName: string): DeviceRow {
    const fleet = this.getFleet(fleetSid);
    const row = this.findDevice(fleet.sid, sidOrUniqueName);
    if (!row) throw notFound('Device', sidOrUniqueName);
    return row;
  }

  listDevices(fleetSid: string, filter: { deploymentSid?: string }, page: PageRequest): PageResult<DeviceRow> {
    const fleet = this.getFleet(fleetSid);
    if (filter.deploymentSid !== undefined) {
      return this.page<DeviceRow>('devices', 'fleet_sid = ? AND deployment_sid = ?', [fleet.sid, filter.deploymentSid], page);
    }
    return this.page<DeviceRow>('devices', 'fleet_sid = ?', [fleet.sid], page);
  }

  updateDevice(fleetSid: string, sidOrUniqueName: string, form: RegistryForm): DeviceRow {
    const device = this.getDevice(fleetSid, sidOrUniqueName);
    const friendlyName = textParam(form, 'FriendlyName', MAX_NAME);
    const identity = textParam(form, 'Identity', MAX_NAME);
    const deploymentSid = sidParam(form, 'DeploymentSid', 'DL');
    const enabled = booleanParam(form, 'Enabled');
    if (deploymentSid !== undefined) this.requireDeployment(device.fleet_sid, deploymentSid, 'DeploymentSid');
    this.db
      .prepare(
        `UPDATE devices SET friendly_name = COALESCE(?, friendly_name), identity = COALESCE(?, identity),
           deployment_sid = COALESCE(?, deployment_sid), enabled = COALESCE(?, enabled), date_updated = ?
         WHERE sid = ?`,
      )
      .run(
        friendlyName ?? null,
        identity ?? null,
        deploymentSid ?? null,
        enabled === undefined ? null : enabled ? 1 : 0,
        this.timestamp(),
        device.sid,
      );
    return this.getDevice(device.fleet_sid, device.sid);
  }

  deleteDevice(fleetSid: string, sidOrUniqueName: string): void {
    const device = this.getDevice(fleetSid, sidOrUniqueName);
    this.db.prepare('DELETE FROM devices WHERE sid = ?').run(device.sid);
  }

  // Certificates

  createCertificate(fleetSid: string, form: RegistryForm): CertificateRow {
    const fleet = this.getFleet(fleetSid);
    const pem = form.CertificateData;
    if (pem === undefined || pem.trim() === '') throw invalid('Missing required parameter CertificateData in the post body');
    const friendlyName = textParam(form, 'FriendlyName', MAX_NAME) ?? null;
    const deviceSid = sidParam(form, 'DeviceSid', 'TH') ?? null;
    if (deviceSid !== null) this.requireDevice(fleet.sid, deviceSid);
    const der = certificateDer(pem);
    // NOTE: thumbprint = SHA-256 of the DER, lowercase hex (the spec does not name the hash; the station uses this).
    const thumbprint = createHash('sha256').update(der).digest('hex');
    const duplicate = this.db
      .prepare<[string, string], { sid: string }>('SELECT sid FROM certificates WHERE fleet_sid = ? AND thumbprint = ?')
      .get(fleet.sid, thumbprint);
    if (duplicate) {
      throw new RegistryApiError(
        409,
        REGISTRY_EMULATOR_ERROR_CODES.duplicateThumbprint,
        `A Certificate with thumbprint ${thumbprint} is already enrolled in Fleet ${fleet.sid} (${duplicate.sid})`,
      );
    }
    const sid = this.newSid('CY');
    this.db
      .prepare(
        `INSERT INTO certificates (sid, fleet_sid, device_sid, friendly_name, thumbprint, certificate_der, date_created)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(sid, fleet.sid, deviceSid, friendlyName, thumbprint, der, this.timestamp());
    return this.getCertificate(fleet.sid, sid);
  }

  getCertificate(fleetSid: string, sid: string): CertificateRow {
    const fleet = this.getFleet(fleetSid);
    const row = this.db
      .prepare<[string, string], CertificateRow>(
        `SELECT id, sid, fleet_sid, device_sid, friendly_name, thumbprint, date_created, date_updated
         FROM certificates WHERE fleet_sid = ? AND sid = ?`,
      )
      .get(fleet.sid, sid);
    if (!row) throw notFound('Certificate', sid);
    return row;
  }

  listCertificates(fleetSid: string, filter: { deviceSid?: string }, page: PageRequest): PageResult<CertificateRow> {
    const fleet = this.getFleet(fleetSid);
    const columns = 'id, sid, fleet_sid, device_sid, friendly_name, thumbprint, date_created, date_updated';
    if (filter.deviceSid !== undefined) {
      return this.page<CertificateRow>('certificates', 'fleet_sid = ? AND device_sid = ?', [fleet.sid, filter.deviceSid], page, columns);
    }
    return this.page<CertificateRow>('certificates', 'fleet_sid = ?', [fleet.sid], page, columns);
  }

  updateCertificate(fleetSid: string, sid: string, form: RegistryForm): CertificateRow {
    const certificate = this.getCertificate(fleetSid, sid);
    const friendlyName = textParam(form, 'FriendlyName', MAX_NAME);
    const deviceSid = sidParam(form, 'DeviceSid', 'TH');
    if (deviceSid !== undefined) this.requireDevice(certificate.fleet_sid, deviceSid);
    this.db
      .prepare(
        `UPDATE certificates SET friendly_name = COALESCE(?, friendly_name), device_sid = COALESCE(?, device_sid),
           date_updated = ? WHERE sid = ?`,
      )
      .run(friendlyName ?? null, deviceSid ?? null, this.timestamp(), certificate.sid);
    return this.getCertificate(fleetSid, sid);
  }

  deleteCertificate(fleetSid: string, sid: string): void {
    const certificate = this.getCertificate(fleetSid, sid);
    this.db.prepare('DELETE FROM certificates WHERE sid = ?').run(certificate.sid);
  }

  // Keys

  /** Returns the row and the generated secret (shown once; only its SHA-256 is stored). */
  createKey(fleetSid: string, form: RegistryForm): { row: KeyRow; secret: string } {
    const fleet = this.getFleet(fleetSid);
    const friendlyName = textParam(form, 'FriendlyName', MAX_NAME) ?? null;
    const deviceSid = sidParam(form, 'DeviceSid', 'TH') ?? null;
    if (deviceSid !== null) this.requireDevice(fleet.sid, deviceSid);
    const secret = this.randomHex(32);
    const sid = this.newSid('KY');
    this.db
      .prepare(
        `INSERT INTO keys (sid, fleet_sid, device_sid, friendly_name, secret_sha256, date_created)
         VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .run(sid, fleet.sid, deviceSid, friendlyName, createHash('sha256').update(secret).digest('hex'), this.timestamp());
    return { row: this.getKey(fleet.sid, sid), secret };
  }

  getKey(fleetSid: string, sid: string): KeyRow {
    const fleet = this.getFleet(fleetSid);
    const row = this.db
      .prepare<[string, string], KeyRow>(
        'SELECT id, sid, fleet_sid, device_sid, friendly_name, date_created, date_updated FROM keys WHERE fleet_sid = ? AND sid = ?',
      )
      .get(fleet.sid, sid);
    if (!row) throw notFound('Key', sid);
    return row;
  }

  listKeys(fleetSid: string, filter: { deviceSid?: string }, page: PageRequest): PageResult<KeyRow> {
    const fleet = this.getFleet(fleetSid);
    const columns = 'id, sid, fleet_sid, device_sid, friendly_name, date_created, date_updated';
    if (filter.deviceSid !== undefined) {
      return this.page<KeyRow>('keys', 'fleet_sid = ? AND device_sid = ?', [fleet.sid, filter.deviceSid], page, columns);
    }
    return this.page<KeyRow>('keys', 'fleet_sid = ?', [fleet.sid], page, columns);
  }

  updateKey(fleetSid: string, sid: string, form: RegistryForm): KeyRow {
    const key = this.getKey(fleetSid, sid);
    const friendlyName = textParam(form, 'FriendlyName', MAX_NAME);
    const deviceSid = sidParam(form, 'DeviceSid', 'TH');
    if (deviceSid !== undefined) this.requireDevice(key.fleet_sid, deviceSid);
    this.db
      .prepare(
        'UPDATE keys SET friendly_name = COALESCE(?, friendly_name), device_sid = COALESCE(?, device_sid), date_updated = ? WHERE sid = ?',
      )
      .run(friendlyName ?? null, deviceSid ?? null, this.timestamp(), key.sid);
    return this.getKey(fleetSid, sid);
  }

  deleteKey(fleetSid: string, sid: string): void {
    const key = this.getKey(fleetSid, sid);
    this.db.prepare('DELETE FROM keys WHERE sid = ?').run(key.sid);
  }

  // Helpers

  private insertDeployment(fleetSid: string, friendlyName: string | null, syncServiceSid: string | null): DeploymentRow {
    const sid = this.newSid('DL');
    this.db
      .prepare('INSERT INTO deployments (sid, fleet_sid, friendly_name, sync_service_sid, date_created) VALUES (?, ?, ?, ?, ?)')
      .run(sid, fleetSid, friendlyName, syncServiceSid, this.timestamp());
    return this.getDeployment(fleetSid, sid);
  }

  private findDevice(fleetSid: string, sidOrUniqueName: string): DeviceRow | undefined {
    const column = /^TH[0-9a-fA-F]{32}$/.test(sidOrUniqueName) ? 'sid' : 'unique_name';
    return this.db
      .prepare<[string, string], DeviceRow>(`SELECT * FROM devices WHERE fleet_sid = ? AND ${column} = ?`)
      .get(fleetSid, sidOrUniqueName);
  }

  private requireDeployment(fleetSid: string, sid: string, parameter: string): void {
    const row = this.db.prepare('SELECT 1 FROM deployments WHERE fleet_sid = ? AND sid = ?').get(fleetSid, sid);
    if (!row) throw invalid(`${parameter} ${sid} is not a Deployment of Fleet ${fleetSid}`);
  }

  private requireDevice(fleetSid: string, sid: string): void {
    const row = this.db.prepare('SELECT 1 FROM devices WHERE fleet_sid = ? AND sid = ?').get(fleetSid, sid);
    if (!row) throw invalid(`DeviceSid ${sid} is not a Device of Fleet ${fleetSid}`);
  }

  /** Keyset paging on the row id; without a token, Page × PageSize rows are skipped. */
  private page<T extends { id: number }>(
    table: string,
    where: string,
    params: string[],
    request: PageRequest,
    columns = '*',
  ): PageResult<T> {
    const limit = request.pageSize + 1;
    const token = request.pageToken ? /^P([AB])(\d+)$/.exec(request.pageToken) : null;
    if (request.pageToken && !token) throw invalid('PageToken is not a token this API issued');
    let rows: T[];
    let hasNext: boolean;
    if (token?.[1] === 'B') {
      const before = this.db
        .prepare<(string | number)[], T>(`SELECT ${columns} FROM ${table} WHERE ${where} AND id < ? ORDER BY id DESC LIMIT ?`)
        .all(...params, Number(token[2]), request.pageSize);
      rows = before.reverse();
      hasNext = true;
    } else {
      const after = token ? Number(token[2]) : 0;
      const offset = token ? 0 : request.page * request.pageSize;
      const fetched = this.db
        .prepare<(string | number)[], T>(
          `SELECT ${columns} FROM ${table} WHERE ${where} AND id > ? ORDER BY id ASC LIMIT ? OFFSET ?`,
        )
        .all(...params, after, limit, offset);
      hasNext = fetched.length > request.pageSize;
      rows = fetched.slice(0, request.pageSize);
    }
    const first = rows[0];
    const last = rows[rows.length - 1];
    return {
      rows,
      hasNext,
      nextToken: hasNext && last ? `PA${last.id}` : null,
      previousToken: request.page > 0 && first ? `PB${first.id}` : null,
    };
  }

  private newSid(prefix: string): string {
    return `${prefix}${this.randomHex(16)}`;
  }

  /** ISO 8601 in UTC without milliseconds, as the spec's examples ("2016-07-30T20:00:00Z"). */
  private timestamp(): string {
    return this.now().toISOString().replace(/\.\d{3}Z$/, 'Z');
  }
}
