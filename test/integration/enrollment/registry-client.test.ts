import http from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RegistryClient } from '../../../src-main/core/enrollment/registry-client';
import { isRetryable } from '../../../src-main/core/enrollment/enrollment-service';
import { StationError } from '../../../src-main/core/errors';
import { makeTestCertificate } from './certificate-fixture';
import { rejectionOf, startRegistryFixture, type RegistryFixture } from './registry-fixture';

/** A plain HTTP server on 127.0.0.1 that answers every request with `handler` (a misbehaving registry). */
async function startRawServer(handler: http.RequestListener): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function asStationError(error: unknown): StationError {
  expect(error).toBeInstanceOf(StationError);
  if (!(error instanceof StationError)) throw new Error('not a StationError');
  return error;
}

describe('RegistryClient against the emulator over HTTP', () => {
  let fixture: RegistryFixture;

  beforeEach(async () => {
    fixture = await startRegistryFixture();
  });
  afterEach(async () => {
    await fixture.cleanup();
  });

  it('maps a wrong secret to registry-error with status 401 and code 20003 in details and a plain message', async () => {
    const client = new RegistryClient({ baseUrl: fixture.emulator.url, apiKeySid: fixture.apiKeySid, apiKeySecret: 'wrong' });
    const error = asStationError(await rejectionOf(client.fetchFleet(fixture.fleetSid)));
    expect(error.code).toBe('registry-error');
    expect(error.details).toMatchObject({ status: 401, code: 20003, moreInfo: 'https://www.twilio.com/docs/errors/20003', method: 'GET' });
    expect(error.message).toBe(`The device registry refused to fetch the fleet ${fixture.fleetSid}: Authenticate (HTTP 401, code 20003).`);
    expect(error.message).not.toContain('wrong');
    expect(error.hint).toContain('registry configure');
    expect(isRetryable(error)).toBe(false);
  });

  it('creates, fetches, lists and updates fleets and deployments', async () => {
    const fleet = await fixture.client.createFleet({ friendlyName: 'Line 7' });
    expect(fleet.sid).toMatch(/^FL[0-9a-f]{32}$/);
    expect(fleet.links?.devices).toBe(`${fixture.emulator.url}/DeployedDevices/Fleets/${fleet.sid}/Devices`);
    expect((await fixture.client.fetchFleet(fleet.sid)).friendly_name).toBe('Line 7');
    expect((await fixture.client.listFleets()).map((entry) => entry.sid)).toEqual([fixture.fleetSid, fleet.sid]);
    const deployment = await fixture.client.createDeployment(fleet.sid, { friendlyName: 'pilot' });
    expect(deployment.sid).toMatch(/^DL[0-9a-f]{32}$/);
    expect((await fixture.client.fetchDeployment(fleet.sid, deployment.sid)).friendly_name).toBe('pilot');
    expect((await fixture.client.listDeployments(fleet.sid)).map((entry) => entry.sid)).toEqual([fleet.default_deployment_sid, deployment.sid]);
    const updated = await fixture.client.updateFleet(fleet.sid, { defaultDeploymentSid: deployment.sid });
    expect(updated.default_deployment_sid).toBe(deployment.sid);
    await fixture.client.deleteFleet(fleet.sid);
    expect(asStationError(await rejectionOf(fixture.client.fetchFleet(fleet.sid))).details.status).toBe(404);
  });

  it('follows meta.next_page_url until the last page', async () => {
    for (let index = 0; index < 7; index += 1) {
      await fixture.client.createDevice(fixture.fleetSid, { uniqueName: `SN-${index}` });
    }
    const devices = await fixture.client.listDevices(fixture.fleetSid, { pageSize: 3 });
    expect(devices.map((device) => device.unique_name)).toEqual(['SN-0', 'SN-1', 'SN-2', 'SN-3', 'SN-4', 'SN-5', 'SN-6']);
    const inDeployment = await fixture.client.listDevices(fixture.fleetSid, { deploymentSid: fixture.deploymentSid, pageSize: 2 });
    expect(inDeployment).toHaveLength(7);
  });

  it('manages devices: create in a deployment, fetch by sid and unique name, find, update, delete', async () => {
    const deployment = await fixture.client.createDeployment(fixture.fleetSid, { friendlyName: 'line' });
    const device = await fixture.client.createDevice(fixture.fleetSid, {
      uniqueName: 'SN-42',
      friendlyName: 'board 42',
      deploymentSid: deployment.sid,
    });
    expect(device).toMatchObject({ unique_name: 'SN-42', friendly_name: 'board 42', deployment_sid: deployment.sid, enabled: true });
    expect((await fixture.client.fetchDevice(fixture.fleetSid, device.sid)).sid).toBe(device.sid);
    expect((await fixture.client.findDeviceByUniqueName(fixture.fleetSid, 'SN-42'))?.sid).toBe(device.sid);
    expect(await fixture.client.findDeviceByUniqueName(fixture.fleetSid, 'SN-unknown')).toBeNull();
    const updated = await fixture.client.updateDevice(fixture.fleetSid, device.sid, { enabled: false, identity: 'line-3' });
    expect(updated).toMatchObject({ enabled: false, identity: 'line-3' });
    await fixture.client.deleteDevice(fixture.fleetSid, device.sid);
    expect(await fixture.client.findDeviceByUniqueName(fixture.fleetSid, 'SN-42')).toBeNull();
  });

  it('manages certificates and keys of a device', async () => {
    const device = await fixture.client.createDevice(fixture.fleetSid, { uniqueName: 'SN-7' });
    const other = await fixture.client.createDevice(fixture.fleetSid, { uniqueName: 'SN-8' });
    const certificate = await makeTestCertificate('SN-7');
    const created = await fixture.client.createCertificate(fixture.fleetSid, { certificateData: certificate.pem, deviceSid: device.sid });
    expect(created).toMatchObject({ device_sid: device.sid, thumbprint: certificate.thumbprint });
    expect((await fixture.client.listCertificates(fixture.fleetSid, { deviceSid: device.sid })).map((entry) => entry.sid)).toEqual([created.sid]);
    expect(await fixture.client.listCertificates(fixture.fleetSid, { deviceSid: other.sid })).toEqual([]);
    const moved = await fixture.client.updateCertificate(fixture.fleetSid, created.sid, { deviceSid: other.sid, friendlyName: 'moved' });
    expect(moved).toMatchObject({ device_sid: other.sid, friendly_name: 'moved' });
    expect((await fixture.client.fetchCertificate(fixture.fleetSid, created.sid)).device_sid).toBe(other.sid);
    await fixture.client.deleteCertificate(fixture.fleetSid, created.sid);
    expect(await fixture.client.listCertificates(fixture.fleetSid)).toEqual([]);

    const key = await fixture.client.createKey(fixture.fleetSid, { deviceSid: device.sid });
    expect(key.secret).toEqual(expect.any(String));
    const keys = await fixture.client.listKeys(fixture.fleetSid, { deviceSid: device.sid });
    expect(keys.map((entry) => [entry.sid, entry.secret])).toEqual([[key.sid, null]]);
    await fixture.client.deleteKey(fixture.fleetSid, key.sid);
    expect(await fixture.client.listKeys(fixture.fleetSid)).toEqual([]);
  });

  it('maps error bodies (404, 409) to registry-error with status and code', async () => {
    const notFound = asStationError(await rejectionOf(fixture.client.fetchDevice(fixture.fleetSid, `TH${'a'.repeat(32)}`)));
    expect(notFound.code).toBe('registry-error');
    expect(notFound.details).toMatchObject({ status: 404, code: 20404 });
    await fixture.client.createDevice(fixture.fleetSid, { uniqueName: 'SN-1' });
    const conflict = asStationError(await rejectionOf(fixture.client.createDevice(fixture.fleetSid, { uniqueName: 'SN-1' })));
    expect(conflict.details).toMatchObject({ status: 409, code: 54301 });
    expect(conflict.message).toContain('A Device with UniqueName SN-1 already exists');
  });

  it('reports registry-unreachable (queueable, retryable) when the registry is offline or stopped', async () => {
    fixture.emulator.setOffline(true);
    const offline = asStationError(await rejectionOf(fixture.client.fetchFleet(fixture.fleetSid)));
    expect(offline.code).toBe('registry-unreachable');
    expect(offline.details.queueable).toBe(true);
    expect(isRetryable(offline)).toBe(true);
    fixture.emulator.setOffline(false);
    expect((await fixture.client.fetchFleet(fixture.fleetSid)).sid).toBe(fixture.fleetSid);

    await fixture.emulator.stop();
    const stopped = asStationError(await rejectionOf(fixture.client.fetchFleet(fixture.fleetSid)));
    expect(stopped.code).toBe('registry-unreachable');
    expect(stopped.details).toMatchObject({ queueable: true, reason: 'ECONNREFUSED', url: fixture.emulator.url });
  });

  it('treats 503 as a retryable registry-error', async () => {
    fixture.emulator.failNextRequests(503);
    const error = asStationError(await rejectionOf(fixture.client.fetchFleet(fixture.fleetSid)));
    expect(error.code).toBe('registry-error');
    expect(error.details.status).toBe(503);
    expect(isRetryable(error)).toBe(true);
    expect((await fixture.client.fetchFleet(fixture.fleetSid)).sid).toBe(fixture.fleetSid);
  });
});

