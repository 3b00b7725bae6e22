/**
 * The app window's security settings, kept free of any electron import so a unit test can read them
 * (after Electron's security checklist and Actual Budget's security.ts).
 */

/** BrowserWindow webPreferences (the shell adds only the preload path). */
export const WINDOW_WEB_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  experimentalFeatures: false,
  // NOTE: middle-click would open links in new windows (electronegativity AUXCLICK check).
  disableBlinkFeatures: 'Auxclick',
  navigateOnDragDrop: false,
  spellcheck: false,
  safeDialogs: true,
} as const;

/**
 * The Content-Security-Policy in src-renderer/index.html's meta tag (a unit test keeps them equal):
 * scripts and styles only from the app's own files, no inline script, no eval. connect-src allows the
 * host's WebSocket on loopback (browser mode).
 */
export const META_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self' ws://127.0.0.1:* ws://localhost:*",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
].join('; ');

/**
 * The policy sent as a response header (Electron session, host): the meta policy plus the directives a
 * meta tag cannot carry (browsers ignore frame-ancestors there).
 */
export const CONTENT_SECURITY_POLICY = `${META_CONTENT_SECURITY_POLICY}; frame-ancestors 'none'`;

export interface AppPageOrigins {
  /** file:// URL of the packaged renderer's index.html, e.g. file:///…/out/renderer/index.html */
  rendererIndexUrl: string;
  /** The electron-vite dev server URL (ELECTRON_RENDERER_URL) in dev, else null. */
  devServerUrl: string | null;
}

/**
 * True only for pages the app ships: the packaged index.html (any query/hash), or a page of the dev
 * server in dev. Everything else (other files, remote sites, data:, javascript:) is refused.
 */
export function isAppPageUrl(candidate: string, origins: AppPageOrigins): boolean {
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return false;
  }
  if (url.protocol === 'file:') {
    const index = new URL(origins.rendererIndexUrl);
    return url.pathname === index.pathname && url.host === index.host;
  }
  if (origins.devServerUrl !== null && (url.protocol === 'http:' || url.protocol === 'https:')) {
    return url.origin === new URL(origins.devServerUrl).origin;
  }
  return false;
}
