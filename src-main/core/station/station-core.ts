import fs from 'node:fs';
import { dataDirPaths, type DataDirPaths } from '../config/data-dir';
import {
  certificateProfileSchema,
  loadStationConfig,
  portSettingsSchema,
  registrySettingsSchema,
  saveStationConfig,
  type CertificateProfile,
  type PortSettings,
  type RegistrySettings,
  type StationConfig,
} from '../config/station-config';
import { splitPathsAndGlobs } from '../devices/filename-glob';
import { PortWatcher } from '../devices/port-watcher';
import { openSerialTransport } from '../devices/serial-transport';
import { StationLinkDriver, type StationLinkDriverOptions } from '../devices/station-link/station-link-driver';
import { StationError } from '../errors';
import { EnrollmentService, isRetryable } from '../enrollment/enrollment-service';
import { loadRegistryClient, requireEnrollmentSettings } from '../enrollment/registry-client-loader';
import { registrySecretAccount, type SecretStore } from '../keychain/secret-store';
import { encodePem } from '../ca/pem-codec';
import { Ledger } from '../ledger/ledger';
import type { CredentialRecord, CredentialSearch } from '../ledger/ledger-types';
import { createLineCaFacade, type LineCaFacade } from './line-ca-facade';
import { PortRunnerService } from './port-runner-service';
import { parseProvisionMode } from './provision-mode';
import { queuedRunLedger } from './queued-run-ledger';
import type { CredentialEnroller } from './run-ports';
import { countWireTraffic, type WireDirection } from './wire-traffic';
import type {
  BoardHistory,
  CaSummary,
  EnrollmentOverview,
  PortTile,
  ProvisionMode,
  RegistryView,
  ShiftCounters,
  StationCoreApi,
  StationCoreEvents,
  StationOverview,
} from './station-core-api';

export interface StationCoreOptions {
  dataDir: string;
  secretStore: SecretStore;
  /** Port polling interval for watching (default 1000 ms). */
  watchIntervalMs?: number;
  /** Driver timeouts etc. (tests shorten them). */
  driverOptions?: Omit<StationLinkDriverOptions, 'transport'>;
  /** Registry request timeout (default 15 s). */
  registryTimeoutMs?: number;
  /** Board log lines, per port (the CLI prints them with --verbose). */
  onBoardLog?: (port: string, line: string) => void;
  /** Counts the bytes on each port's wire (benchmarks). */
  onWireTraffic?: (port: string, direction: WireDirection, bytes: number) => void;
  clock?: () => Date;
}

/**
 * The station: configuration, ledger, line CA, registry and the ports, behind StationCoreApi. The
 * Electron shell, the WebSocket host and the CLI all drive this one object.
 */
export class StationCore implements StationCoreApi {
  private readonly runner: PortRunnerService;
  private readonly eventListeners = new Set<Partial<StationCoreEvents>>();
  private watcher: PortWatcher | null = null;
  private watchPatterns: string[] = [];
  /** A mode chosen for this session only (the CLI's --mode), over the saved setting. */
  private modeOverride: ProvisionMode | null = null;
  private readonly shiftStartedAt: Date;

  private constructor(
    private readonly options: StationCoreOptions,
    private readonly paths: DataDirPaths,
    private config: StationConfig,
    private readonly ledger: Ledger,
    private readonly ca: LineCaFacade,
  ) {
    this.shiftStartedAt = this.now();
    this.runner = new PortRunnerService({
      openDriver: (port) => this.openDriver(port),
      ledger: queuedRunLedger(ledger),
      issuer: () => this.ca.issuer(this.ledger, this.config.profile),
      enroller: () => this.loadEnroller(),
      settings: () => ({ mode: this.modeOverride ?? this.config.mode, operator: this.config.operator, workOrder: this.config.workOrder }),
      clock: options.clock,
    });
    this.runner.onTileChanged((tile) => this.emitTile(tile));
  }

  /** Opens (creating when new) the data directory, its settings and ledger. */
  static async open(options: StationCoreOptions): Promise<StationCore> {
    const paths = dataDirPaths(options.dataDir);
    fs.mkdirSync(paths.dataDir, { recursive: true, mode: 0o700 });
    const config = loadStationConfig(paths.config);
    const ledger = Ledger.open(paths.ledger, { clock: options.clock });
    const ca = createLineCaFacade({ paths, config, secretStore: options.secretStore, clock: options.clock });
    return new StationCore(options, paths, config, ledger, ca);
  }