describe('RegistryClient against a misbehaving server', () => {
  it('times out as registry-unreachable with isTimedOut', async () => {
    const server = await startRawServer(() => {
      // never answers
    });
    try {
      const client = new RegistryClient({ baseUrl: server.url, apiKeySid: 'SK1', apiKeySecret: 's', timeoutMs: 200 });
      const error = asStationError(await rejectionOf(client.listFleets()));
      expect(error.code).toBe('registry-unreachable');
      expect(error.isTimedOut).toBe(true);
    } finally {
      await server.close();
    }
  });

  it('reports registry-bad-response for HTML, a missing meta, or a next page on another server', async () => {
    let mode: 'html' | 'no-meta' | 'foreign-next' = 'html';
    const server = await startRawServer((_request, response) => {
      response.setHeader('Content-Type', mode === 'html' ? 'text/html' : 'application/json');
      if (mode === 'html') response.end('<html>login</html>');
      else if (mode === 'no-meta') response.end(JSON.stringify({ fleets: [] }));
      else {
        response.end(
          JSON.stringify({
            fleets: [],
            meta: { key: 'fleets', page: 0, page_size: 50, next_page_url: 'http://198.51.100.1/DeployedDevices/Fleets?Page=1' },
          }),
        );
      }
    });
    try {
      const client = new RegistryClient({ baseUrl: server.url, apiKeySid: 'SK1', apiKeySecret: 's' });
      for (const next of ['html', 'no-meta', 'foreign-next'] as const) {
        mode = next;
        const error = asStationError(await rejectionOf(client.listFleets()));
        expect(error.code).toBe('registry-bad-response');
      }
    } finally {
      await server.close();
    }
  });

  it('maps a non-JSON error page to registry-error with a null code', async () => {
    const server = await startRawServer((_request, response) => {
      response.writeHead(502, { 'Content-Type': 'text/html' });
      response.end('<html>Bad Gateway</html>');
    });
    try {
      const client = new RegistryClient({ baseUrl: server.url, apiKeySid: 'SK1', apiKeySecret: 's' });
      const error = asStationError(await rejectionOf(client.fetchFleet('FL1')));
      expect(error.code).toBe('registry-error');
      expect(error.details).toMatchObject({ status: 502, code: null });
      expect(isRetryable(error)).toBe(true);
    } finally {
      await server.close();
    }
  });
});
