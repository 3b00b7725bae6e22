import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowserSession, type BrowserSession } from './support/browser-session';
import { createE2eStation, type E2eStation } from './support/e2e-station';
import { ensureRendererBuilt, screenshotPath } from './support/renderer-build';
import { secretFragments } from './support/secret-fragments';
import { openStationPage, setPortPaths, showScreen, tileFor } from './support/station-page';

// Records every WebSocket frame between the page and the host while an operator sets up a station from
// an empty data directory, provisions a board and looks at every screen; then checks that neither the
// line CA's private key (as written to the keychain) nor the registry API secret ever crossed the wire.
describe('contract traffic', () => {
  let browser: BrowserSession;
  let station: E2eStation;
  const sent: string[] = [];
  const received: string[] = [];

  beforeAll(async () => {
    ensureRendererBuilt();
    browser = await openBrowserSession();
    station = await createE2eStation({ withCa: false });
    browser.page.on('websocket', (socket) => {
      socket.on('framesent', (frame) => sent.push(String(frame.payload)));
      socket.on('framereceived', (frame) => received.push(String(frame.payload)));
    });
  });
  afterAll(async () => {
    await station?.dispose();
    await browser?.close();
  });

  it('never carries the CA private key or the registry secret', async () => {
    const page = browser.page;
    await openStationPage(page, station);

    await showScreen(page, 'setup');
    await page.getByTestId('ca-create-submit').click();
    await page.getByTestId('ca-status').filter({ hasText: '✓ READY' }).waitFor();
    await page.getByTestId('registry-test').click();
    await page.getByTestId('registry-test-ok').waitFor();
    await setPortPaths(page, [station.portGlob]);

    await showScreen(page, 'station');
    await page.getByTestId('watch-toggle').click();
    const board = await station.startBoard({ serial: 'SN-E2E-SECRET-1' });
    await tileFor(page, board.stationPath).and(page.locator('[data-state="succeeded"]')).waitFor();

    await showScreen(page, 'ledger');
    await page.getByTestId('ledger-row').first().click();
    await page.getByTestId('board-history').waitFor();
    await Promise.all([page.waitForEvent('download'), page.getByTestId('ledger-export-json').click()]);
    await showScreen(page, 'enrollment');
    await page.getByTestId('enrollment-enrolled').filter({ hasText: '1' }).waitFor();
    await showScreen(page, 'setup');
    await page.getByTestId('registry-secret-state').waitFor();

    const caKeys = [...station.secrets.written].filter(([account]) => account.startsWith('line-ca-key:'));
    const registrySecrets = [...station.secrets.written].filter(([account]) => account.startsWith('registry-api-secret:'));
    expect(caKeys).toHaveLength(1);
    expect(caKeys[0]?.[1].length ?? 0).toBeGreaterThan(100);
    expect(registrySecrets.map(([, secret]) => secret)).toEqual([station.apiKeySecret]);
    // The recording works: the CA was created and the board's certificate came back over this socket.
    expect(sent.some((frame) => frame.includes('"ca-create-self-signed"'))).toBe(true);
    expect(received.some((frame) => frame.includes('SN-E2E-SECRET-1'))).toBe(true);

    const traffic = [...sent, ...received].join('\n');
    for (const [, secret] of [...caKeys, ...registrySecrets]) {
      for (const fragment of secretFragments(secret)) expect(traffic.includes(fragment)).toBe(false);
    }
    expect(traffic).not.toContain('PRIVATE KEY');
    await page.screenshot({ path: screenshotPath('setup-after-run'), fullPage: true });
  });

  it('sends a newly typed registry secret once, to the host only, and never gets it back', async () => {
    const page = browser.page;
    await showScreen(page, 'setup');
    const sentBefore = sent.length;
    const receivedBefore = received.length;
    const newSecret = 'typed-secret-5d0c1f9e8b7a6c5d4e3f2a1b';
    await page.getByTestId('registry-secret').fill(newSecret);
    await page.getByTestId('registry-secret-save').click();
    await expect(page.getByTestId('registry-secret').inputValue()).resolves.toBe('');
    await page.getByTestId('registry-test').click();
    await page.getByTestId('registry-test-error').waitFor();

    expect(station.secrets.written.get([...station.secrets.written.keys()].find((account) => account.startsWith('registry-api-secret:')) ?? '')).toBe(newSecret);
    const carrying = sent.slice(sentBefore).filter((frame) => frame.includes(newSecret));
    expect(carrying).toHaveLength(1);
    expect(carrying[0]).toContain('"registry-set-secret"');
    expect(received.slice(receivedBefore).some((frame) => frame.includes(newSecret))).toBe(false);
    expect(received.some((frame) => frame.includes(newSecret))).toBe(false);
  });
});