  get dataPaths(): DataDirPaths {
    return this.paths;
  }

  get stationConfig(): StationConfig {
    return this.config;
  }

  /** The ledger, for the CLI's ledger verbs (same process, same file). */
  get ledgerForReading(): Ledger {
    return this.ledger;
  }

  async overview(): Promise<StationOverview> {
    return {
      isWatching: this.watcher !== null,
      watchPatterns: this.watchPatterns,
      tiles: this.runner.allTiles(),
      counters: this.counters(),
      operator: this.config.operator,
      workOrder: this.config.workOrder,
    };
  }

  async startWatching(patterns?: string[]): Promise<StationOverview> {
    if (this.watcher) await this.stopWatching();
    const wanted = patterns && patterns.length > 0 ? patterns : this.config.ports.paths;
    if (wanted.length === 0 && this.config.ports.usbFilters.length === 0) {
      throw new StationError('ports-not-configured', 'There are no ports to watch: no USB filters, paths or globs are set.', {
        hint: 'Add the boards’ USB vendor:product ids or a port path/glob in Setup → Ports (or pass --watch GLOB).',
      });
    }
    this.watchPatterns = wanted;
    const watcher = new PortWatcher({
      usbIds: this.config.ports.usbFilters,
      ...splitPathsAndGlobs(wanted),
      intervalMs: this.options.watchIntervalMs,
    });
    watcher.onAttached((port) => {
      void this.runner.provision(port).then((outcome) => {
        // A board that vanished mid-run: whatever appears on this path next is a new attachment.
        if (outcome.error?.code === 'board-disconnected') watcher.forget(port);
      });
    });
    watcher.onDetached((port) => this.runner.markDetached(port));
    this.watcher = watcher;
    watcher.start();
    return this.overview();
  }

  async stopWatching(): Promise<StationOverview> {
    const watcher = this.watcher;
    this.watcher = null;
    this.watchPatterns = [];
    await watcher?.stop();
    return this.overview();
  }

  async provisionPort(port: string, mode?: 'keygen' | 'inject'): Promise<PortTile> {
    await this.runner.provision(port, mode);
    const tile = this.runner.allTiles().find((item) => item.port === port);
    if (!tile) throw new StationError('internal', `No tile for ${port} after its run.`);
    return tile;
  }

  /** Waits until every run in progress has ended (the CLI's provision command). */
  settle(): Promise<void> {
    return this.runner.settle();
  }

  /** Uses `mode` for the runs this process starts, without changing the saved setting. */
  async setModePreference(mode: ProvisionMode): Promise<void> {
    this.modeOverride = mode;
  }

  async setTraceability(operator: string | null, workOrder: string | null): Promise<void> {
    this.saveConfig({ ...this.config, operator: blankToNull(operator), workOrder: blankToNull(workOrder) });
  }

  async caSummary(): Promise<CaSummary> {
    const keychainStatus = await this.keychainStatus();
    return { ...(await this.ca.summary(keychainStatus.isAvailable)), keychainStatus };
  }

  async createSelfSignedCa(subject: string | null, validityYears: number): Promise<CaSummary> {
    await this.ca.createSelfSigned(subject, validityYears);
    return this.caSummary();
  }

  async createCaCsr(subject: string | null): Promise<string> {
    return this.ca.createCsr(subject);
  }

  async installCaCertificate(certificatePem: string, chainPem: string | null): Promise<CaSummary> {
    await this.ca.installCertificate(certificatePem, chainPem);
    return this.caSummary();
  }

  async importCa(keyPem: string, certificatePem: string, chainPem: string | null): Promise<CaSummary> {
    await this.ca.importExisting(keyPem, certificatePem, chainPem);
    return this.caSummary();
  }

  async getMode(): Promise<ProvisionMode> {
    return this.config.mode;
  }

  async setMode(mode: ProvisionMode): Promise<ProvisionMode> {
    const parsed = parseProvisionMode(mode);
    this.saveConfig({ ...this.config, mode: parsed });
    return parsed;
  }

