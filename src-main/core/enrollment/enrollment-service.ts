import { StationError } from '../errors';
import type { RegistryClient } from './registry-client';
import type { RegistryCertificate, RegistryDevice } from './registry-schemas';

/** A credential the station issued and wants known to the registry. */
export interface EnrollmentInput {
  /** The board's hardware serial: the registry Device's UniqueName. */
  boardSerial: string;
  /** The device certificate (PEM), sent as CertificateData. */
  certificatePem: string;
  /** Lowercase hex SHA-256 of the certificate DER, as the ledger holds it (colons and case are ignored). */
  thumbprint: string;
}

/** Where devices go: StationConfig.registry's fleetSid and deploymentSid. */
export interface EnrollmentSettings {
  fleetSid: string;
  /** The deployment new devices join; null lets the registry use the fleet's default deployment. */
  deploymentSid: string | null;
}

export interface EnrollmentResult {
  deviceSid: string;
  certificateSid: string;
  /** The thumbprint the registry reports (equal to the station's, normalized to lowercase hex). */
  thumbprint: string;
  /** True when the device had to be created in the registry. */
  isDeviceCreated: boolean;
  /** True when the registry already held this certificate for the device (an earlier attempt got through). */
  wasAlreadyEnrolled: boolean;
}

function normalizeThumbprint(value: string | null): string {
  return (value ?? '').replace(/[\s:]/g, '').toLowerCase();
}

function hasStatus(error: unknown, status: number): boolean {
  return error instanceof StationError && error.code === 'registry-error' && error.details.status === status;
}

/**
 * True when trying the same enrollment again later can succeed without an operator: the registry was
 * unreachable or timed out, or it answered 429 / 5xx. Everything else (auth, not found, conflicts,
 * thumbprint mismatch, bad input) needs a person.
 */
export function isRetryable(error: unknown): boolean {
  if (!(error instanceof StationError)) return false;
  if (error.code === 'registry-unreachable') return true;
  if (error.code !== 'registry-error') return false;
  const status = error.details.status;
  return typeof status === 'number' && (status === 429 || status >= 500);
}

/**
 * Enrolls station-issued certificates with the registry.
 *
 * `enrollCredential` is idempotent, which is what makes the offline outbox exactly-once: when an earlier
 * attempt reached the registry but its answer was lost, the retry finds the Device (by UniqueName) and
 * the Certificate (by thumbprint, for that Device) and reports them instead of creating copies.
 *
 * Failures: the client's `registry-unreachable` / `registry-error` / `registry-bad-response`, plus
 * - `enrollment-input-invalid`: empty serial, no PEM certificate, or a thumbprint that is not hex;
 * - `registry-thumbprint-mismatch`: the registry computed another thumbprint than the station
 *   (details: certificateSid, registryThumbprint, stationThumbprint); the certificate stays registered;
 * - `registry-certificate-conflict`: the fleet already holds this certificate for another device.
 */
export class EnrollmentService {
  constructor(private readonly client: RegistryClient) {}

  async enrollCredential(input: EnrollmentInput, settings: EnrollmentSettings): Promise<EnrollmentResult> {
    const thumbprint = normalizeThumbprint(input.thumbprint);
    this.checkInput(input, thumbprint);
    const { device, isDeviceCreated } = await this.findOrCreateDevice(input.boardSerial, settings);

    const existing = (await this.client.listCertificates(settings.fleetSid, { deviceSid: device.sid })).find(
      (certificate) => normalizeThumbprint(certificate.thumbprint) === thumbprint,
    );
    if (existing) return this.result(device, existing, { isDeviceCreated, wasAlreadyEnrolled: true });

    let created: RegistryCertificate;
    try {
      created = await this.client.createCertificate(settings.fleetSid, {
        certificateData: input.certificatePem,
        deviceSid: device.sid,
        friendlyName: `${input.boardSerial} ${thumbprint.slice(0, 16)}`,
      });
    } catch (error) {
      if (!hasStatus(error, 409)) throw error;
      const adopted = await this.adoptExistingCertificate(settings.fleetSid, device, thumbprint, input.boardSerial);
      if (adopted === null) throw error;
      return this.result(device, adopted, { isDeviceCreated, wasAlreadyEnrolled: true });
    }

    const registryThumbprint = normalizeThumbprint(created.thumbprint);
    if (registryThumbprint !== thumbprint) {
      throw new StationError(
        'registry-thumbprint-mismatch',
        `The device registry computed another thumbprint for board ${input.boardSerial}'s certificate than the station did.`,
        {
          hint: 'The registry hashes certificates differently (or altered the PEM); check its thumbprint algorithm before enrolling more boards.',
          details: {
            certificateSid: created.sid,
            deviceSid: device.sid,
            registryThumbprint: created.thumbprint,
            stationThumbprint: thumbprint,
          },
        },
      );
    }
    return this.result(device, created, { isDeviceCreated, wasAlreadyEnrolled: false });
  }

