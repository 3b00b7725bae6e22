import { describe, expect, it } from 'vitest';
import { EnrollmentService } from '../../../src-main/core/enrollment/enrollment-service';
import { RegistryClient } from '../../../src-main/core/enrollment/registry-client';
import { DEVICE_SID, deviceBody, FLEET_SID } from './registry-fixtures';

const FLEET = FLEET_SID;
const CERTIFICATE_SID = `CY${'3'.repeat(32)}`;
const THUMBPRINT = 'ab'.repeat(32);
const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

const device = deviceBody({ friendly_name: 'SN-1' });

const certificate = {
  sid: CERTIFICATE_SID,
  url: null,
  friendly_name: null,
  fleet_sid: FLEET,
  account_sid: null,
  device_sid: DEVICE_SID,
  thumbprint: THUMBPRINT,
  date_created: '2026-01-01T00:00:00Z',
  date_updated: null,
};

const page = (key: string, items: unknown[]) => ({ [key]: items, meta: { key, page: 0, page_size: 50, next_page_url: null } });
const error = (status: number, code: number) => ({ code, message: 'refused', more_info: null, status });

/** A fetch that answers a fixed script of (expected method + path prefix → status, body), in order. */
function scriptedFetch(script: { expect: string; status: number; body: unknown }[], seen: string[]): typeof fetch {
  return async (input, init) => {
    const url = new URL(String(input));
    const line = `${init?.method ?? 'GET'} ${url.pathname}`;
    seen.push(line);
    const step = script.shift();
    if (!step || !line.startsWith(step.expect)) throw new Error(`unexpected request ${line}`);
    return new Response(JSON.stringify(step.body), { status: step.status });
  };
}

describe('EnrollmentService decisions', () => {
  const base = `/DeployedDevices/Fleets/${FLEET}`;

  it('uses the device another attempt created between lookup and create (409 on create)', async () => {
    const seen: string[] = [];
    const fetchImpl = scriptedFetch(
      [
        { expect: `GET ${base}/Devices/SN-1`, status: 404, body: error(404, 20404) },
        { expect: `POST ${base}/Devices`, status: 409, body: error(409, 54301) },
        { expect: `GET ${base}/Devices`, status: 200, body: page('devices', [device]) },
        { expect: `GET ${base}/Certificates`, status: 200, body: page('certificates', []) },
        { expect: `POST ${base}/Certificates`, status: 201, body: certificate },
      ],
      seen,
    );
    const service = new EnrollmentService(new RegistryClient({ baseUrl: 'http://registry.test', apiKeySid: 'SK', apiKeySecret: 's', fetch: fetchImpl }));
    const result = await service.enrollCredential({ boardSerial: 'SN-1', certificatePem: PEM, thumbprint: THUMBPRINT }, { fleetSid: FLEET, deploymentSid: null });
    expect(result).toEqual({ deviceSid: DEVICE_SID, certificateSid: CERTIFICATE_SID, thumbprint: THUMBPRINT, isDeviceCreated: false, wasAlreadyEnrolled: false });
    expect(seen).toHaveLength(5);
  });

  it('passes a 409 on certificate create through when no certificate with the thumbprint exists', async () => {
    const fetchImpl = scriptedFetch(
      [
        { expect: `GET ${base}/Devices/SN-1`, status: 200, body: device },
        { expect: `GET ${base}/Certificates`, status: 200, body: page('certificates', []) },
        { expect: `POST ${base}/Certificates`, status: 409, body: error(409, 12345) },
        { expect: `GET ${base}/Certificates`, status: 200, body: page('certificates', []) },
      ],
      [],
    );
    const service = new EnrollmentService(new RegistryClient({ baseUrl: 'http://registry.test', apiKeySid: 'SK', apiKeySecret: 's', fetch: fetchImpl }));
    await expect(
      service.enrollCredential({ boardSerial: 'SN-1', certificatePem: PEM, thumbprint: THUMBPRINT }, { fleetSid: FLEET, deploymentSid: null }),
    ).rejects.toMatchObject({ code: 'registry-error', details: { status: 409, code: 12345 } });
  });

  it('accepts a thumbprint written with colons and capitals', async () => {
    const fetchImpl = scriptedFetch(
      [
        { expect: `GET ${base}/Devices/SN-1`, status: 200, body: device },
        { expect: `GET ${base}/Certificates`, status: 200, body: page('certificates', [certificate]) },
      ],
      [],
    );
    const service = new EnrollmentService(new RegistryClient({ baseUrl: 'http://registry.test', apiKeySid: 'SK', apiKeySecret: 's', fetch: fetchImpl }));
    const colons = THUMBPRINT.toUpperCase().match(/../g)?.join(':') ?? '';
    const result = await service.enrollCredential({ boardSerial: 'SN-1', certificatePem: PEM, thumbprint: colons }, { fleetSid: FLEET, deploymentSid: null });
    expect(result.wasAlreadyEnrolled).toBe(true);
  });
});
