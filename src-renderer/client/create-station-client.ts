import type { StationClient } from '../../src-main/contract/station-client';
import { createWebSocketStationClient } from './websocket-station-client';

/**
 * Picks the transport once at start: the Electron preload's `window.station` when present, else the
 * host's WebSocket on the page's own origin, authenticated with the `token` from the page URL.
 */
export function createStationClient(win: Window = window): StationClient {
  if (win.station) return win.station;
  const token = new URLSearchParams(win.location.search).get('token') ?? '';
  const scheme = win.location.protocol === 'https:' ? 'wss:' : 'ws:';
  return createWebSocketStationClient(`${scheme}//${win.location.host}/contract?token=${encodeURIComponent(token)}`);
}
