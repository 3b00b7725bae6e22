import type { BoardIdentity, DeviceDriver } from '../devices/device-driver';
import { StationError, toErrorShape, type ErrorShape } from '../errors';
import type { EnrollmentStatus, KeyOrigin } from '../ledger/ledger-types';
import { createInjectedKey } from './key-injection';
import { freshNonce, isSignedByCertifiedKey } from './possession-proof';
import type { CertificateIssuer, CredentialEnroller, IssuedCertificate, RunLedger } from './run-ports';
import type { RunStep } from './station-core-api';

export type ModePreference = 'keygen' | 'inject';

export interface ProvisioningRunOptions {
  port: string;
  driver: DeviceDriver;
  ledger: RunLedger;
  issuer: CertificateIssuer;
  /** Null when no registry is configured: enrollment stays pending for a later sync. */
  enroller: CredentialEnroller | null;
  /** Preferred key mode; a board whose caps lack it falls back to the other one. */
  mode: ModePreference;
  /** Send the CA chain with PUT kind=chain after the certificate (default true). */
  sendChain?: boolean;
  operator?: string | null;
  workOrder?: string | null;
  /** Asked right after HELLO: false when the serial is already being provisioned on another port. */
  claimSerial?: (serial: string) => boolean;
  releaseSerial?: (serial: string) => void;
  onProgress?: (progress: RunProgress) => void;
  random?: (size: number) => Uint8Array;
}

export interface RunProgress {
  runId: number;
  port: string;
  boardSerial: string | null;
  model: string | null;
  mode: ModePreference | null;
  currentStep: RunStep | null;
  completedSteps: RunStep[];
}

export interface RunOutcome {
  runId: number;
  port: string;
  isSuccess: boolean;
  boardSerial: string | null;
  mode: ModePreference | null;
  slot: number | null;
  thumbprint: string | null;
  credentialId: number | null;
  enrollment: EnrollmentStatus | null;
  registryDeviceSid: string | null;
  /** A board that already holds its ledger-recorded certificate is not provisioned again. */
  isAlreadyProvisioned: boolean;
  failedStep: RunStep | null;
  error: ErrorShape | null;
}

interface RunState {
  identity: BoardIdentity | null;
  mode: ModePreference | null;
  slot: number | null;
  publicPoint: Uint8Array | null;
  keyOrigin: KeyOrigin;
  csrDer: Uint8Array | null;
  issued: IssuedCertificate | null;
  enrollment: EnrollmentStatus | null;
  registryDeviceSid: string | null;
  isAlreadyProvisioned: boolean;
}

/**
 * One board's provisioning run as an explicit state machine: identify → key → csr → verify → issue →
 * install → prove → commit → enroll. Each step is a ledger row ("started", then "succeeded" or "failed")
 * before the next begins, so the UI, the CLI and crash recovery all read the same truth.
 *
 * Guarantees: the certificate's ledger row is committed (by the issuer) before any byte of it is sent to
 * the board; an injected private key is sent once and not kept; a failure stops the run at its step with
 * the reason in plain words. The run never throws: it resolves to a RunOutcome.
 */
export class ProvisioningRun {
  private readonly state: RunState = {
    identity: null,
    mode: null,
    slot: null,
    publicPoint: null,
    keyOrigin: 'on-chip',
    csrDer: null,
    issued: null,
    enrollment: null,
    registryDeviceSid: null,
    isAlreadyProvisioned: false,
  };
  private readonly completed: RunStep[] = [];
  private runId = 0;
  private claimedSerial: string | null = null;

  constructor(private readonly options: ProvisioningRunOptions) {}

