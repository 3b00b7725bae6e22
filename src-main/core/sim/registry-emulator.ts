import { createHash, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { Socket } from 'node:net';
import {
  fleetsUrl,
  renderCertificate,
  renderDeployment,
  renderDevice,
  renderFleet,
  renderKey,
  renderPage,
} from './registry-emulator-resources';
import {
  REGISTRY_EMULATOR_ERROR_CODES,
  RegistryApiError,
  RegistryEmulatorStore,
  type PageRequest,
  type RegistryEmulatorStoreOptions,
  type RegistryForm,
} from './registry-emulator-store';

export { REGISTRY_EMULATOR_ERROR_CODES } from './registry-emulator-store';

/** Options of startRegistryEmulator. */
export interface RegistryEmulatorOptions extends RegistryEmulatorStoreOptions {
  /** The emulator's own SQLite file (created when missing; reused across runs). */
  dbPath: string;
  /** TCP port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** Basic auth user name the emulator accepts (an API key SID, SK…). */
  apiKeySid: string;
  /** Basic auth password the emulator accepts. */
  apiKeySecret: string;
}

/** A running emulator. */
export interface RegistryEmulator {
  /** Server URL (http://127.0.0.1:PORT) to use as the registry base URL; the API is under /DeployedDevices. */
  readonly url: string;
  /** Stops listening, drops open connections and closes the SQLite file. Idempotent. */
  stop(): Promise<void>;
  /** Offline: open connections are destroyed and new ones are closed at once (clients see a reset). */
  setOffline(isOffline: boolean): void;
  /**
   * The next `count` requests (default 1) that `matches` (default: every request) are carried out in
   * full, then their connection is destroyed instead of answered: "the registry stored it but the answer
   * was lost".
   */
  loseNextResponses(count?: number, matches?: (request: { method: string; path: string }) => boolean): void;
  /** The next `count` requests (default 1) are answered with `status` (5xx/429) and an error body, untouched. */
  failNextRequests(status: number, count?: number): void;
  /** Creates a fleet (and its default deployment) directly in the store: the demo's and tests' setup. */
  createFleet(friendlyName?: string): { fleetSid: string; deploymentSid: string };
  /** The first fleet with this friendly name, or a new one: reruns of `registry emulate` reuse it. */
  ensureFleet(friendlyName: string): { fleetSid: string; deploymentSid: string };
}

const MAX_BODY_BYTES = 1024 * 1024;
const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 1000;
const ROUTE =
  /^\/DeployedDevices\/Fleets(?:\/([^/]+)(?:\/(Devices|Deployments|Certificates|Keys)(?:\/([^/]+))?)?)?\/?$/;

type Method = 'GET' | 'POST' | 'DELETE';

interface ApiAnswer {
  status: number;
  body: unknown;
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

function errorBody(status: number, code: number, message: string) {
  return { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status };
}

function isAuthorized(header: string | undefined, expected: Buffer): boolean {
  if (!header?.startsWith('Basic ')) return false;
  const presented = Buffer.from(header.slice('Basic '.length).trim(), 'base64').toString('utf8');
  return timingSafeEqual(sha256(presented), expected);
}

function parsePageRequest(query: URLSearchParams): PageRequest {
  const size = query.get('PageSize');
  const page = query.get('Page');
  const pageSize = size === null ? DEFAULT_PAGE_SIZE : Number(size);
  const pageIndex = page === null ? 0 : Number(page);
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
    throw new RegistryApiError(400, REGISTRY_EMULATOR_ERROR_CODES.invalidParameter, `PageSize must be between 1 and ${MAX_PAGE_SIZE}`);
  }
  if (!Number.isInteger(pageIndex) || pageIndex < 0) {
    throw new RegistryApiError(400, REGISTRY_EMULATOR_ERROR_CODES.invalidParameter, 'Page must be a non-negative integer');
  }
  return { pageSize, page: pageIndex, pageToken: query.get('PageToken') };
}

/** Query filters the spec defines for a list, as a plain record (absent ones left out). */
function filtersOf(query: URLSearchParams, names: string[]): Record<string, string> {
  const filters: Record<string, string> = {};
  for (const name of names) {
    const value = query.get(name);
    if (value !== null) filters[name] = value;
  }
  return filters;
}

function readBody(request: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new RegistryApiError(400, REGISTRY_EMULATOR_ERROR_CODES.invalidParameter, 'The request body is too large'));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function formOf(body: string): RegistryForm {
  const form: RegistryForm = {};
  for (const [name, value] of new URLSearchParams(body)) form[name] = value;
  return form;
}

/**
 * Serves the registry API (Fleets, Deployments, Devices, Certificates, Keys: create 201, fetch/list/
 * update 200, delete 204) over HTTP on 127.0.0.1, backed by its own SQLite file, for tests and demos.
 * Every request needs HTTP Basic auth with the configured key (401 + error body otherwise); errors are
 * `{code, message, more_info, status}`; the codes are REGISTRY_EMULATOR_ERROR_CODES.
 */
export async function startRegistryEmulator(options: RegistryEmulatorOptions): Promise<RegistryEmulator> {
  const store = new RegistryEmulatorStore(options.dbPath, options);
  const expectedCredentials = sha256(`${options.apiKeySid}:${options.apiKeySecret}`);
  const sockets = new Set<Socket>();
  let isOffline = false;
  const lossRules: { remaining: number; matches: (request: { method: string; path: string }) => boolean }[] = [];
  const shouldLoseAnswer = (request: http.IncomingMessage): boolean => {
    const facts = { method: request.method ?? 'GET', path: new URL(request.url ?? '/', 'http://emulator').pathname };
    const rule = lossRules.find((candidate) => candidate.remaining > 0 && candidate.matches(facts));
    if (!rule) return false;
    rule.remaining -= 1;
    return true;
  };
  const injectedFailures: number[] = [];
  let baseUrl = '';

  const route = (method: Method, pathname: string, query: URLSearchParams, form: RegistryForm): ApiAnswer => {
    const match = ROUTE.exec(pathname);
    if (!match) {
      throw new RegistryApiError(404, REGISTRY_EMULATOR_ERROR_CODES.notFound, `The requested resource ${pathname} was not found`);
    }
    const [, rawFleet, collection, rawSid] = match;
    const fleetSid = rawFleet === undefined ? undefined : decodeURIComponent(rawFleet);
    const sid = rawSid === undefined ? undefined : decodeURIComponent(rawSid);
    const account = store.accountSid;
    const methodNotAllowed = () =>
      new RegistryApiError(405, REGISTRY_EMULATOR_ERROR_CODES.methodNotAllowed, `Method ${method} is not allowed on ${pathname}`);

    if (fleetSid === undefined) {
      if (method === 'POST') return { status: 201, body: renderFleet(store.createFleet(form), baseUrl, account) };
      if (method === 'GET') {
        const page = parsePageRequest(query);
        const result = store.listFleets(page);
        return { status: 200, body: renderPage('fleets', fleetsUrl(baseUrl), {}, page, result, (row) => renderFleet(row, baseUrl, account)) };
      }
      throw methodNotAllowed();
    }
    if (collection === undefined) {
      if (method === 'GET') return { status: 200, body: renderFleet(store.getFleet(fleetSid), baseUrl, account) };
      if (method === 'POST') return { status: 200, body: renderFleet(store.updateFleet(fleetSid, form), baseUrl, account) };
      store.deleteFleet(fleetSid);
      return { status: 204, body: null };
    }
    const listUrl = `${fleetsUrl(baseUrl)}/${store.getFleet(fleetSid).sid}/${collection}`;
    switch (collection) {
      case 'Deployments': {
        const render = (row: Parameters<typeof renderDeployment>[0]) => renderDeployment(row, baseUrl, account);
        if (sid === undefined) {
          if (method === 'POST') return { status: 201, body: render(store.createDeployment(fleetSid, form)) };
          if (method === 'GET') {
            const page = parsePageRequest(query);
            return { status: 200, body: renderPage('deployments', listUrl, {}, page, store.listDeployments(fleetSid, page), render) };
          }
          throw methodNotAllowed();
        }
        if (method === 'GET') return { status: 200, body: render(store.getDeployment(fleetSid, sid)) };
        if (method === 'POST') return { status: 200, body: render(store.updateDeployment(fleetSid, sid, form)) };
        store.deleteDeployment(fleetSid, sid);
        return { status: 204, body: null };
      }
      case 'Devices': {
        const render = (row: Parameters<typeof renderDevice>[0]) => renderDevice(row, baseUrl, account);
        if (sid === undefined) {
          if (method === 'POST') return { status: 201, body: render(store.createDevice(fleetSid, form)) };
          if (method === 'GET') {
            const page = parsePageRequest(query);
            const filters = filtersOf(query, ['DeploymentSid']);
            const result = store.listDevices(fleetSid, { deploymentSid: filters.DeploymentSid }, page);
            return { status: 200, body: renderPage('devices', listUrl, filters, page, result, render) };
          }
          throw methodNotAllowed();
        }
        if (method === 'GET') return { status: 200, body: render(store.getDevice(fleetSid, sid)) };
        if (method === 'POST') return { status: 200, body: render(store.updateDevice(fleetSid, sid, form)) };
        store.deleteDevice(fleetSid, sid);
        return { status: 204, body: null };
      }
      case 'Certificates': {
        const render = (row: Parameters<typeof renderCertificate>[0]) => renderCertificate(row, baseUrl, account);
        if (sid === undefined) {
          if (method === 'POST') return { status: 201, body: render(store.createCertificate(fleetSid, form)) };
          if (method === 'GET') {
            const page = parsePageRequest(query);
            const filters = filtersOf(query, ['DeviceSid']);
            const result = store.listCertificates(fleetSid, { deviceSid: filters.DeviceSid }, page);
            return { status: 200, body: renderPage('certificates', listUrl, filters, page, result, render) };
          }
          throw methodNotAllowed();
        }
        if (method === 'GET') return { status: 200, body: render(store.getCertificate(fleetSid, sid)) };
        if (method === 'POST') return { status: 200, body: render(store.updateCertificate(fleetSid, sid, form)) };
        store.deleteCertificate(fleetSid, sid);
        return { status: 204, body: null };
      }
      default: {
        const render = (row: Parameters<typeof renderKey>[0]) => renderKey(row, baseUrl, account);
        if (sid === undefined) {
          if (method === 'POST') {
            const { row, secret } = store.createKey(fleetSid, form);
            return { status: 201, body: renderKey(row, baseUrl, account, secret) };
          }
          if (method === 'GET') {
            const page = parsePageRequest(query);
            const filters = filtersOf(query, ['DeviceSid']);
            const result = store.listKeys(fleetSid, { deviceSid: filters.DeviceSid }, page);
            return { status: 200, body: renderPage('keys', listUrl, filters, page, result, render) };
          }
          throw methodNotAllowed();
        }
        if (method === 'GET') return { status: 200, body: render(store.getKey(fleetSid, sid)) };
        if (method === 'POST') return { status: 200, body: render(store.updateKey(fleetSid, sid, form)) };
        store.deleteKey(fleetSid, sid);
        return { status: 204, body: null };
      }
    }
  };

  const answer = async (request: http.IncomingMessage): Promise<ApiAnswer> => {
    try {
      if (!isAuthorized(request.headers.authorization, expectedCredentials)) {
        throw new RegistryApiError(401, REGISTRY_EMULATOR_ERROR_CODES.authenticate, 'Authenticate');
      }
      const failure = injectedFailures.shift();
      if (failure !== undefined) {
        throw new RegistryApiError(failure, REGISTRY_EMULATOR_ERROR_CODES.internal, 'Service temporarily unavailable (injected failure)');
      }
      const method = request.method ?? 'GET';
      if (method !== 'GET' && method !== 'POST' && method !== 'DELETE') {
        throw new RegistryApiError(405, REGISTRY_EMULATOR_ERROR_CODES.methodNotAllowed, `Method ${method} is not allowed`);
      }
      const url = new URL(request.url ?? '/', baseUrl);
      const body = method === 'POST' ? await readBody(request) : '';
      return route(method, url.pathname, url.searchParams, formOf(body));
    } catch (error) {
      if (error instanceof RegistryApiError) {
        return { status: error.status, body: errorBody(error.status, error.code, error.message) };
      }
      const message = error instanceof Error ? error.message : String(error);
      return { status: 500, body: errorBody(500, REGISTRY_EMULATOR_ERROR_CODES.internal, `Internal error: ${message}`) };
    }
  };

  const server = http.createServer((request, response) => {
    if (isOffline) {
      request.socket.destroy();
      return;
    }
    void answer(request).then(({ status, body }) => {
      if (shouldLoseAnswer(request)) {
        request.socket.destroy();
        return;
      }
      if (status === 401) response.setHeader('WWW-Authenticate', 'Basic realm="Registry emulator"');
      if (body === null) {
        response.writeHead(status).end();
        return;
      }
      const text = JSON.stringify(body);
      response.writeHead(status, {
        'Content-Type': 'application/json; charset=utf-8',
        'Content-Length': Buffer.byteLength(text),
      });
      response.end(text);
    });
  });
  server.on('connection', (socket) => {
    if (isOffline) {
      socket.destroy();
      return;
    }
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('The registry emulator is not listening on TCP.');
  baseUrl = `http://127.0.0.1:${address.port}`;

  const fleetResult = (fleetSid: string) => {
    const fleet = store.getFleet(fleetSid);
    return { fleetSid: fleet.sid, deploymentSid: fleet.default_deployment_sid ?? '' };
  };
  let stopped: Promise<void> | null = null;

  return {
    url: baseUrl,
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        server.close(() => {
          store.close();
          resolve();
        });
        for (const socket of sockets) socket.destroy();
      });
      return stopped;
    },
    setOffline(offline: boolean) {
      isOffline = offline;
      if (offline) for (const socket of sockets) socket.destroy();
    },
    loseNextResponses(count = 1, matches = () => true) {
      lossRules.push({ remaining: count, matches });
    },
    failNextRequests(status: number, count = 1) {
      for (let index = 0; index < count; index += 1) injectedFailures.push(status);
    },
    createFleet(friendlyName = 'Demo fleet') {
      return fleetResult(store.createFleet({ FriendlyName: friendlyName }).sid);
    },
    ensureFleet(friendlyName: string) {
      const existing = store.listFleets({ pageSize: MAX_PAGE_SIZE, page: 0, pageToken: null }).rows.find(
        (fleet) => fleet.friendly_name === friendlyName && fleet.default_deployment_sid !== null,
      );
      return fleetResult(existing ? existing.sid : store.createFleet({ FriendlyName: friendlyName }).sid);
    },
  };
}
