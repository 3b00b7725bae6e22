import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, isAppPageUrl, META_CONTENT_SECURITY_POLICY, WINDOW_WEB_PREFERENCES } from '../../../src-main/window-security';

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter((parts): parts is [string, ...string[]] => parts[0] !== undefined && parts[0] !== '')
      .map(([name, ...values]) => [name, values]),
  );
}

describe('window webPreferences', () => {
  it('isolates and sandboxes the renderer', () => {
    expect(WINDOW_WEB_PREFERENCES.contextIsolation).toBe(true);
    expect(WINDOW_WEB_PREFERENCES.sandbox).toBe(true);
    expect(WINDOW_WEB_PREFERENCES.nodeIntegration).toBe(false);
    expect(WINDOW_WEB_PREFERENCES.nodeIntegrationInWorker).toBe(false);
    expect(WINDOW_WEB_PREFERENCES.nodeIntegrationInSubFrames).toBe(false);
    expect(WINDOW_WEB_PREFERENCES.webSecurity).toBe(true);
    expect(WINDOW_WEB_PREFERENCES.allowRunningInsecureContent).toBe(false);
    expect(WINDOW_WEB_PREFERENCES.webviewTag).toBe(false);
    expect(WINDOW_WEB_PREFERENCES.experimentalFeatures).toBe(false);
  });
});

describe('content security policy', () => {
  const policy = directives(CONTENT_SECURITY_POLICY);

  it('allows scripts only from the app, never inline or eval', () => {
    const scripts = policy.get('script-src') ?? policy.get('default-src') ?? [];
    expect(scripts).toEqual(["'self'"]);
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-inline');
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
    expect(CONTENT_SECURITY_POLICY).not.toContain('wasm-unsafe-eval');
  });

  it('denies by default and forbids objects, frames and base changes', () => {
    expect(policy.get('default-src')).toEqual(["'none'"]);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    expect(policy.get('base-uri')).toEqual(["'none'"]);
  });

  it('only connects to the app itself and the loopback host', () => {
    for (const source of policy.get('connect-src') ?? []) {
      expect(source).toMatch(/^('self'|ws:\/\/(127\.0\.0\.1|localhost):\*)$/);
    }
  });

  it('is the same text as the meta tag in index.html', () => {
    const html = fs.readFileSync(path.resolve(__dirname, '../../../src-renderer/index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html);
    expect(meta?.[1]).toBe(META_CONTENT_SECURITY_POLICY);
    expect(CONTENT_SECURITY_POLICY.startsWith(META_CONTENT_SECURITY_POLICY)).toBe(true);
  });
});

describe('isAppPageUrl', () => {
  const packaged = { rendererIndexUrl: 'file:///opt/station/out/renderer/index.html', devServerUrl: null };
  const dev = { ...packaged, devServerUrl: 'http://localhost:5173' };

  it('accepts the packaged page, with query or hash', () => {
    expect(isAppPageUrl('file:///opt/station/out/renderer/index.html', packaged)).toBe(true);
    expect(isAppPageUrl('file:///opt/station/out/renderer/index.html#ledger', packaged)).toBe(true);
  });

  it('refuses other files, remote sites and script URLs', () => {
    expect(isAppPageUrl('file:///etc/passwd', packaged)).toBe(false);
    expect(isAppPageUrl('file:///opt/station/out/renderer/other.html', packaged)).toBe(false);
    expect(isAppPageUrl('https://example.com/', packaged)).toBe(false);
    expect(isAppPageUrl('http://localhost:5173/', packaged)).toBe(false);
    expect(isAppPageUrl('javascript:alert(1)', packaged)).toBe(false);
    expect(isAppPageUrl('not a url', packaged)).toBe(false);
  });

  it('accepts the dev server only in dev, and only its origin', () => {
    expect(isAppPageUrl('http://localhost:5173/index.html', dev)).toBe(true);
    expect(isAppPageUrl('http://localhost:5174/', dev)).toBe(false);
    expect(isAppPageUrl('http://localhost.evil.test:5173/', dev)).toBe(false);
  });
});
