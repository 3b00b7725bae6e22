import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startRegistryEmulator } from '../../../src-main/core/sim/registry-emulator';
import { makeTestCertificate } from './certificate-fixture';
import { startRegistryFixture, type RegistryFixture } from './registry-fixture';

const SID = (prefix: string) => new RegExp(`^${prefix}[0-9a-f]{32}$`);

describe('registry emulator over raw HTTP', () => {
  let fixture: RegistryFixture;
  let auth: string;

  beforeEach(async () => {
    fixture = await startRegistryFixture();
    auth = `Basic ${Buffer.from(`${fixture.apiKeySid}:${fixture.apiKeySecret}`).toString('base64')}`;
  });
  afterEach(async () => {
    await fixture.cleanup();
  });

  const call = async (method: string, path: string, form?: Record<string, string>, authorization = auth) => {
    const response = await fetch(`${fixture.emulator.url}${path}`, {
      method,
      headers: {
        Authorization: authorization,
        ...(form ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}),
      },
      body: form ? new URLSearchParams(form).toString() : undefined,
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, text, json: text ? (JSON.parse(text) as Record<string, unknown>) : null };
  };

  it('answers 401 with an error body and a Basic challenge when the credentials are wrong or missing', async () => {
    const wrong = `Basic ${Buffer.from(`${fixture.apiKeySid}:not-the-secret`).toString('base64')}`;
    const answer = await call('GET', '/DeployedDevices/Fleets', undefined, wrong);
    expect(answer.status).toBe(401);
    expect(answer.headers.get('www-authenticate')).toMatch(/^Basic /);
    expect(answer.json).toEqual({ code: 20003, message: 'Authenticate', more_info: 'https://www.twilio.com/docs/errors/20003', status: 401 });
    expect((await call('GET', '/DeployedDevices/Fleets', undefined, '')).status).toBe(401);
  });

  it('creates a fleet (201) with its default deployment, the spec sid prefixes, url and links', async () => {
    const created = await call('POST', '/DeployedDevices/Fleets', { FriendlyName: 'Line 3' });
    expect(created.status).toBe(201);
    const fleet = created.json ?? {};
    expect(fleet.sid).toMatch(SID('FL'));
    expect(fleet.account_sid).toMatch(SID('AC'));
    expect(fleet.default_deployment_sid).toMatch(SID('DL'));
    expect(fleet.friendly_name).toBe('Line 3');
    expect(fleet.date_created).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(fleet.date_updated).toBeNull();
    expect(fleet.url).toBe(`${fixture.emulator.url}/DeployedDevices/Fleets/${String(fleet.sid)}`);
    expect(fleet.links).toEqual({
      devices: `${String(fleet.url)}/Devices`,
      deployments: `${String(fleet.url)}/Deployments`,
      certificates: `${String(fleet.url)}/Certificates`,
      keys: `${String(fleet.url)}/Keys`,
    });
    const deployment = await call('GET', `/DeployedDevices/Fleets/${String(fleet.sid)}/Deployments/${String(fleet.default_deployment_sid)}`);
    expect(deployment.status).toBe(200);
    expect(deployment.json?.fleet_sid).toBe(fleet.sid);
  });

  it('fetches (200), updates (200) and deletes (204, empty body) a device; then 404 with an error body', async () => {
    const base = `/DeployedDevices/Fleets/${fixture.fleetSid}/Devices`;
    const created = await call('POST', base, { UniqueName: 'SN-0001', FriendlyName: 'board 1', Enabled: 'true' });
    expect(created.status).toBe(201);
    const sid = String(created.json?.sid);
    expect(sid).toMatch(SID('TH'));
    expect(created.json?.deployment_sid).toBe(fixture.deploymentSid);
    expect(created.json?.enabled).toBe(true);

    const bySid = await call('GET', `${base}/${sid}`);
    const byName = await call('GET', `${base}/SN-0001`);
    expect(bySid.status).toBe(200);
    expect(byName.json).toEqual(bySid.json);

    const updated = await call('POST', `${base}/${sid}`, { FriendlyName: 'renamed', Enabled: 'false' });
    expect(updated.status).toBe(200);
    expect(updated.json?.friendly_name).toBe('renamed');
    expect(updated.json?.enabled).toBe(false);
    expect(updated.json?.unique_name).toBe('SN-0001');

    const deleted = await call('DELETE', `${base}/${sid}`);
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe('');
    const gone = await call('GET', `${base}/${sid}`);
    expect(gone.status).toBe(404);
    expect(gone.json).toMatchObject({ code: 20404, status: 404 });
    expect(gone.json?.more_info).toBe('https://www.twilio.com/docs/errors/20404');
  });

  it('refuses a second device with the same UniqueName (409, code 54301) and a bad DeploymentSid (400)', async () => {
    const base = `/DeployedDevices/Fleets/${fixture.fleetSid}/Devices`;
    expect((await call('POST', base, { UniqueName: 'SN-dup' })).status).toBe(201);
    const duplicate = await call('POST', base, { UniqueName: 'SN-dup' });
    expect(duplicate.status).toBe(409);
    expect(duplicate.json).toMatchObject({ code: 54301, status: 409 });
    const badDeployment = await call('POST', base, { UniqueName: 'SN-x', DeploymentSid: `DL${'0'.repeat(32)}` });
    expect(badDeployment.status).toBe(400);
    expect(badDeployment.json).toMatchObject({ code: 20001, status: 400 });
  });

  it('pages a list with meta (PageSize, next_page_url, previous_page_url) and keeps filters', async () => {
    const base = `/DeployedDevices/Fleets/${fixture.fleetSid}/Devices`;
    for (let index = 0; index < 5; index += 1) await call('POST', base, { UniqueName: `SN-${index}` });
    const first = await call('GET', `${base}?PageSize=2&DeploymentSid=${fixture.deploymentSid}`);
    expect(first.status).toBe(200);
    const meta = first.json?.meta as Record<string, unknown>;
    expect(meta).toMatchObject({ key: 'devices', page: 0, page_size: 2, previous_page_url: null });
    expect(meta.first_page_url).toBe(
      `${fixture.emulator.url}${base}?DeploymentSid=${fixture.deploymentSid}&PageSize=2&Page=0`,
    );
    const names: string[] = [];
    let next: unknown = meta.next_page_url;
    let page = first.json;
    for (;;) {
      for (const device of page?.devices as { unique_name: string }[]) names.push(device.unique_name);
      if (typeof next !== 'string') break;
      expect(next).toContain(`DeploymentSid=${fixture.deploymentSid}`);
      const answer = await call('GET', next.slice(fixture.emulator.url.length));
      page = answer.json;
      const pageMeta = page?.meta as Record<string, unknown>;
      expect(pageMeta.previous_page_url).toEqual(expect.stringContaining('PageToken=PB'));
      next = pageMeta.next_page_url;
    }
    expect(names).toEqual(['SN-0', 'SN-1', 'SN-2', 'SN-3', 'SN-4']);
    expect((await call('GET', `${base}?PageSize=0`)).status).toBe(400);
  });

  it('computes the thumbprint as SHA-256 of the DER and refuses the same certificate twice in a fleet (409, 54320)', async () => {
    const certificate = await makeTestCertificate('SN-cert');
    const base = `/DeployedDevices/Fleets/${fixture.fleetSid}/Certificates`;
    const created = await call('POST', base, { CertificateData: certificate.pem, FriendlyName: 'c1' });
    expect(created.status).toBe(201);
    expect(created.json?.sid).toMatch(SID('CY'));
    expect(created.json?.thumbprint).toBe(certificate.thumbprint);
    expect(created.json?.device_sid).toBeNull();
    const again = await call('POST', base, { CertificateData: certificate.pem });
    expect(again.status).toBe(409);
    expect(again.json).toMatchObject({ code: 54320, status: 409 });
    const missing = await call('POST', base, { FriendlyName: 'no data' });
    expect(missing.status).toBe(400);
    const garbage = await call('POST', base, { CertificateData: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----' });
    expect(garbage.status).toBe(400);
  });

  it('shows a key secret only in the create answer', async () => {
    const base = `/DeployedDevices/Fleets/${fixture.fleetSid}/Keys`;
    const created = await call('POST', base, { FriendlyName: 'k' });
    expect(created.status).toBe(201);
    expect(created.json?.sid).toMatch(SID('KY'));
    expect(typeof created.json?.secret).toBe('string');
    const fetched = await call('GET', `${base}/${String(created.json?.sid)}`);
    expect(fetched.json?.secret).toBeNull();
  });

  it('answers 405 for a method the path does not define and 404 for an unknown path', async () => {
    expect((await call('DELETE', '/DeployedDevices/Fleets')).status).toBe(405);
    expect((await call('GET', '/DeployedDevices/Nothing')).json).toMatchObject({ code: 20404, status: 404 });
  });

  it('keeps its data in its SQLite file across a restart', async () => {
    await fixture.emulator.stop();
    const again = await startRegistryEmulator({
      dbPath: fixture.dbPath,
      apiKeySid: fixture.apiKeySid,
      apiKeySecret: fixture.apiKeySecret,
    });
    try {
      const response = await fetch(`${again.url}/DeployedDevices/Fleets/${fixture.fleetSid}`, { headers: { Authorization: auth } });
      expect(response.status).toBe(200);
      expect(((await response.json()) as { default_deployment_sid: string }).default_deployment_sid).toBe(fixture.deploymentSid);
    } finally {
      await again.stop();
    }
  });
});