  async getProfile(): Promise<CertificateProfile> {
    return this.config.profile;
  }

  async setProfile(profile: CertificateProfile): Promise<CertificateProfile> {
    const parsed = parseSetting(certificateProfileSchema, profile, 'certificate profile');
    this.saveConfig({ ...this.config, profile: parsed });
    return parsed;
  }

  async getRegistry(): Promise<RegistryView> {
    const secret = await this.options.secretStore.get(registrySecretAccount(this.config.stationId)).catch(() => null);
    return { ...this.config.registry, hasSecret: secret !== null };
  }

  async setRegistry(settings: RegistrySettings): Promise<RegistryView> {
    this.saveConfig({ ...this.config, registry: parseSetting(registrySettingsSchema, settings, 'registry settings') });
    return this.getRegistry();
  }

  async setRegistrySecret(secret: string): Promise<RegistryView> {
    if (secret.trim() === '') {
      throw new StationError('invalid-input', 'The registry API secret is empty.', { hint: 'Paste the API key secret the registry gave you.' });
    }
    await this.options.secretStore.set(registrySecretAccount(this.config.stationId), secret);
    return this.getRegistry();
  }

  async testRegistry(): Promise<{ fleetSid: string; friendlyName: string | null }> {
    const client = await loadRegistryClient(this.config, this.options.secretStore, { timeoutMs: this.options.registryTimeoutMs });
    const { fleetSid } = requireEnrollmentSettings(this.config);
    const fleet = await client.fetchFleet(fleetSid);
    return { fleetSid: fleet.sid, friendlyName: fleet.friendly_name ?? null };
  }

  async getPortSettings(): Promise<PortSettings> {
    return this.config.ports;
  }

  async setPortSettings(settings: PortSettings): Promise<PortSettings> {
    const parsed = parseSetting(portSettingsSchema, settings, 'port settings');
    this.saveConfig({ ...this.config, ports: parsed });
    return parsed;
  }

  async searchLedger(search: CredentialSearch): Promise<CredentialRecord[]> {
    return this.ledger.listCredentials(search);
  }

  async boardHistory(serialOrThumbprint: string): Promise<BoardHistory> {
    const byThumbprint = this.ledger.findCredentialByThumbprint(serialOrThumbprint.toLowerCase());
    const serial = byThumbprint?.boardSerial ?? serialOrThumbprint;
    const history = this.ledger.boardHistory(serial);
    return { serial, credentials: history.credentials, runs: history.runs, events: history.events };
  }

  async exportLedger(format: 'csv' | 'json', search: CredentialSearch): Promise<string> {
    const chunks: string[] = [];
    this.ledger.exportCredentials(format, (chunk) => chunks.push(chunk), search);
    return chunks.join('');
  }

  async verifyLedger() {
    return this.ledger.verifyChain();
  }

  async enrollmentOverview(): Promise<EnrollmentOverview> {
    const summary = this.ledger.enrollmentSummary();
    const items = [
      ...this.ledger.listCredentials({ enrollmentStatus: 'pending', limit: 500 }),
      ...this.ledger.listCredentials({ enrollmentStatus: 'failed', limit: 500 }),
    ];
    return { pending: summary.pending, failed: summary.failed, enrolled: summary.enrolled, oldestPendingAt: summary.oldestPendingAt, items };
  }

  async retryEnrollment(credentialId: number): Promise<CredentialRecord> {
    const credential = this.ledger.getCredential(credentialId);
    if (!credential) {
      throw new StationError('not-found', `No credential ${credentialId} in the ledger.`, { hint: 'Refresh the Enrollment screen.' });
    }
    if (credential.enrollmentStatus === 'enrolled') return credential;
    const enroller = await this.loadEnroller();
    if (!enroller) {
      throw new StationError('registry-not-configured', 'No device registry is configured, so nothing can be enrolled yet.', {
        hint: 'Set the registry URL, fleet, API key and secret in Setup → Registry.',
      });
    }
    const pem = encodePem('CERTIFICATE', credential.certificateDer);
    try {
      const result = await enroller.enroll({ boardSerial: credential.boardSerial, certificatePem: pem, thumbprint: credential.thumbprint });
      this.ledger.markEnrollment(credentialId, { status: 'enrolled', deviceSid: result.deviceSid, certificateSid: result.certificateSid });
    } catch (error) {
      const status = enroller.isRetryable(error) ? 'pending' : 'failed';
      const message = error instanceof Error ? error.message : String(error);
      this.ledger.markEnrollment(credentialId, { status, error: message });
      throw error;
    } finally {
      this.emitCounters();
    }
    const updated = this.ledger.getCredential(credentialId);
    if (!updated) throw new StationError('internal', `Credential ${credentialId} vanished from the ledger.`);
    return updated;
  }

