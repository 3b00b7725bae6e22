import type {
  CertificateRow,
  DeploymentRow,
  DeviceRow,
  FleetRow,
  KeyRow,
  PageRequest,
  PageResult,
} from './registry-emulator-store';

/**
 * Renders the emulator's rows as the spec's JSON resources (same field names and order as the
 * spec's examples) with absolute `url`s and `links` on the emulator's own origin.
 */

export function fleetsUrl(baseUrl: string): string {
  return `${baseUrl}/DeployedDevices/Fleets`;
}

function fleetUrl(baseUrl: string, fleetSid: string): string {
  return `${fleetsUrl(baseUrl)}/${fleetSid}`;
}

export function renderFleet(row: FleetRow, baseUrl: string, accountSid: string) {
  const url = fleetUrl(baseUrl, row.sid);
  return {
    sid: row.sid,
    unique_name: row.unique_name,
    friendly_name: row.friendly_name,
    account_sid: accountSid,
    default_deployment_sid: row.default_deployment_sid,
    date_created: row.date_created,
    date_updated: row.date_updated,
    url,
    links: {
      devices: `${url}/Devices`,
      deployments: `${url}/Deployments`,
      certificates: `${url}/Certificates`,
      keys: `${url}/Keys`,
    },
  };
}

export function renderDeployment(row: DeploymentRow, baseUrl: string, accountSid: string) {
  return {
    sid: row.sid,
    friendly_name: row.friendly_name,
    account_sid: accountSid,
    fleet_sid: row.fleet_sid,
    sync_service_sid: row.sync_service_sid,
    date_created: row.date_created,
    date_updated: row.date_updated,
    url: `${fleetUrl(baseUrl, row.fleet_sid)}/Deployments/${row.sid}`,
  };
}

export function renderDevice(row: DeviceRow, baseUrl: string, accountSid: string) {
  return {
    sid: row.sid,
    unique_name: row.unique_name,
    friendly_name: row.friendly_name,
    account_sid: accountSid,
    enabled: row.enabled === 1,
    fleet_sid: row.fleet_sid,
    deployment_sid: row.deployment_sid,
    identity: row.identity,
    date_created: row.date_created,
    date_updated: row.date_updated,
    date_authenticated: row.date_authenticated,
    url: `${fleetUrl(baseUrl, row.fleet_sid)}/Devices/${row.sid}`,
  };
}

export function renderCertificate(row: CertificateRow, baseUrl: string, accountSid: string) {
  return {
    sid: row.sid,
    friendly_name: row.friendly_name,
    account_sid: accountSid,
    fleet_sid: row.fleet_sid,
    device_sid: row.device_sid,
    thumbprint: row.thumbprint,
    date_created: row.date_created,
    date_updated: row.date_updated,
    url: `${fleetUrl(baseUrl, row.fleet_sid)}/Certificates/${row.sid}`,
  };
}

/** `secret` is the generated secret on create, null everywhere else. */
export function renderKey(row: KeyRow, baseUrl: string, accountSid: string, secret: string | null = null) {
  return {
    sid: row.sid,
    friendly_name: row.friendly_name,
    account_sid: accountSid,
    fleet_sid: row.fleet_sid,
    device_sid: row.device_sid,
    secret,
    date_created: row.date_created,
    date_updated: row.date_updated,
    url: `${fleetUrl(baseUrl, row.fleet_sid)}/Keys/${row.sid}`,
  };
}

/**
 * A list page: `{<key>: [...], meta: {first_page_url, key, next_page_url, page, page_size,
 * previous_page_url, url}}`. Filters (DeviceSid, DeploymentSid) are carried into every page URL.
 */
export function renderPage<T>(
  key: string,
  listUrl: string,
  filters: Record<string, string>,
  request: PageRequest,
  result: PageResult<T>,
  renderItem: (row: T) => unknown,
) {
  const pageUrl = (page: number, token: string | null): string => {
    const params = new URLSearchParams(filters);
    params.set('PageSize', String(request.pageSize));
    params.set('Page', String(page));
    if (token !== null) params.set('PageToken', token);
    return `${listUrl}?${params.toString()}`;
  };
  return {
    [key]: result.rows.map(renderItem),
    meta: {
      first_page_url: pageUrl(0, null),
      key,
      next_page_url: result.nextToken === null ? null : pageUrl(request.page + 1, result.nextToken),
      page: request.page,
      page_size: request.pageSize,
      previous_page_url: result.previousToken === null ? null : pageUrl(request.page - 1, result.previousToken),
      url: pageUrl(request.page, request.pageToken),
    },
  };
}