  async execute(): Promise<RunOutcome> {
    const { ledger, port } = this.options;
    this.runId = (await ledger.startRun({
      port,
      mode: this.options.mode,
      operator: this.options.operator ?? null,
      workOrder: this.options.workOrder ?? null,
    })).id;
    const steps: Array<[RunStep, () => Promise<string | null>]> = [
      ['identify', () => this.identify()],
      ['key', () => this.makeKey()],
      ['csr', () => this.requestCsr()],
      ['verify', () => this.verifyAndIssue()],
      ['install', () => this.install()],
      ['prove', () => this.prove()],
      ['commit', () => this.commit()],
      ['enroll', () => this.enroll()],
    ];
    let current: RunStep | null = null;
    // A step's "succeeded" row is queued together with the next step's "started" row: both land in one
    // commit, which is awaited before the next step touches the board (one fsync per transition).
    let previousSucceeded: Promise<unknown> = Promise.resolve();
    try {
      for (const [step, action] of steps) {
        if (this.state.isAlreadyProvisioned) break;
        current = step;
        this.report(step);
        await Promise.all([previousSucceeded, ledger.recordStep(this.runId, step, 'started')]);
        const detail = await action();
        previousSucceeded = ledger.recordStep(this.runId, step, 'succeeded', detail);
        this.completed.push(step);
        // verify and issue are one pipeline call; the ledger shows both steps.
        if (step === 'verify') this.completed.push('issue');
      }
      await Promise.all([previousSucceeded, ledger.finishRun(this.runId, 'succeeded')]);
      this.report(null);
      return this.outcome(null, null);
    } catch (error) {
      const shape = toErrorShape(error);
      // NOTE: the writes below record a failure; if the ledger itself is failing they are dropped so the
      // operator still sees the run's own error (the ledger's would only hide it). The run row then stays
      // "running", which `ledger list` shows as an interrupted run.
      if (current) await ledger.recordStep(this.runId, current, 'failed', `${shape.code}: ${shape.message}`).catch(() => undefined);
      if (this.state.issued && !this.completed.includes('commit')) {
        await ledger.updateCredentialStatus(this.state.issued.credentialId, 'failed', `run failed at ${current ?? '?'}`).catch(() => undefined);
      }
      await ledger.finishRun(this.runId, 'failed', { failedStep: current, errorCode: shape.code, errorMessage: shape.message }).catch(() => undefined);
      this.report(null);
      return this.outcome(current, shape);
    } finally {
      if (this.claimedSerial) this.options.releaseSerial?.(this.claimedSerial);
      await this.options.driver.close().catch(() => undefined);
    }
  }

  private async identify(): Promise<string> {
    const { driver, ledger, port } = this.options;
    const identity = await driver.hello();
    this.state.identity = identity;
    if (this.options.claimSerial && !this.options.claimSerial(identity.serial)) {
      throw new StationError('serial-in-use', `The board on ${port} reports serial ${identity.serial}, which is being provisioned on another port right now.`, {
        hint: 'Two boards share one hardware serial: set this board aside and report it to quality control.',
      });
    }
    this.claimedSerial = this.options.claimSerial ? identity.serial : null;
    await ledger.upsertBoard({ serial: identity.serial, model: identity.model, firmware: identity.firmware });
    this.state.mode = chooseMode(this.options.mode, identity);
    await ledger.setRunBoard(this.runId, identity.serial, this.state.mode);
    const status = await driver.status();
    const activeCertificate = status.slots.find((slot) => slot.slot === status.activeSlot)?.certificateSha256 ?? null;
    const recorded = ledger.credentialsForBoard(identity.serial).filter((credential) => credential.status === 'active');
    if (recorded.length > 0) {
      const isSameBoard = activeCertificate !== null && recorded.some((credential) => credential.thumbprint === activeCertificate);
      if (!isSameBoard) {
        throw new StationError(
          'serial-conflict',
          `Serial ${identity.serial} was already provisioned on another board: this board does not hold that board's certificate.`,
          { hint: 'Set this board aside: two boards with one serial mean a cloned or mis-programmed board. Report it to quality control.' },
        );
      }
      this.state.isAlreadyProvisioned = true;
      const credential = recorded.find((item) => item.thumbprint === activeCertificate);
      this.state.issued = credential
        ? { credentialId: credential.id, der: credential.certificateDer, pem: '', thumbprint: credential.thumbprint, serialNumber: credential.serialNumber, notAfter: credential.notAfter }
        : null;
      this.state.enrollment = credential?.enrollmentStatus ?? null;
      this.state.registryDeviceSid = credential?.registryDeviceSid ?? null;
      return `${identity.model} fw ${identity.firmware}, serial ${identity.serial}: already provisioned, nothing to do`;
    }
    this.state.slot = identity.slotCount === 1 ? 0 : status.activeSlot === 0 ? 1 : 0;
    if (identity.slotCount === 1 && status.activeSlot === 0) {
      throw new StationError('board-already-keyed', `The one-slot board ${identity.serial} already has an active credential the ledger does not know.`, {
        hint: 'Erase the board with the factory tool, then retry. A one-slot board cannot take a second credential alongside the first.',
      });
    }
    return `${identity.model} fw ${identity.firmware}, serial ${identity.serial}, ${identity.slotCount} slot(s), mode ${this.state.mode}, slot ${this.state.slot}`;
  }

