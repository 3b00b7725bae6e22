import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, WINDOW_WEB_PREFERENCES } from '../../src-main/window-security';
import { ensureRendererBuilt, MAIN_BUNDLE, PROJECT_ROOT } from './support/renderer-build';

// Electron itself cannot be downloaded here, so this loads the built main bundle (out/main/index.js)
// in Node with a recording stand-in for the 'electron' module, and checks what the shell asks of it:
// the hardened window, the session rules, the IPC wiring and the navigation/window-open denials.

type Listener = (...args: unknown[]) => unknown;

interface Recorded {
  windows: Array<{ webPreferences: Record<string, unknown> }>;
  loadedFiles: string[];
  ipcHandlers: Map<string, Listener>;
  appListeners: Map<string, Listener>;
  permissionAnswers: boolean[];
  cspHeaders: string[];
  sandboxEnabled: boolean;
}

function fakeElectron(recorded: Recorded): Record<string, unknown> {
  class FakeBrowserWindow {
    static readonly all: FakeBrowserWindow[] = [];
    readonly webContents = { send: () => undefined };
    constructor(options: { webPreferences: Record<string, unknown> }) {
      recorded.windows.push(options);
      FakeBrowserWindow.all.push(this);
    }
    static getAllWindows(): FakeBrowserWindow[] {
      return FakeBrowserWindow.all;
    }
    once(): void {}
    on(): void {}
    loadFile(file: string): Promise<void> {
      recorded.loadedFiles.push(file);
      return Promise.resolve();
    }
    loadURL(): Promise<void> {
      return Promise.reject(new Error('loadURL is for the dev server only'));
    }
  }
  return {
    app: {
      isPackaged: true,
      enableSandbox: () => {
        recorded.sandboxEnabled = true;
      },
      requestSingleInstanceLock: () => true,
      on: (event: string, listener: Listener) => recorded.appListeners.set(event, listener),
      whenReady: () => Promise.resolve(),
      getPath: () => {
        throw new Error('STATION_DATA_DIR must win over userData');
      },
      quit: () => undefined,
      exit: (code: number) => {
        throw new Error(`app.exit(${code}) called: the shell failed to start`);
      },
    },
    BrowserWindow: FakeBrowserWindow,
    ipcMain: { handle: (channel: string, handler: Listener) => recorded.ipcHandlers.set(channel, handler) },
    Menu: { buildFromTemplate: (template: unknown) => template, setApplicationMenu: () => undefined },
    dialog: { showErrorBox: () => undefined },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (handler: Listener) => handler(null, 'media', (isAllowed: boolean) => recorded.permissionAnswers.push(isAllowed)),
        setPermissionCheckHandler: (handler: Listener) => recorded.permissionAnswers.push(handler() === true),
        webRequest: {
          onHeadersReceived: (handler: Listener) =>
            handler({ url: 'file:///app/index.html', responseHeaders: {} }, (response: { responseHeaders: Record<string, string[]> }) =>
              recorded.cspHeaders.push(...(response.responseHeaders['Content-Security-Policy'] ?? [])),
            ),
        },
      },
    },
  };
}

describe('the Electron shell (built main bundle, stand-in electron module)', () => {
  const recorded: Recorded = {
    windows: [],
    loadedFiles: [],
    ipcHandlers: new Map(),
    appListeners: new Map(),
    permissionAnswers: [],
    cspHeaders: [],
    sandboxEnabled: false,
  };
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'station-e2e-shell-'));
  const previousDataDir = process.env.STATION_DATA_DIR;

  beforeAll(async () => {
    ensureRendererBuilt();
    process.env.STATION_DATA_DIR = dataDir;
    const requireFromMain = createRequire(MAIN_BUNDLE);
    const Module = requireFromMain('node:module') as { _load: (request: string, ...rest: unknown[]) => unknown };
    const originalLoad = Module._load;
    const electron = fakeElectron(recorded);
    Module._load = function load(this: unknown, request: string, ...rest: unknown[]) {
      return request === 'electron' ? electron : originalLoad.call(this, request, ...rest);
    };
    try {
      requireFromMain(MAIN_BUNDLE);
    } finally {
      Module._load = originalLoad;
    }
    for (let attempt = 0; attempt < 200 && recorded.loadedFiles.length === 0; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  });
  afterAll(async () => {
    const beforeQuit = recorded.appListeners.get('before-quit');
    beforeQuit?.({ preventDefault: () => undefined });
    await new Promise((resolve) => setTimeout(resolve, 200));
    process.env.STATION_DATA_DIR = previousDataDir;
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('opens one hardened window on the packaged page, with the data dir from STATION_DATA_DIR', () => {
    expect(recorded.sandboxEnabled).toBe(true);
    expect(recorded.windows).toHaveLength(1);
    expect(recorded.windows[0]?.webPreferences).toEqual({ ...WINDOW_WEB_PREFERENCES, preload: path.join(PROJECT_ROOT, 'out/preload/index.js') });
    expect(recorded.loadedFiles).toEqual([path.join(PROJECT_ROOT, 'out/renderer/index.html')]);
    expect(fs.existsSync(path.join(dataDir, 'station-config.json'))).toBe(true);
  });

  it('denies permissions and sends the strict CSP header', () => {
    expect(recorded.permissionAnswers).toEqual([false, false]);
    expect(recorded.cspHeaders).toEqual([CONTENT_SECURITY_POLICY]);
  });

  it('answers the contract over IPC only for the packaged page', async () => {
    const handler = recorded.ipcHandlers.get('station:invoke');
    expect(handler).toBeTypeOf('function');
    const pageUrl = pathToFileURL(path.join(PROJECT_ROOT, 'out/renderer/index.html')).href;
    await expect(Promise.resolve(handler?.({ senderFrame: { url: pageUrl } }, 'station-overview', {}))).resolves.toMatchObject({ ok: true, value: { tiles: [] } });
    await expect(Promise.resolve(handler?.({ senderFrame: { url: 'https://evil.example/' } }, 'station-overview', {}))).resolves.toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    await expect(Promise.resolve(handler?.({ senderFrame: { url: pageUrl } }, 'profile-set', { validityDays: 0 }))).resolves.toMatchObject({
      ok: false,
      error: { code: 'invalid-input' },
    });
  });

  it('refuses navigation away from the app, webviews and new windows', () => {
    const contentsListeners = new Map<string, Listener>();
    let windowOpenAnswer: unknown = null;
    recorded.appListeners.get('web-contents-created')?.(
      {},
      {
        on: (event: string, listener: Listener) => contentsListeners.set(event, listener),
        setWindowOpenHandler: (handler: Listener) => {
          windowOpenAnswer = handler({ url: 'https://evil.example/' });
        },
      },
    );
    const outcome = (url: string, event: string): boolean => {
      let isPrevented = false;
      contentsListeners.get(event)?.({ url, preventDefault: () => (isPrevented = true) });
      return isPrevented;
    };
    expect(outcome('https://evil.example/', 'will-navigate')).toBe(true);
    expect(outcome('file:///etc/passwd', 'will-navigate')).toBe(true);
    expect(outcome(pathToFileURL(path.join(PROJECT_ROOT, 'out/renderer/index.html')).href, 'will-navigate')).toBe(false);
    expect(outcome('https://evil.example/', 'will-redirect')).toBe(true);
    expect(outcome('', 'will-attach-webview')).toBe(true);
    expect(windowOpenAnswer).toEqual({ action: 'deny' });
  });
});
