import type { DeviceDriver } from '../devices/device-driver';
import { toErrorShape } from '../errors';
import type { RunLedger, CertificateIssuer, CredentialEnroller } from './run-ports';
import { ProvisioningRun, type ModePreference, type RunOutcome, type RunProgress } from './provisioning-run';
import { idleTile, type PortTile } from './station-core-api';

export interface PortRunnerDependencies {
  /** Opens the port and returns a driver for the board on it (the port is closed by the run). */
  openDriver(port: string): Promise<DeviceDriver>;
  ledger: RunLedger;
  /**
   * Resolved per run (before the board is touched), so a CA installed or a registry configured while
   * watching takes effect. `issuer` rejects when no CA is ready; `enroller` resolves null when no registry
   * is configured.
   */
  issuer(): Promise<CertificateIssuer>;
  enroller(): Promise<CredentialEnroller | null>;
  settings(): { mode: ModePreference; operator: string | null; workOrder: string | null };
  clock?: () => Date;
}

/**
 * Runs boards on many ports at once, one independent run per port: a slow or failing board never holds
 * up another (each run awaits only its own port). Keeps one tile per port for the UI and the CLI.
 *
 * A port that is running is not started again until its run ends; a board that stays plugged in after its
 * run is not provisioned twice unless `provision` is called again (Retry) or it is re-plugged.
 */
export class PortRunnerService {
  private readonly tiles = new Map<string, PortTile>();
  private readonly running = new Map<string, Promise<RunOutcome>>();
  private readonly serialsInProgress = new Set<string>();
  private readonly listeners = new Set<(tile: PortTile) => void>();

  constructor(private readonly dependencies: PortRunnerDependencies) {}

  onTileChanged(listener: (tile: PortTile) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  allTiles(): PortTile[] {
    return [...this.tiles.values()].sort((a, b) => a.port.localeCompare(b.port));
  }

  isRunning(port: string): boolean {
    return this.running.has(port);
  }

  /** Starts (or joins) the run on `port`. Resolves when it ends; never rejects. */
  provision(port: string, mode?: ModePreference): Promise<RunOutcome> {
    const existing = this.running.get(port);
    if (existing) return existing;
    const run = this.runOnce(port, mode).finally(() => this.running.delete(port));
    this.running.set(port, run);
    return run;
  }

  /** Marks a port's board as gone (the run on it, if any, fails by itself when the port closes). */
  markDetached(port: string): void {
    const tile = this.tiles.get(port);
    if (tile && !this.running.has(port)) this.update(port, { state: 'detached' });
  }

  /** Waits for every run in progress. */
  async settle(): Promise<void> {
    await Promise.all([...this.running.values()]);
  }

  private async runOnce(port: string, mode?: ModePreference): Promise<RunOutcome> {
    const now = () => (this.dependencies.clock?.() ?? new Date()).toISOString();
    const settings = this.dependencies.settings();
    this.update(port, {
      state: 'working', boardSerial: null, model: null, mode: null, currentStep: 'identify', completedSteps: [],
      startedAt: now(), finishedAt: null, runId: null, thumbprint: null, enrollment: null, registryDeviceSid: null, error: null,
    });
    let driver: DeviceDriver;
    let issuer: CertificateIssuer;
    let enroller: CredentialEnroller | null;
    try {
      issuer = await this.dependencies.issuer();
      enroller = await this.dependencies.enroller();
      driver = await this.dependencies.openDriver(port);
    } catch (error) {
      const shape = toErrorShape(error);
      this.update(port, { state: 'failed', currentStep: null, finishedAt: now(), error: { ...shape, step: 'identify' } });
      return {
        runId: 0, port, isSuccess: false, boardSerial: null, mode: null, slot: null, thumbprint: null, credentialId: null,
        enrollment: null, registryDeviceSid: null, isAlreadyProvisioned: false, failedStep: 'identify', error: shape,
      };
    }
    const run = new ProvisioningRun({
      port,
      driver,
      ledger: this.dependencies.ledger,
      issuer,
      enroller,
      mode: mode ?? settings.mode,
      operator: settings.operator,
      workOrder: settings.workOrder,
      claimSerial: (serial) => {
        if (this.serialsInProgress.has(serial)) return false;
        this.serialsInProgress.add(serial);
        return true;
      },
      releaseSerial: (serial) => this.serialsInProgress.delete(serial),
      onProgress: (progress) => this.applyProgress(progress),
    });
    const outcome = await run.execute();
    this.update(port, {
      state: outcome.isSuccess ? 'succeeded' : 'failed',
      currentStep: null,
      finishedAt: now(),
      thumbprint: outcome.thumbprint,
      enrollment: outcome.enrollment,
      registryDeviceSid: outcome.registryDeviceSid,
      error: outcome.error ? { ...outcome.error, step: outcome.failedStep } : null,
    });
    return outcome;
  }

  private applyProgress(progress: RunProgress): void {
    if (progress.currentStep === null) {
      // The run has ended; runOnce sets the final state, so keep showing the last step until then.
      this.update(progress.port, { completedSteps: progress.completedSteps });
      return;
    }
    this.update(progress.port, {
      runId: progress.runId,
      boardSerial: progress.boardSerial,
      model: progress.model,
      mode: progress.mode,
      currentStep: progress.currentStep,
      completedSteps: progress.completedSteps,
    });
  }

  private update(port: string, change: Partial<PortTile>): void {
    const previous = this.tiles.get(port) ?? idleTile(port);
    const tile = { ...previous, ...change };
    this.tiles.set(port, tile);
    for (const listener of this.listeners) listener(tile);
  }
}