  private async makeKey(): Promise<string> {
    const { driver } = this.options;
    const slot = this.requireSlot();
    if (this.state.mode === 'keygen') {
      this.state.publicPoint = await driver.generateKey(slot);
      this.state.keyOrigin = 'on-chip';
      return `key generated on-chip in slot ${slot}`;
    }
    const key = createInjectedKey();
    await key.withPrivateKey((pkcs8) => driver.transfer('key', slot, pkcs8));
    this.state.publicPoint = key.publicPoint;
    this.state.keyOrigin = 'injected';
    return `key made by the station and injected into slot ${slot}; the station kept no copy`;
  }

  private async requestCsr(): Promise<string> {
    const identity = this.requireIdentity();
    this.state.csrDer = await this.options.driver.requestCsr(this.requireSlot(), identity.serial);
    return `CSR received (${this.state.csrDer.length} bytes)`;
  }

  private async verifyAndIssue(): Promise<string> {
    const identity = this.requireIdentity();
    if (!this.state.csrDer || !this.state.publicPoint) throw new Error('verify before csr');
    this.state.issued = await this.options.issuer.issue({
      csrDer: this.state.csrDer,
      boardSerial: identity.serial,
      expectedPublicKey: this.state.publicPoint,
      keyOrigin: this.state.keyOrigin,
      slot: this.requireSlot(),
      runId: this.runId,
    });
    await this.options.ledger.recordStep(this.runId, 'issue', 'succeeded', `certificate ${this.state.issued.serialNumber} recorded`);
    return `CSR accepted; certificate serial ${this.state.issued.serialNumber}, thumbprint ${this.state.issued.thumbprint}`;
  }

  private async install(): Promise<string> {
    const issued = this.requireIssued();
    const slot = this.requireSlot();
    await this.options.driver.transfer('cert', slot, issued.der);
    const chain = this.options.sendChain === false ? [] : this.options.issuer.chainDer();
    if (chain.length > 0) await this.options.driver.transfer('chain', slot, concatenate(chain));
    await this.options.ledger.updateCredentialStatus(issued.credentialId, 'installed');
    return `certificate${chain.length > 0 ? ' and CA chain' : ''} installed in slot ${slot}`;
  }

  private async prove(): Promise<string> {
    const issued = this.requireIssued();
    const nonce = freshNonce(this.options.random);
    const signature = await this.options.driver.signNonce(this.requireSlot(), nonce);
    if (!isSignedByCertifiedKey(issued.der, nonce, signature)) {
      throw new StationError('proof-failed', 'The board signed the challenge with a key that is not the certified one.', {
        hint: 'The board may be faulty or tampered with: set it aside and report it.',
      });
    }
    return 'the board signed a fresh challenge with the certified key';
  }

  private async commit(): Promise<string> {
    const { driver, ledger } = this.options;
    const issued = this.requireIssued();
    const slot = this.requireSlot();
    const active = await driver.commit(slot);
    const status = await driver.status();
    const activeCertificate = status.slots.find((item) => item.slot === status.activeSlot)?.certificateSha256 ?? null;
    if (active !== slot || status.activeSlot !== slot || activeCertificate !== issued.thumbprint) {
      throw new StationError('commit-not-confirmed', `After COMMIT the board does not report the new certificate as active (active slot ${status.activeSlot ?? 'none'}).`, {
        hint: 'Retry the board; if it fails again, set it aside.',
      });
    }
    const serial = this.requireIdentity().serial;
    for (const previous of ledger.credentialsForBoard(serial)) {
      if (previous.status === 'active' && previous.id !== issued.credentialId) {
        await ledger.updateCredentialStatus(previous.id, 'superseded', `replaced by credential ${issued.credentialId}`);
      }
    }
    await ledger.updateCredentialStatus(issued.credentialId, 'active');
    return `slot ${slot} is active; STATUS confirms the new certificate`;
  }

