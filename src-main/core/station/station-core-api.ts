import type { CertificateProfile, PortSettings, RegistrySettings } from '../config/station-config';
import type {
  ChainVerification,
  CredentialRecord,
  CredentialSearch,
  EventRecord,
  RunRecord,
  StepRecord,
} from '../ledger/ledger-types';

/**
 * The one facade the app shell, the host and the CLI drive. Everything here is public data: no method
 * returns or accepts the CA private key except `importCa` (which moves it into the keychain and forgets
 * it), and the registry secret is write-only (`setRegistrySecret`).
 *
 * Failure: methods reject with StationError (code/message/hint); the contract layer turns that into
 * `{ok:false, error:{code,message,hint}}`.
 */

/** The steps of one board's run, in order. */
export const RUN_STEPS = [
  'identify',
  'key',
  'csr',
  'verify',
  'issue',
  'install',
  'prove',
  'commit',
  'enroll',
] as const;
export type RunStep = (typeof RUN_STEPS)[number];

/** How a board gets its key: keygen = made on the chip (preferred), inject = made by the station. */
export type ProvisionMode = 'keygen' | 'inject';

export type TileState = 'idle' | 'working' | 'succeeded' | 'failed' | 'detached';

/** One port's tile on the station screen. */
export interface PortTile {
  port: string;
  state: TileState;
  boardSerial: string | null;
  model: string | null;
  mode: 'keygen' | 'inject' | null;
  currentStep: RunStep | null;
  /** Steps finished so far in this run. */
  completedSteps: RunStep[];
  startedAt: string | null;
  finishedAt: string | null;
  runId: number | null;
  thumbprint: string | null;
  enrollment: 'enrolled' | 'pending' | 'failed' | 'not-required' | null;
  registryDeviceSid: string | null;
  /** For failed tiles: what went wrong and what to do. */
  error: { code: string; message: string; hint: string; step: RunStep | null } | null;
}

/** A port's tile before any board has been seen on it. */
export function idleTile(port: string): PortTile {
  return {
    port, state: 'idle', boardSerial: null, model: null, mode: null, currentStep: null, completedSteps: [], startedAt: null,
    finishedAt: null, runId: null, thumbprint: null, enrollment: null, registryDeviceSid: null, error: null,
  };
}

export interface ShiftCounters {
  provisioned: number;
  failed: number;
  pendingEnrollment: number;
}

export interface StationOverview {
  isWatching: boolean;
  watchPatterns: string[];
  tiles: PortTile[];
  counters: ShiftCounters;
  operator: string | null;
  workOrder: string | null;
}

export interface CaSummary {
  isInitialized: boolean;
  /** A CSR for an offline root is waiting for `installCaCertificate`. */
  hasPendingCsr: boolean;
  subject: string | null;
  sha256Fingerprint: string | null;
  notBefore: string | null;
  notAfter: string | null;
  keyLocation: string;
  hasKey: boolean;
  keychainStatus: { isAvailable: boolean; message: string; hint: string };
  chainPem: string | null;
}

export interface RegistryView extends RegistrySettings {
  hasSecret: boolean;
}

export interface EnrollmentOverview {
  pending: number;
  failed: number;
  enrolled: number;
  oldestPendingAt: string | null;
  items: CredentialRecord[];
}

export interface BoardHistory {
  serial: string;
  credentials: CredentialRecord[];
  runs: Array<RunRecord & { steps: StepRecord[] }>;
  events: EventRecord[];
}

export interface StationCoreEvents {
  onTileChanged: (tile: PortTile) => void;
  onCountersChanged: (counters: ShiftCounters) => void;
}

export interface StationCoreApi {
  overview(): Promise<StationOverview>;
  startWatching(patterns?: string[]): Promise<StationOverview>;
  stopWatching(): Promise<StationOverview>;
  /** Provisions the board on one port now (also what Retry does). */
  provisionPort(port: string, mode?: 'keygen' | 'inject'): Promise<PortTile>;
  setTraceability(operator: string | null, workOrder: string | null): Promise<void>;

  caSummary(): Promise<CaSummary>;
  createSelfSignedCa(subject: string | null, validityYears: number): Promise<CaSummary>;
  /** Returns the CSR PEM for the offline root. */
  createCaCsr(subject: string | null): Promise<string>;
  installCaCertificate(certificatePem: string, chainPem: string | null): Promise<CaSummary>;
  /** Moves the key into the keychain; the caller should destroy its copy. */
  importCa(keyPem: string, certificatePem: string, chainPem: string | null): Promise<CaSummary>;

  /**
   * The saved key mode (station-config.json; default 'keygen'). A per-session override set with
   * StationCore.setModePreference (the CLI's --mode) is not reported here, though it wins for runs.
   */
  getMode(): Promise<ProvisionMode>;
  /**
   * Saves the key mode for all later runs and returns it. Boards lacking the chosen capability fall
   * back to the other mode. Failure: StationError 'invalid-input' for anything but keygen/inject.
   */
  setMode(mode: ProvisionMode): Promise<ProvisionMode>;
  getProfile(): Promise<CertificateProfile>;
  setProfile(profile: CertificateProfile): Promise<CertificateProfile>;
  getRegistry(): Promise<RegistryView>;
  setRegistry(settings: RegistrySettings): Promise<RegistryView>;
  setRegistrySecret(secret: string): Promise<RegistryView>;
  testRegistry(): Promise<{ fleetSid: string; friendlyName: string | null }>;
  getPortSettings(): Promise<PortSettings>;
  setPortSettings(settings: PortSettings): Promise<PortSettings>;

  searchLedger(search: CredentialSearch): Promise<CredentialRecord[]>;
  boardHistory(serialOrThumbprint: string): Promise<BoardHistory>;
  exportLedger(format: 'csv' | 'json', search: CredentialSearch): Promise<string>;
  verifyLedger(): Promise<ChainVerification>;

  enrollmentOverview(): Promise<EnrollmentOverview>;
  retryEnrollment(credentialId: number): Promise<CredentialRecord>;

  subscribe(listener: Partial<StationCoreEvents>): () => void;
  close(): Promise<void>;
}
