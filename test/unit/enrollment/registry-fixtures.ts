/** Registry JSON bodies as the published API returns them, for tests that script fetch answers. */
export const FLEET_SID = `FL${'1'.repeat(32)}`;
export const DEVICE_SID = `TH${'2'.repeat(32)}`;

export function deviceBody(overrides: Record<string, unknown> = {}) {
  return {
    sid: DEVICE_SID,
    url: null,
    unique_name: 'SN-1',
    friendly_name: null,
    fleet_sid: FLEET_SID,
    enabled: true,
    account_sid: null,
    identity: null,
    deployment_sid: null,
    date_created: '2026-01-01T00:00:00Z',
    date_updated: null,
    date_authenticated: null,
    ...overrides,
  };
}