  private async enroll(): Promise<string> {
    const { enroller, ledger } = this.options;
    const issued = this.requireIssued();
    if (!enroller) {
      this.state.enrollment = 'pending';
      await ledger.markEnrollment(issued.credentialId, { status: 'pending', error: 'no registry configured' });
      return 'no registry configured: enrollment queued for a later sync';
    }
    try {
      const result = await enroller.enroll({ boardSerial: this.requireIdentity().serial, certificatePem: issued.pem, thumbprint: issued.thumbprint });
      await ledger.markEnrollment(issued.credentialId, { status: 'enrolled', deviceSid: result.deviceSid, certificateSid: result.certificateSid });
      this.state.enrollment = 'enrolled';
      this.state.registryDeviceSid = result.deviceSid;
      return `enrolled as device ${result.deviceSid}, certificate ${result.certificateSid}`;
    } catch (error) {
      const shape = toErrorShape(error);
      const status: EnrollmentStatus = enroller.isRetryable(error) ? 'pending' : 'failed';
      await ledger.markEnrollment(issued.credentialId, { status, error: `${shape.code}: ${shape.message}` });
      this.state.enrollment = status;
      return status === 'pending'
        ? `registry not reachable (${shape.message}): enrollment queued for a later sync`
        : `registry refused the certificate (${shape.message}): see the Enrollment screen`;
    }
  }

  private report(step: RunStep | null): void {
    this.options.onProgress?.({
      runId: this.runId,
      port: this.options.port,
      boardSerial: this.state.identity?.serial ?? null,
      model: this.state.identity?.model ?? null,
      mode: this.state.mode,
      currentStep: step,
      completedSteps: [...this.completed],
    });
  }

  private outcome(failedStep: RunStep | null, error: ErrorShape | null): RunOutcome {
    return {
      runId: this.runId,
      port: this.options.port,
      isSuccess: error === null,
      boardSerial: this.state.identity?.serial ?? null,
      mode: this.state.mode,
      slot: this.state.slot,
      thumbprint: this.state.issued?.thumbprint ?? null,
      credentialId: this.state.issued?.credentialId ?? null,
      enrollment: this.state.enrollment,
      registryDeviceSid: this.state.registryDeviceSid,
      isAlreadyProvisioned: this.state.isAlreadyProvisioned,
      failedStep,
      error,
    };
  }

  private requireIdentity(): BoardIdentity {
    if (!this.state.identity) throw new Error('step ran before identify');
    return this.state.identity;
  }

  private requireSlot(): number {
    if (this.state.slot === null) throw new Error('step ran before the slot was chosen');
    return this.state.slot;
  }

  private requireIssued(): IssuedCertificate {
    if (!this.state.issued) throw new Error('step ran before issue');
    return this.state.issued;
  }
}

/** The preferred mode when the board can do it, else the other one; a board that can do neither fails. */
export function chooseMode(preferred: ModePreference, identity: BoardIdentity): ModePreference {
  const canDo = (mode: ModePreference) => identity.capabilities.includes(mode);
  if (canDo(preferred)) return preferred;
  const other: ModePreference = preferred === 'keygen' ? 'inject' : 'keygen';
  if (canDo(other)) return other;
  throw new StationError('board-unsupported', `Board ${identity.serial} (${identity.model}) can neither make its own key nor accept one (caps: ${identity.capabilities.join(',') || 'none'}).`, {
    hint: 'This board model needs another device profile; set it aside.',
  });
}

function concatenate(parts: Uint8Array[]): Uint8Array {
  return Buffer.concat(parts.map((part) => Buffer.from(part)));
}
