import { z } from 'zod';
import { StationError } from '../errors';
import { pageMetaSchema, registryErrorBodySchema } from './registry-schemas';

/** The spec's server URL (servers[0] of the published OpenAPI document). */
export const DEFAULT_REGISTRY_BASE_URL = 'https://preview.twilio.com';

/** How long one HTTP exchange (request + response body) may take before it counts as unreachable. */
export const DEFAULT_REGISTRY_TIMEOUT_MS = 15_000;

/** Safety stop for paging: a registry that keeps answering next_page_url forever is a bug. */
const MAX_PAGES = 10_000;

export interface RegistryTransportOptions {
  /** Server URL the spec's paths are appended to (may carry a path prefix). Default: the spec's server. */
  baseUrl?: string;
  /** API key SID, the Basic auth user name. */
  apiKeySid: string;
  /** API key secret, the Basic auth password. Never logged, never in a message. */
  apiKeySecret: string;
  /** Per-request timeout in ms (default 15 s). */
  timeoutMs?: number;
  /** Injected for tests that need a non-HTTP failure; defaults to the global fetch of Node 20. */
  fetch?: typeof fetch;
}

/** Form fields; undefined and null are left out, booleans become "true"/"false". */
export type RegistryFormFields = Record<string, string | boolean | number | null | undefined>;

export interface RegistryRequest {
  method: 'GET' | 'POST' | 'DELETE';
  /** A path such as /DeployedDevices/Fleets, or an absolute URL on the same origin (next_page_url). */
  path: string;
  /** What the station was doing, for messages: "fetch the fleet FL…". */
  action: string;
  query?: RegistryFormFields;
  form?: RegistryFormFields;
}

function toSearchParams(fields: RegistryFormFields): URLSearchParams {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined || value === null) continue;
    params.append(name, String(value));
  }
  return params;
}

function hintForStatus(status: number): string {
  if (status === 401 || status === 403) {
    return 'Check the registry API key SID and secret: run `station registry configure` again.';
  }
  if (status === 404) {
    return 'Check the fleet SID and the registry URL in the station settings (`station registry configure`).';
  }
  if (status === 409) return 'The registry already holds a conflicting record; look it up in the registry console.';
  if (status === 429 || status >= 500) {
    return 'The registry is busy or failing; queued enrollments are retried later.';
  }
  return 'The registry rejected the request; details.moreInfo links the vendor documentation of the code.';
}

/** The reason a fetch failed, without anything from the request (no headers, no body). */
function networkReason(error: unknown): { reason: string; isTimedOut: boolean } {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return { reason: 'no answer within the timeout', isTimedOut: true };
  }
  const cause = error instanceof Error ? error.cause : undefined;
  if (typeof cause === 'object' && cause !== null && 'code' in cause && typeof cause.code === 'string') {
    return { reason: cause.code, isTimedOut: cause.code === 'UND_ERR_CONNECT_TIMEOUT' };
  }
  return { reason: error instanceof Error ? error.message : 'unknown network error', isTimedOut: false };
}

/**
 * One authenticated HTTP exchange with the registry: Basic auth, form-encoded bodies, JSON answers
 * checked against a zod schema.
 *
 * Failures (all StationError):
 * - `registry-unreachable`: connection refused/reset, DNS, timeout. `details.queueable` is true: the
 *   caller may queue the work; the registry may or may not have acted on the request.
 * - `registry-error`: the registry answered with a non-2xx status. `details.status`, `details.code`
 *   (the registry's error code or null), `details.moreInfo`; the message carries the registry's text.
 * - `registry-bad-response`: a 2xx answer that is not the JSON the spec describes, or a next_page_url
 *   on another origin (credentials are never sent elsewhere).
 */
export class RegistryTransport {
  readonly baseUrl: string;
  private readonly origin: string;
  private readonly authorization: string;
  private readonly timeoutMs: number;
  private readonly fetchImpl: typeof fetch;

  constructor(options: RegistryTransportOptions) {
    this.baseUrl = (options.baseUrl ?? DEFAULT_REGISTRY_BASE_URL).replace(/\/+$/, '');
    this.origin = new URL(this.baseUrl).origin;
    this.authorization = `Basic ${Buffer.from(`${options.apiKeySid}:${options.apiKeySecret}`, 'utf8').toString('base64')}`;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_REGISTRY_TIMEOUT_MS;
    this.fetchImpl = options.fetch ?? fetch;
  }

