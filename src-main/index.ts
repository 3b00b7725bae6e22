import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, Menu, session, type IpcMainInvokeEvent, type MenuItemConstructorOptions } from 'electron';
import { bindContract, type ContractDispatcher } from './contract/contract-binder';
import { forwardCoreEvents } from './contract/contract-events';
import { errorResult } from './contract/contract-result';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } from './contract/ipc-channels';
import { toErrorShape } from './core/errors';
import { KeytarSecretStore } from './core/keychain/keytar-secret-store';
import { StationCore } from './core/station/station-core';
import type { StationCoreApi } from './core/station/station-core-api';
import { CONTENT_SECURITY_POLICY, isAppPageUrl, WINDOW_WEB_PREFERENCES, type AppPageOrigins } from './window-security';

/**
 * The Electron shell: window, menu, lifecycle, and the contract wired to IPC. Everything the station
 * does lives in the core; this file only connects it. Security rules are in window-security.ts.
 */

const devServerUrl = !app.isPackaged && process.env.ELECTRON_RENDERER_URL ? process.env.ELECTRON_RENDERER_URL : null;
const rendererIndexPath = path.join(__dirname, '../renderer/index.html');
const origins: AppPageOrigins = { rendererIndexUrl: pathToFileURL(rendererIndexPath).href, devServerUrl };

let core: StationCoreApi | null = null;
let mainWindow: BrowserWindow | null = null;

app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  // NOTE: one station app per data directory; a second launch focuses the first window.
  app.quit();
}

app.on('second-instance', () => {
  if (mainWindow) {
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  }
});

app.on('web-contents-created', (_event, contents) => {
  contents.on('will-navigate', (navigation) => {
    if (!isAppPageUrl(navigation.url, origins)) navigation.preventDefault();
  });
  contents.on('will-redirect', (navigation) => {
    if (!isAppPageUrl(navigation.url, origins)) navigation.preventDefault();
  });
  contents.on('will-attach-webview', (attach) => attach.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
});

function hardenSession(): void {
  const defaultSession = session.defaultSession;
  defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  defaultSession.setPermissionCheckHandler(() => false);
  defaultSession.webRequest.onHeadersReceived((details, callback) => {
    if (devServerUrl && details.url.startsWith(new URL(devServerUrl).origin)) {
      // Dev only: the dev server's pages carry their own (relaxed) meta policy, see electron.vite.config.ts.
      callback({});
      return;
    }
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
        'X-Content-Type-Options': ['nosniff'],
      },
    });
  });
}

function isTrustedSender(event: IpcMainInvokeEvent): boolean {
  const url = event.senderFrame?.url;
  return typeof url === 'string' && isAppPageUrl(url, origins);
}

function wireContract(dispatcher: ContractDispatcher): void {
  ipcMain.handle(IPC_INVOKE_CHANNEL, (event, name: unknown, input: unknown) => {
    if (!isTrustedSender(event)) {
      return errorResult({ code: 'forbidden', message: 'This page may not drive the station.', hint: '' });
    }
    if (typeof name !== 'string') {
      return errorResult({ code: 'invalid-input', message: 'The operation name must be text.', hint: '' });
    }
    return dispatcher.invoke(name, input);
  });
}

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1400,
    height: 900,
    minWidth: 900,
    minHeight: 600,
    title: 'Provisioning Station',
    show: false,
    backgroundColor: '#101418',
    icon: path.join(__dirname, '../../resources/icon.png'),
    // NOTE: spelled out (not spread) so static scanners such as electronegativity can read it; the
    // `satisfies` makes tsc refuse any value that differs from the unit-tested WINDOW_WEB_PREFERENCES.
    webPreferences: {
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      disableBlinkFeatures: 'Auxclick',
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
      preload: path.join(__dirname, '../preload/index.js'),
    } satisfies typeof WINDOW_WEB_PREFERENCES & { preload: string },
  });
  window.once('ready-to-show', () => window.show());
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = null;
  });
  if (devServerUrl) {
    void window.loadURL(devServerUrl);
  } else {
    void window.loadFile(rendererIndexPath);
  }
  return window;
}

function buildMenu(): Menu {
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' } satisfies MenuItemConstructorOptions] : []),
    { label: 'File', submenu: [{ role: 'quit' }] },
    { label: 'Edit', submenu: [{ role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }] },
    {
      label: 'View',
      submenu: [
        { role: 'reload' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
        ...(app.isPackaged ? [] : [{ role: 'toggleDevTools' } satisfies MenuItemConstructorOptions]),
      ],
    },
  ];
  return Menu.buildFromTemplate(template);
}

async function start(): Promise<void> {
  await app.whenReady();
  hardenSession();
  Menu.setApplicationMenu(buildMenu());
  const dataDir = process.env.STATION_DATA_DIR ? path.resolve(process.env.STATION_DATA_DIR) : app.getPath('userData');
  const stationCore = await StationCore.open({ dataDir, secretStore: new KeytarSecretStore() });
  core = stationCore;
  wireContract(bindContract(stationCore));
  forwardCoreEvents(stationCore, (event, payload) => {
    for (const window of BrowserWindow.getAllWindows()) window.webContents.send(IPC_EVENT_CHANNEL, event, payload);
  });
  mainWindow = createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) mainWindow = createWindow();
  });
}

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

let isClosingCore = false;
app.on('before-quit', (event) => {
  if (!core || isClosingCore) return;
  // Let the core finish writing the ledger before the process exits.
  event.preventDefault();
  isClosingCore = true;
  const closing = core;
  core = null;
  void closing.close().finally(() => app.quit());
});

start().catch((error: unknown) => {
  const { message, hint } = toErrorShape(error);
  console.error(`The station could not start: ${message}`);
  dialog.showErrorBox('The station could not start', hint ? `${message}\n\n${hint}` : message);
  app.exit(1);
});
