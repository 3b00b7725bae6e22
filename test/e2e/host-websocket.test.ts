import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createE2eStation, type E2eStation } from './support/e2e-station';

/** Opens a socket and resolves with the HTTP status of a refused upgrade, or 101 when accepted. */
function upgradeStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.once('open', () => {
      socket.close();
      resolve(101);
    });
    socket.once('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0);
      socket.terminate();
    });
    socket.once('error', (error) => {
      if (socket.readyState !== WebSocket.CLOSED) reject(error);
    });
  });
}

/** Sends the frames and resolves with the result messages, ordered by id (the host answers as calls finish). */
function call(url: string, frames: Array<{ id: number; [key: string]: unknown }>): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    const replies: Array<{ id: number }> = [];
    socket.once('open', () => {
      for (const frame of frames) socket.send(JSON.stringify(frame));
    });
    socket.on('message', (data) => {
      const parsed: unknown = JSON.parse(String(data));
      if (typeof parsed === 'object' && parsed !== null && 'kind' in parsed && parsed.kind === 'result' && 'id' in parsed && typeof parsed.id === 'number') {
        replies.push({ ...parsed, id: parsed.id });
      }
      if (replies.length === frames.length) {
        socket.close();
        resolve(replies.sort((a, b) => a.id - b.id));
      }
    });
    socket.once('error', reject);
  });
}

describe('the station host', () => {
  let station: E2eStation;
  let origin: string;

  beforeAll(async () => {
    station = await createE2eStation({ withRegistry: false });
    origin = `127.0.0.1:${station.host.port}`;
  });
  afterAll(async () => {
    await station?.dispose();
  });

  it('prints a loopback URL carrying the token', () => {
    expect(station.host.url).toBe(`http://${origin}/?token=${station.host.token}`);
    expect(station.host.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('serves the built renderer with a strict CSP', async () => {
    const response = await fetch(`http://${origin}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await response.text()).toContain('<div id="root"></div>');
    expect((await fetch(`http://${origin}/assets/..%2f..%2fpackage.json`)).status).toBe(404);
    expect((await fetch(`http://${origin}/`, { method: 'POST' })).status).toBe(405);
  });

  it('answers only requests addressed to the loopback host name (no DNS rebinding)', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const request = http.get({ host: '127.0.0.1', port: station.host.port, path: '/', headers: { Host: `rebound.example:${station.host.port}` } }, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      });
      request.once('error', reject);
    });
    expect(status).toBe(421);
    expect((await fetch(`http://localhost:${station.host.port}/`)).status).toBe(200);
  });

  it('refuses a WebSocket without the token, with a wrong token, or on another path', async () => {
    expect(await upgradeStatus(`ws://${origin}/contract`)).toBe(401);
    expect(await upgradeStatus(`ws://${origin}/contract?token=`)).toBe(401);
    expect(await upgradeStatus(`ws://${origin}/contract?token=${station.host.token.slice(1)}x`)).toBe(401);
    expect(await upgradeStatus(`ws://${origin}/other?token=${station.host.token}`)).toBe(404);
    expect(await upgradeStatus(`ws://${origin}/contract?token=${station.host.token}`)).toBe(101);
  });

  it('answers contract calls with results, including validation errors', async () => {
    const [overview, invalid, unknown] = await call(`ws://${origin}/contract?token=${station.host.token}`, [
      { kind: 'invoke', id: 1, name: 'station-overview', input: {} },
      { kind: 'invoke', id: 2, name: 'profile-set', input: { validityDays: -1 } },
      { kind: 'invoke', id: 3, name: 'no-such-verb', input: {} },
    ]);
    expect(overview).toMatchObject({ kind: 'result', id: 1, result: { ok: true, value: { isWatching: false, tiles: [] } } });
    expect(invalid).toMatchObject({ kind: 'result', id: 2, result: { ok: false, error: { code: 'invalid-input' } } });
    expect(unknown).toMatchObject({ kind: 'result', id: 3, result: { ok: false, error: { code: 'unknown-handler' } } });
  });

  it('closes a connection that sends something other than an invoke message', async () => {
    const code = await new Promise<number>((resolve, reject) => {
      const socket = new WebSocket(`ws://${origin}/contract?token=${station.host.token}`);
      socket.once('open', () => socket.send('not json'));
      socket.once('close', (closeCode) => resolve(closeCode));
      socket.once('error', reject);
    });
    expect(code).toBe(1007);
  });
});