  /** Sends the request and validates the JSON answer. */
  async json<T>(request: RegistryRequest, schema: z.ZodType<T>): Promise<T> {
    const { status, text } = await this.exchange(request);
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (cause) {
      throw this.badResponse(request, `HTTP ${status} with a body that is not JSON`, cause);
    }
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw this.badResponse(request, `unexpected JSON at ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? ''}`);
    }
    return parsed.data;
  }

  /** Sends the request and expects an empty answer (204 on delete). */
  async noContent(request: RegistryRequest): Promise<void> {
    await this.exchange(request);
  }

  /** GETs every page of a list (following meta.next_page_url) and returns the items under `key`. */
  async listAll<T>(request: RegistryRequest, key: string, itemSchema: z.ZodType<T>): Promise<T[]> {
    const items: T[] = [];
    let next: RegistryRequest | null = request;
    for (let page = 0; next !== null; page += 1) {
      if (page >= MAX_PAGES) throw this.badResponse(request, `more than ${MAX_PAGES} pages`);
      const body: { items: T[]; nextPageUrl: string | null } = await this.page(next, key, itemSchema);
      items.push(...body.items);
      next = body.nextPageUrl === null ? null : { method: 'GET', path: body.nextPageUrl, action: request.action };
    }
    return items;
  }

  private async page<T>(
    request: RegistryRequest,
    key: string,
    itemSchema: z.ZodType<T>,
  ): Promise<{ items: T[]; nextPageUrl: string | null }> {
    const raw = await this.json(request, z.record(z.string(), z.unknown()));
    const meta = pageMetaSchema.safeParse(raw.meta);
    if (!meta.success) throw this.badResponse(request, 'a list page without a valid meta object');
    const list = raw[key];
    if (!Array.isArray(list)) throw this.badResponse(request, `a list page without "${key}"`);
    const items: T[] = [];
    for (const entry of list) {
      const item = itemSchema.safeParse(entry);
      if (!item.success) {
        const issue = item.error.issues[0];
        throw this.badResponse(request, `unexpected ${key} item at ${issue?.path.join('.') ?? '?'}: ${issue?.message ?? ''}`);
      }
      items.push(item.data);
    }
    return { items, nextPageUrl: meta.data.next_page_url };
  }

  private resolveUrl(request: RegistryRequest): URL {
    const url = /^https?:\/\//i.test(request.path) ? new URL(request.path) : new URL(`${this.baseUrl}${request.path}`);
    if (url.origin !== this.origin) {
      throw this.badResponse(request, `a link to another server (${url.origin})`);
    }
    if (request.query) {
      for (const [name, value] of toSearchParams(request.query)) url.searchParams.set(name, value);
    }
    return url;
  }

  private async exchange(request: RegistryRequest): Promise<{ status: number; text: string }> {
    const url = this.resolveUrl(request);
    const headers: Record<string, string> = { Authorization: this.authorization, Accept: 'application/json' };
    let body: string | undefined;
    if (request.form) {
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
      body = toSearchParams(request.form).toString();
    }
    let status: number;
    let text: string;
    try {
      const response = await this.fetchImpl(url, {
        method: request.method,
        headers,
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      status = response.status;
      text = await response.text();
    } catch (error) {
      const { reason, isTimedOut } = networkReason(error);
      throw new StationError(
        'registry-unreachable',
        `Could not reach the device registry at ${this.origin} to ${request.action}: ${reason}.`,
        {
          hint: 'Check the network and the registry URL; the credential stays queued and is enrolled when the registry answers.',
          cause: error,
          isTimedOut,
          details: { queueable: true, url: this.origin, reason, method: request.method },
        },
      );
    }
    if (status >= 200 && status < 300) return { status, text };
    throw this.registryError(request, status, text);
  }

  private registryError(request: RegistryRequest, status: number, text: string): StationError {
    let raw: unknown = null;
    try {
      raw = JSON.parse(text);
    } catch {
      raw = null;
    }
    const parsed = registryErrorBodySchema.safeParse(raw);
    const code = parsed.success ? parsed.data.code : null;
    const registryMessage = parsed.success ? parsed.data.message.trim().replace(/\.$/, '') : `HTTP ${status}`;
    const codeText = code === null ? '' : `, code ${code}`;
    return new StationError(
      'registry-error',
      `The device registry refused to ${request.action}: ${registryMessage} (HTTP ${status}${codeText}).`,
      {
        hint: hintForStatus(status),
        details: {
          status,
          code,
          moreInfo: parsed.success ? (parsed.data.more_info ?? null) : null,
          method: request.method,
        },
      },
    );
  }

  private badResponse(request: RegistryRequest, what: string, cause?: unknown): StationError {
    return new StationError(
      'registry-bad-response',
      `The device registry answered the request to ${request.action} with ${what}.`,
      {
        hint: 'Check that the registry URL points at the Device Manager API (not a proxy or login page).',
        cause,
        details: { method: request.method },
      },
    );
  }
}
