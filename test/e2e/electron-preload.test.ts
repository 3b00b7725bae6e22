import { createRequire } from 'node:module';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureRendererBuilt, PROJECT_ROOT } from './support/renderer-build';

// The built preload (out/preload/index.js) loaded in Node with a stand-in 'electron' module: it must
// expose exactly one object, window.station, that forwards invoke() on one channel and delivers only
// the named event to each listener.

type Listener = (...args: unknown[]) => void;

describe('the preload bridge (built bundle, stand-in electron module)', () => {
  const exposed = new Map<string, unknown>();
  const invoked: unknown[][] = [];
  const ipcListeners = new Map<string, Set<Listener>>();

  beforeAll(() => {
    ensureRendererBuilt();
    const bundle = path.join(PROJECT_ROOT, 'out/preload/index.js');
    const requireFromPreload = createRequire(bundle);
    const Module = requireFromPreload('node:module') as { _load: (request: string, ...rest: unknown[]) => unknown };
    const originalLoad = Module._load;
    const electron = {
      contextBridge: { exposeInMainWorld: (key: string, value: unknown) => exposed.set(key, value) },
      ipcRenderer: {
        invoke: (...args: unknown[]) => {
          invoked.push(args);
          return Promise.resolve({ ok: true, value: null });
        },
        on: (channel: string, listener: Listener) => ipcListeners.set(channel, (ipcListeners.get(channel) ?? new Set()).add(listener)),
        removeListener: (channel: string, listener: Listener) => ipcListeners.get(channel)?.delete(listener),
      },
    };
    Module._load = function load(this: unknown, request: string, ...rest: unknown[]) {
      return request === 'electron' ? electron : originalLoad.call(this, request, ...rest);
    };
    try {
      requireFromPreload(bundle);
    } finally {
      Module._load = originalLoad;
    }
  });

  function station(): { invoke: (name: string, input: unknown) => Promise<unknown>; on: (event: string, listener: Listener) => () => void } {
    const value = exposed.get('station');
    if (typeof value !== 'object' || value === null || !('invoke' in value) || !('on' in value)) throw new Error('window.station missing');
    return value as ReturnType<typeof station>;
  }

  it('exposes only window.station, with invoke and on', () => {
    expect([...exposed.keys()]).toEqual(['station']);
    expect(Object.keys(station()).sort()).toEqual(['invoke', 'on']);
  });

  it('forwards invoke on the one contract channel', async () => {
    await expect(station().invoke('ca-summary', {})).resolves.toEqual({ ok: true, value: null });
    expect(invoked).toEqual([['station:invoke', 'ca-summary', {}]]);
  });

  it('delivers each event only to its own listeners, until unsubscribed', () => {
    const tiles: unknown[] = [];
    const counters: unknown[] = [];
    const offTiles = station().on('tile-changed', (payload) => tiles.push(payload));
    station().on('counters-changed', (payload) => counters.push(payload));
    const emit = (name: string, payload: unknown): void => {
      for (const listener of ipcListeners.get('station:event') ?? []) listener({}, name, payload);
    };
    emit('tile-changed', { port: 'a' });
    emit('counters-changed', { provisioned: 1 });
    offTiles();
    emit('tile-changed', { port: 'b' });
    expect(tiles).toEqual([{ port: 'a' }]);
    expect(counters).toEqual([{ provisioned: 1 }]);
  });
});