  /**
   * Tries every pending enrollment once, oldest first, and stops early when the registry is unreachable
   * (the rest stay pending). Exactly once: the enrollment service recognises a certificate the registry
   * already holds, so a retry after a lost answer does not create a second one.
   */
  async syncPendingEnrollments(): Promise<{ enrolled: number; failed: number; stillPending: number }> {
    const pending = this.ledger.listPendingEnrollments();
    let enrolled = 0;
    let failed = 0;
    for (const credential of pending) {
      try {
        await this.retryEnrollment(credential.id);
        enrolled += 1;
      } catch (error) {
        if (isRetryable(error)) break;
        failed += 1;
      }
    }
    return { enrolled, failed, stillPending: this.ledger.enrollmentSummary().pending };
  }

  subscribe(listener: Partial<StationCoreEvents>): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  async close(): Promise<void> {
    await this.stopWatching();
    await this.runner.settle();
    this.ledger.close();
  }

  private async openDriver(port: string): Promise<StationLinkDriver> {
    const serial = await openSerialTransport({ path: port, baudRate: this.config.ports.baudRate });
    const { onWireTraffic } = this.options;
    const transport = onWireTraffic ? countWireTraffic(serial, (direction, bytes) => onWireTraffic(port, direction, bytes)) : serial;
    return new StationLinkDriver({
      ...this.options.driverOptions,
      transport,
      onLog: (line) => this.options.onBoardLog?.(port, line),
    });
  }

  private async loadEnroller(): Promise<CredentialEnroller | null> {
    const { url, apiKeySid, fleetSid } = this.config.registry;
    if (!url || !apiKeySid || !fleetSid) return null;
    const client = await loadRegistryClient(this.config, this.options.secretStore, { timeoutMs: this.options.registryTimeoutMs });
    const service = new EnrollmentService(client);
    const settings = requireEnrollmentSettings(this.config);
    return {
      enroll: (credential) => service.enrollCredential(credential, settings),
      isRetryable,
    };
  }

  private async keychainStatus(): Promise<CaSummary['keychainStatus']> {
    try {
      await this.options.secretStore.checkAvailable();
      return { isAvailable: true, message: `${this.options.secretStore.description} answers.`, hint: '' };
    } catch (error) {
      const shape = error instanceof StationError ? error : null;
      return { isAvailable: false, message: shape?.message ?? 'The OS keychain does not answer.', hint: shape?.hint ?? '' };
    }
  }

  private counters(): ShiftCounters {
    return this.ledger.shiftCounters(this.shiftStartedAt);
  }

  private emitTile(tile: PortTile): void {
    for (const listener of this.eventListeners) listener.onTileChanged?.(tile);
    if (tile.state === 'succeeded' || tile.state === 'failed') this.emitCounters();
  }

  private emitCounters(): void {
    const counters = this.counters();
    for (const listener of this.eventListeners) listener.onCountersChanged?.(counters);
  }

  private saveConfig(config: StationConfig): void {
    saveStationConfig(this.paths.config, config);
    this.config = config;
  }

  private now(): Date {
    return this.options.clock?.() ?? new Date();
  }
}

function blankToNull(value: string | null): string | null {
  return value === null || value.trim() === '' ? null : value.trim();
}

function parseSetting<T>(schema: { safeParse(value: unknown): { success: true; data: T } | { success: false; error: { issues: Array<{ path: PropertyKey[]; message: string }> } } }, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new StationError('invalid-input', `The ${what} have a bad value at ${issue?.path.map(String).join('.') ?? '?'}: ${issue?.message ?? ''}.`, {
    hint: 'Correct the highlighted value and save again.',
  });
}
