import { describe, expect, it } from 'vitest';
import { isRetryable } from '../../../src-main/core/enrollment/enrollment-service';
import { RegistryClient } from '../../../src-main/core/enrollment/registry-client';
import { isRegistrySid } from '../../../src-main/core/enrollment/registry-schemas';
import { DEFAULT_REGISTRY_BASE_URL } from '../../../src-main/core/enrollment/registry-transport';
import { StationError } from '../../../src-main/core/errors';
import { deviceBody, FLEET_SID } from './registry-fixtures';

interface Captured {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string | null;
}

const FLEET = FLEET_SID;
const DEVICE = deviceBody();

/** A fetch that records the request and answers with `status` and `body` (JSON when not a string). */
function recordingFetch(status: number, body: unknown, captured: Captured[]): typeof fetch {
  return async (input, init) => {
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((value, name) => {
      headers[name] = value;
    });
    captured.push({ url: String(input), method: init?.method ?? 'GET', headers, body: typeof init?.body === 'string' ? init.body : null });
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    return new Response(status === 204 ? null : text, { status });
  };
}

describe('RegistryClient request encoding', () => {
  it('defaults to the spec server URL', () => {
    expect(new RegistryClient({ apiKeySid: 'SK', apiKeySecret: 's' }).baseUrl).toBe(DEFAULT_REGISTRY_BASE_URL);
    expect(DEFAULT_REGISTRY_BASE_URL).toBe('https://preview.twilio.com');
  });

  it('sends Basic auth, a form body (booleans as true/false, absent fields left out) to the spec path', async () => {
    const captured: Captured[] = [];
    const client = new RegistryClient({
      baseUrl: 'http://registry.test/prefix/',
      apiKeySid: 'SKabc',
      apiKeySecret: 'p@ss:word',
      fetch: recordingFetch(201, DEVICE, captured),
    });
    await client.createDevice(FLEET, { uniqueName: 'SN 1/ä', deploymentSid: undefined, enabled: false });
    expect(captured).toHaveLength(1);
    const [request] = captured;
    expect(request?.url).toBe(`http://registry.test/prefix/DeployedDevices/Fleets/${FLEET}/Devices`);
    expect(request?.method).toBe('POST');
    expect(request?.headers.authorization).toBe(`Basic ${Buffer.from('SKabc:p@ss:word').toString('base64')}`);
    expect(request?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(new URLSearchParams(request?.body ?? '')).toEqual(new URLSearchParams({ UniqueName: 'SN 1/ä', Enabled: 'false' }));
  });

  it('puts list filters and PageSize in the query and encodes path segments', async () => {
    const captured: Captured[] = [];
    const page = { certificates: [], meta: { key: 'certificates', page: 0, page_size: 5, next_page_url: null } };
    const client = new RegistryClient({ baseUrl: 'http://registry.test', apiKeySid: 'SK', apiKeySecret: 's', fetch: recordingFetch(200, page, captured) });
    await client.listCertificates(FLEET, { deviceSid: DEVICE.sid, pageSize: 5 });
    await client.fetchDevice(FLEET, 'SN/1').catch(() => undefined);
    expect(captured[0]?.url).toBe(`http://registry.test/DeployedDevices/Fleets/${FLEET}/Certificates?DeviceSid=${DEVICE.sid}&PageSize=5`);
    expect(captured[1]?.url).toBe(`http://registry.test/DeployedDevices/Fleets/${FLEET}/Devices/SN%2F1`);
  });

  it('finds a device whose unique name looks like a Sid by listing, not by fetching', async () => {
    const captured: Captured[] = [];
    const page = { devices: [{ ...DEVICE, unique_name: DEVICE.sid }], meta: { key: 'devices', page: 0, page_size: 50, next_page_url: null } };
    const client = new RegistryClient({ baseUrl: 'http://registry.test', apiKeySid: 'SK', apiKeySecret: 's', fetch: recordingFetch(200, page, captured) });
    expect((await client.findDeviceByUniqueName(FLEET, DEVICE.sid))?.unique_name).toBe(DEVICE.sid);
    expect(captured[0]?.url).toBe(`http://registry.test/DeployedDevices/Fleets/${FLEET}/Devices`);
  });
});

describe('RegistryClient error mapping', () => {
  it('turns an error body into registry-error with status, code and more_info in details', async () => {
    const body = { code: 20404, message: 'The requested resource was not found.', more_info: 'https://www.twilio.com/docs/errors/20404', status: 404 };
    const client = new RegistryClient({ baseUrl: 'http://registry.test', apiKeySid: 'SK', apiKeySecret: 'secret-value', fetch: recordingFetch(404, body, []) });
    const error = await client.fetchFleet(FLEET).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StationError);
    expect(error).toMatchObject({
      code: 'registry-error',
      message: `The device registry refused to fetch the fleet ${FLEET}: The requested resource was not found (HTTP 404, code 20404).`,
      details: { status: 404, code: 20404, moreInfo: body.more_info, method: 'GET' },
    });
    expect(JSON.stringify(error)).not.toContain('secret-value');
  });

  it('turns a thrown fetch (connection refused) into registry-unreachable with the reason code', async () => {
    const refused: typeof fetch = async () => {
      throw new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
    };
    const client = new RegistryClient({ baseUrl: 'http://registry.test', apiKeySid: 'SK', apiKeySecret: 's', fetch: refused });
    const error = await client.listFleets().catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      code: 'registry-unreachable',
      isTimedOut: false,
      details: { queueable: true, reason: 'ECONNREFUSED', url: 'http://registry.test' },
    });
  });

  it('rejects a 2xx answer that does not match the spec shape as registry-bad-response', async () => {
    const client = new RegistryClient({ baseUrl: 'http://registry.test', apiKeySid: 'SK', apiKeySecret: 's', fetch: recordingFetch(200, { sid: 42 }, []) });
    await expect(client.fetchFleet(FLEET)).rejects.toMatchObject({ code: 'registry-bad-response' });
  });
});

describe('isRetryable', () => {
  it('retries unreachable, 429 and 5xx; not auth, not-found, conflicts or other errors', () => {
    const registryError = (status: number) => new StationError('registry-error', 'x', { details: { status, code: null } });
    expect(isRetryable(new StationError('registry-unreachable', 'x'))).toBe(true);
    expect(isRetryable(registryError(503))).toBe(true);
    expect(isRetryable(registryError(429))).toBe(true);
    expect(isRetryable(registryError(401))).toBe(false);
    expect(isRetryable(registryError(404))).toBe(false);
    expect(isRetryable(registryError(409))).toBe(false);
    expect(isRetryable(new StationError('registry-thumbprint-mismatch', 'x'))).toBe(false);
    expect(isRetryable(new Error('boom'))).toBe(false);
  });
});

describe('isRegistrySid', () => {
  it('checks the prefix and 32 hex digits', () => {
    expect(isRegistrySid('fleet', FLEET)).toBe(true);
    expect(isRegistrySid('fleet', DEVICE.sid)).toBe(false);
    expect(isRegistrySid('device', `${DEVICE.sid}0`)).toBe(false);
  });
});