  private checkInput(input: EnrollmentInput, thumbprint: string): void {
    let problem: string | null = null;
    if (input.boardSerial.trim() === '') problem = 'the board serial is empty';
    else if (!input.certificatePem.includes('-----BEGIN CERTIFICATE-----')) problem = 'the certificate is not PEM';
    else if (!/^[0-9a-f]{40,128}$/.test(thumbprint)) problem = 'the thumbprint is not a hex digest';
    if (problem !== null) {
      throw new StationError('enrollment-input-invalid', `Cannot enroll the credential: ${problem}.`, {
        hint: 'This is a station bug: report it with the ledger export.',
      });
    }
  }

  private async findOrCreateDevice(
    boardSerial: string,
    settings: EnrollmentSettings,
  ): Promise<{ device: RegistryDevice; isDeviceCreated: boolean }> {
    const found = await this.client.findDeviceByUniqueName(settings.fleetSid, boardSerial);
    if (found) return { device: found, isDeviceCreated: false };
    try {
      const device = await this.client.createDevice(settings.fleetSid, {
        uniqueName: boardSerial,
        friendlyName: boardSerial,
        deploymentSid: settings.deploymentSid ?? undefined,
      });
      return { device, isDeviceCreated: true };
    } catch (error) {
      // Another attempt (or station) created it between our lookup and create: use that one.
      if (!hasStatus(error, 409)) throw error;
      const raced = (await this.client.listDevices(settings.fleetSid)).find((device) => device.unique_name === boardSerial);
      if (!raced) throw error;
      return { device: raced, isDeviceCreated: false };
    }
  }

  /**
   * After a 409 on create: the fleet already holds a certificate with this thumbprint. Ours when it is
   * bound to this device; bound to no device, it is bound now; bound to another device, it is a conflict.
   */
  private async adoptExistingCertificate(
    fleetSid: string,
    device: RegistryDevice,
    thumbprint: string,
    boardSerial: string,
  ): Promise<RegistryCertificate | null> {
    const match = (await this.client.listCertificates(fleetSid)).find(
      (certificate) => normalizeThumbprint(certificate.thumbprint) === thumbprint,
    );
    if (!match) return null;
    if (match.device_sid === device.sid) return match;
    if (match.device_sid === null) return this.client.updateCertificate(fleetSid, match.sid, { deviceSid: device.sid });
    throw new StationError(
      'registry-certificate-conflict',
      `The device registry already holds board ${boardSerial}'s certificate for another device (${match.device_sid}).`,
      {
        hint: 'Two boards cannot share a certificate: check the ledger for a serial mix-up, then fix the registry by hand.',
        details: { certificateSid: match.sid, otherDeviceSid: match.device_sid, deviceSid: device.sid },
      },
    );
  }

  private result(
    device: RegistryDevice,
    certificate: RegistryCertificate,
    flags: { isDeviceCreated: boolean; wasAlreadyEnrolled: boolean },
  ): EnrollmentResult {
    return {
      deviceSid: device.sid,
      certificateSid: certificate.sid,
      thumbprint: normalizeThumbprint(certificate.thumbprint),
      ...flags,
    };
  }
}
