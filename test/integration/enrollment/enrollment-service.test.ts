import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultStationConfig, type StationConfig } from '../../../src-main/core/config/station-config';
import { EnrollmentService, isRetryable } from '../../../src-main/core/enrollment/enrollment-service';
import type { RegistryClient } from '../../../src-main/core/enrollment/registry-client';
import { loadRegistryClient, requireEnrollmentSettings } from '../../../src-main/core/enrollment/registry-client-loader';
import { StationError } from '../../../src-main/core/errors';
import { KeytarSecretStore } from '../../../src-main/core/keychain/keytar-secret-store';
import { registrySecretAccount } from '../../../src-main/core/keychain/secret-store';
import { makeTestCertificate } from './certificate-fixture';
import { rejectionOf, startRegistryFixture, type RegistryFixture } from './registry-fixture';

function asStationError(error: unknown): StationError {
  expect(error).toBeInstanceOf(StationError);
  if (!(error instanceof StationError)) throw new Error('not a StationError');
  return error;
}

describe('enrollment with the registry emulator, secret from the OS keychain', () => {
  const secretStore = new KeytarSecretStore();
  let fixture: RegistryFixture;
  let config: StationConfig;
  let client: RegistryClient;
  let service: EnrollmentService;
  let settings: { fleetSid: string; deploymentSid: string | null };

  beforeEach(async () => {
    fixture = await startRegistryFixture();
    config = {
      ...defaultStationConfig(),
      stationId: `test-${randomUUID()}`,
      registry: { url: fixture.emulator.url, fleetSid: fixture.fleetSid, deploymentSid: null, apiKeySid: fixture.apiKeySid },
    };
    await secretStore.set(registrySecretAccount(config.stationId), fixture.apiKeySecret);
    client = await loadRegistryClient(config, secretStore, { timeoutMs: 5_000 });
    service = new EnrollmentService(client);
    settings = requireEnrollmentSettings(config);
  });
  afterEach(async () => {
    await secretStore.delete(registrySecretAccount(config.stationId));
    await fixture.cleanup();
  });

  it('enrolls a new board: creates the device (UniqueName = serial) and the certificate bound to it', async () => {
    const certificate = await makeTestCertificate('SN-100');
    const result = await service.enrollCredential(
      { boardSerial: 'SN-100', certificatePem: certificate.pem, thumbprint: certificate.thumbprint },
      settings,
    );
    expect(result).toMatchObject({ thumbprint: certificate.thumbprint, isDeviceCreated: true, wasAlreadyEnrolled: false });
    const device = await client.fetchDevice(fixture.fleetSid, 'SN-100');
    expect(device.sid).toBe(result.deviceSid);
    expect(device.deployment_sid).toBe(fixture.deploymentSid);
    const certificates = await client.listCertificates(fixture.fleetSid, { deviceSid: result.deviceSid });
    expect(certificates.map((entry) => [entry.sid, entry.thumbprint])).toEqual([[result.certificateSid, certificate.thumbprint]]);
  });

  it('puts a new device in the configured deployment', async () => {
    const deployment = await client.createDeployment(fixture.fleetSid, { friendlyName: 'line 2' });
    const certificate = await makeTestCertificate('SN-101');
    const result = await service.enrollCredential(
      { boardSerial: 'SN-101', certificatePem: certificate.pem, thumbprint: certificate.thumbprint },
      { fleetSid: fixture.fleetSid, deploymentSid: deployment.sid },
    );
    expect((await client.fetchDevice(fixture.fleetSid, result.deviceSid)).deployment_sid).toBe(deployment.sid);
  });

  it('enrolls a second certificate for an existing device without creating another device', async () => {
    const existing = await client.createDevice(fixture.fleetSid, { uniqueName: 'SN-200' });
    const first = await makeTestCertificate('SN-200');
    const second = await makeTestCertificate('SN-200');
    const one = await service.enrollCredential({ boardSerial: 'SN-200', certificatePem: first.pem, thumbprint: first.thumbprint }, settings);
    const two = await service.enrollCredential(
      { boardSerial: 'SN-200', certificatePem: second.pem, thumbprint: second.thumbprint.toUpperCase() },
      settings,
    );
    expect(one).toMatchObject({ deviceSid: existing.sid, isDeviceCreated: false, wasAlreadyEnrolled: false });
    expect(two).toMatchObject({ deviceSid: existing.sid, isDeviceCreated: false, thumbprint: second.thumbprint });
    expect(await client.listDevices(fixture.fleetSid)).toHaveLength(1);
    expect(await client.listCertificates(fixture.fleetSid, { deviceSid: existing.sid })).toHaveLength(2);
  });

  it('is idempotent: enrolling the same credential again reports it as already enrolled', async () => {
    const certificate = await makeTestCertificate('SN-300');
    const input = { boardSerial: 'SN-300', certificatePem: certificate.pem, thumbprint: certificate.thumbprint };
    const first = await service.enrollCredential(input, settings);
    const again = await service.enrollCredential(input, settings);
    expect(again).toEqual({ ...first, isDeviceCreated: false, wasAlreadyEnrolled: true });
    expect(await client.listCertificates(fixture.fleetSid)).toHaveLength(1);
  });

  it('retries after a lost certificate-create answer without a duplicate (exactly once)', async () => {
    const certificate = await makeTestCertificate('SN-400');
    const input = { boardSerial: 'SN-400', certificatePem: certificate.pem, thumbprint: certificate.thumbprint };
    fixture.emulator.loseNextResponses(1, ({ method, path }) => method === 'POST' && path.endsWith('/Certificates'));
    const lost = asStationError(await rejectionOf(service.enrollCredential(input, settings)));
    expect(lost.code).toBe('registry-unreachable');
    expect(isRetryable(lost)).toBe(true);
    const stored = await client.listCertificates(fixture.fleetSid);
    expect(stored.map((entry) => entry.thumbprint)).toEqual([certificate.thumbprint]);

    const retried = await service.enrollCredential(input, settings);
    expect(retried).toMatchObject({ certificateSid: stored[0]?.sid, wasAlreadyEnrolled: true });
    expect(await client.listCertificates(fixture.fleetSid)).toHaveLength(1);
  });

  it('retries after a lost device-create answer without a second device', async () => {
    const certificate = await makeTestCertificate('SN-500');
    const input = { boardSerial: 'SN-500', certificatePem: certificate.pem, thumbprint: certificate.thumbprint };
    fixture.emulator.loseNextResponses(1, ({ method, path }) => method === 'POST' && path.endsWith('/Devices'));
    const lost = asStationError(await rejectionOf(service.enrollCredential(input, settings)));
    expect(lost.code).toBe('registry-unreachable');
    expect((await client.listDevices(fixture.fleetSid)).map((device) => device.unique_name)).toEqual(['SN-500']);
    expect(await client.listCertificates(fixture.fleetSid)).toEqual([]);
    const result = await service.enrollCredential(input, settings);
    expect(result.isDeviceCreated).toBe(false);
    expect((await client.listDevices(fixture.fleetSid)).map((device) => device.unique_name)).toEqual(['SN-500']);
  });

  it('refuses a certificate already enrolled for another board (registry-certificate-conflict)', async () => {
    const certificate = await makeTestCertificate('SN-600');
    await service.enrollCredential({ boardSerial: 'SN-600', certificatePem: certificate.pem, thumbprint: certificate.thumbprint }, settings);
    const error = asStationError(
      await rejectionOf(
        service.enrollCredential({ boardSerial: 'SN-601', certificatePem: certificate.pem, thumbprint: certificate.thumbprint }, settings),
      ),
    );
    expect(error.code).toBe('registry-certificate-conflict');
    expect(isRetryable(error)).toBe(false);
    expect(await client.listCertificates(fixture.fleetSid)).toHaveLength(1);
  });

  it('binds an unbound certificate with the same thumbprint to the device instead of failing', async () => {
    const certificate = await makeTestCertificate('SN-650');
    const unbound = await client.createCertificate(fixture.fleetSid, { certificateData: certificate.pem });
    const result = await service.enrollCredential(
      { boardSerial: 'SN-650', certificatePem: certificate.pem, thumbprint: certificate.thumbprint },
      settings,
    );
    expect(result).toMatchObject({ certificateSid: unbound.sid, wasAlreadyEnrolled: true });
    expect((await client.fetchCertificate(fixture.fleetSid, unbound.sid)).device_sid).toBe(result.deviceSid);
  });

  it('fails with registry-thumbprint-mismatch when the registry reports another thumbprint', async () => {
    const certificate = await makeTestCertificate('SN-700');
    const error = asStationError(
      await rejectionOf(service.enrollCredential({ boardSerial: 'SN-700', certificatePem: certificate.pem, thumbprint: 'ab'.repeat(32) }, settings)),
    );
    expect(error.code).toBe('registry-thumbprint-mismatch');
    expect(error.details).toMatchObject({ registryThumbprint: certificate.thumbprint, stationThumbprint: 'ab'.repeat(32) });
  });

  it('fails with registry-unreachable (retryable) when the registry is down', async () => {
    const certificate = await makeTestCertificate('SN-800');
    await fixture.emulator.stop();
    const error = asStationError(
      await rejectionOf(service.enrollCredential({ boardSerial: 'SN-800', certificatePem: certificate.pem, thumbprint: certificate.thumbprint }, settings)),
    );
    expect(error.code).toBe('registry-unreachable');
    expect(error.details.queueable).toBe(true);
    expect(isRetryable(error)).toBe(true);
  });

  it('rejects bad input before talking to the registry', async () => {
    const error = asStationError(
      await rejectionOf(service.enrollCredential({ boardSerial: 'SN-900', certificatePem: 'not a pem', thumbprint: 'ab'.repeat(32) }, settings)),
    );
    expect(error.code).toBe('enrollment-input-invalid');
  });

  it('loadRegistryClient fails with registry-not-configured when the secret or settings are missing', async () => {
    const noSecret = { ...config, stationId: `test-${randomUUID()}` };
    const missingSecret = asStationError(await rejectionOf(loadRegistryClient(noSecret, secretStore)));
    expect(missingSecret.code).toBe('registry-not-configured');
    expect(missingSecret.message).toContain('API key secret');
    expect(missingSecret.hint).toContain('station registry configure');
    const noUrl = { ...config, registry: { ...config.registry, url: null, apiKeySid: null } };
    const missingUrl = asStationError(await rejectionOf(loadRegistryClient(noUrl, secretStore)));
    expect(missingUrl.message).toBe('The device registry is not configured: no URL, no API key SID.');
    expect(() => requireEnrollmentSettings({ ...config, registry: { ...config.registry, fleetSid: null } })).toThrow(/no fleet SID/);
  });
});
