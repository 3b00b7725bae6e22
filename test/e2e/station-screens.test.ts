import fs from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openBrowserSession, type BrowserSession } from './support/browser-session';
import { createE2eStation, type E2eStation } from './support/e2e-station';
import { ensureRendererBuilt, screenshotPath } from './support/renderer-build';
import { openStationPage, setPortPaths, showScreen, tileFor } from './support/station-page';

// The operator's screens in a real browser, against a real StationCore with simulated boards on ptys,
// the registry emulator and the OS keychain. Screenshots go to test-output/screenshots/.
describe('the operator screens', () => {
  let browser: BrowserSession;
  let station: E2eStation | null = null;

  beforeAll(async () => {
    ensureRendererBuilt();
    browser = await openBrowserSession();
  });
  afterEach(async () => {
    browser.pageErrors.length = 0;
    await station?.dispose();
    station = null;
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('sets up the line CA from an empty data directory', async () => {
    station = await createE2eStation({ withCa: false });
    const page = browser.page;
    await openStationPage(page, station);
    await expect(page.getByTestId('no-tiles').textContent()).resolves.toContain('No boards yet');
    await page.screenshot({ path: screenshotPath('station-empty'), fullPage: true });

    await showScreen(page, 'setup');
    await expect(page.getByTestId('ca-status').textContent()).resolves.toBe('✗ NOT SET UP');
    await page.getByTestId('ca-create-subject').fill('CN=Line 7 CA,O=E2E Works');
    await page.getByTestId('ca-create-submit').click();
    await page.getByTestId('ca-status').filter({ hasText: '✓ READY' }).waitFor();

    const summary = await station.core.caSummary();
    expect(summary.isInitialized).toBe(true);
    await expect(page.getByTestId('ca-fingerprint').textContent()).resolves.toBe(summary.sha256Fingerprint);
    await expect(page.getByTestId('ca-key').textContent()).resolves.toContain('✓');
    await expect(page.getByTestId('keychain-status').textContent()).resolves.toContain('✓ available');

    await page.getByTestId('profile-validity').fill('730');
    await page.getByTestId('profile-save').click();
    await page.getByTestId('profile-saved').waitFor();
    expect((await station.core.getProfile()).validityDays).toBe(730);

    await expect(page.getByTestId('mode-keygen').isChecked()).resolves.toBe(true);
    await expect(page.getByTestId('mode-choice-keygen').textContent()).resolves.toContain('Board makes its own key (on-chip, recommended)');
    await expect(page.getByTestId('mode-fallback').textContent()).resolves.toContain('falls back to the other');
    await page.getByTestId('mode-inject').check();
    await page.getByTestId('mode-save').click();
    await expect(page.getByTestId('mode-saved').textContent()).resolves.toContain('✓');
    await expect(station.core.getMode()).resolves.toBe('inject');
    await openStationPage(page, station);
    await showScreen(page, 'setup');
    await expect(page.getByTestId('mode-inject').isChecked()).resolves.toBe(true);

    await page.getByTestId('trace-operator').fill('Ada');
    await page.getByTestId('trace-work-order').fill('WO-4711');
    await page.getByTestId('trace-save').click();
    await page.getByTestId('trace-saved').waitFor();
    expect(await station.core.overview()).toMatchObject({ operator: 'Ada', workOrder: 'WO-4711' });

    await page.getByTestId('registry-test').click();
    await page.getByTestId('registry-test-ok').waitFor();
    await expect(page.getByTestId('registry-secret-state').textContent()).resolves.toContain('✓');
    await page.screenshot({ path: screenshotPath('setup'), fullPage: true });
    expect(browser.pageErrors).toEqual([]);
  });

  it('shows an invalid setting as an error with a hint, and saves nothing', async () => {
    station = await createE2eStation({ withCa: false, withRegistry: false });
    const page = browser.page;
    await openStationPage(page, station);
    await showScreen(page, 'setup');
    await page.getByTestId('ports-usb').fill('not-a-usb-id');
    await page.getByTestId('ports-save').click();
    const error = page.getByTestId('ports-error');
    await error.waitFor();
    await expect(error.getAttribute('data-code')).resolves.toBe('invalid-input');
    await expect(error.textContent()).resolves.toContain('usbFilters');
    expect((await station.core.getPortSettings()).usbFilters).toEqual([]);

    await showScreen(page, 'station');
    await page.getByTestId('watch-toggle').click();
    await expect(page.getByTestId('watch-error').getAttribute('data-code')).resolves.toBe('ports-not-configured');
  });

  it('turns a plugged-in board into a green tile, step by step', async () => {
    station = await createE2eStation({ withCa: true });
    const page = browser.page;
    await openStationPage(page, station);
    await setPortPaths(page, [station.portGlob]);
    await showScreen(page, 'station');
    await page.getByTestId('watch-toggle').click();
    await page.getByTestId('watch-state').filter({ hasText: 'WATCHING' }).waitFor();

    const board = await station.startBoard({ serial: 'SN-E2E-0001', keygenMs: 300 });
    const tile = tileFor(page, board.stationPath);
    await tile.locator('[data-mark="current"]').first().waitFor();
    await tile.and(page.locator('[data-state="succeeded"]')).waitFor();
    await expect(tile.getByTestId('tile-status').textContent()).resolves.toBe('✓ DONE');
    await expect(tile.getByTestId('tile-serial').textContent()).resolves.toContain('SN-E2E-0001');
    await expect(tile.locator('[data-mark="done"]').count()).resolves.toBe(9);
    await page.getByTestId('counter-provisioned').filter({ hasText: '1' }).waitFor();
    await page.screenshot({ path: screenshotPath('station'), fullPage: true });
    expect(browser.pageErrors).toEqual([]);
  });

  it("shows a failing board's reason and hint, and Retry provisions it", async () => {
    station = await createE2eStation({ withCa: true });
    const page = browser.page;
    const board = await station.startBoard({ serial: 'SN-E2E-0002', errorOnce: [{ command: 'CSR', code: 500 }] });
    await openStationPage(page, station);
    await station.core.provisionPort(board.stationPath);

    const tile = tileFor(page, board.stationPath);
    await tile.and(page.locator('[data-state="failed"]')).waitFor();
    await expect(tile.getByTestId('tile-status').textContent()).resolves.toBe('✗ FAILED');
    const message = await tile.getByTestId('tile-error-message').textContent();
    expect(message?.length ?? 0).toBeGreaterThan(10);
    await expect(tile.locator('[data-mark="failed"]').count()).resolves.toBe(1);
    await expect(page.getByTestId('counter-failed').textContent()).resolves.toBe('1');
    await page.screenshot({ path: screenshotPath('station-failed'), fullPage: true });

    await tile.getByTestId('tile-retry').click();
    await tile.and(page.locator('[data-state="succeeded"]')).waitFor();
    await expect(tile.getByTestId('tile-error-message').count()).resolves.toBe(0);
    await page.getByTestId('counter-provisioned').filter({ hasText: '1' }).waitFor();
    expect(browser.pageErrors).toEqual([]);
  });

  it("finds a board in the ledger, opens its history and exports CSV and JSON", async () => {
    station = await createE2eStation({ withCa: true });
    const page = browser.page;
    const first = await station.startBoard({ serial: 'SN-E2E-0003' });
    const second = await station.startBoard({ serial: 'SN-E2E-0004' });
    expect((await station.core.provisionPort(first.stationPath)).state).toBe('succeeded');
    expect((await station.core.provisionPort(second.stationPath)).state).toBe('succeeded');
    await openStationPage(page, station);
    await showScreen(page, 'ledger');
    await expect(page.getByTestId('ledger-row').count()).resolves.toBe(2);

    await page.getByTestId('ledger-serial').fill('SN-E2E-0004');
    await page.getByTestId('ledger-search').click();
    await page.locator('[data-testid="ledger-row"][data-serial="SN-E2E-0004"]').waitFor();
    await expect(page.getByTestId('ledger-row').count()).resolves.toBe(1);
    await page.getByTestId('ledger-row').click();
    await expect(page.getByTestId('history-serial').textContent()).resolves.toBe('SN-E2E-0004');
    await expect(page.getByTestId('history-runs').textContent()).resolves.toContain('succeeded');
    await expect(page.getByTestId('history-credentials').locator('li').count()).resolves.toBe(1);
    await page.screenshot({ path: screenshotPath('ledger'), fullPage: true });

    await page.getByTestId('ledger-verify').click();
    await expect(page.getByTestId('ledger-verdict').textContent()).resolves.toMatch(/^✓ Ledger intact \(\d+ events checked\)\.$/);

    const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('ledger-export-csv').click()]);
    expect(csvDownload.suggestedFilename()).toMatch(/^ledger-.*\.csv$/);
    const csv = fs.readFileSync(await csvDownload.path(), 'utf8');
    expect(csv).toContain('SN-E2E-0004');
    expect(csv).not.toContain('SN-E2E-0003');

    const [jsonDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('ledger-export-json').click()]);
    const exported: unknown = JSON.parse(fs.readFileSync(await jsonDownload.path(), 'utf8'));
    expect(JSON.stringify(exported)).toContain('SN-E2E-0004');
    expect(browser.pageErrors).toEqual([]);
  });

  it('lists a credential the registry could not take, with its reason, and Retry enrolls it', async () => {
    station = await createE2eStation({ withCa: true });
    const page = browser.page;
    const registry = await station.core.getRegistry();
    // The registry is unreachable while the board is provisioned: enrollment stays pending.
    await station.core.setRegistry({ ...registry, url: 'http://127.0.0.1:9/DeployedDevices/v1' });
    const board = await station.startBoard({ serial: 'SN-E2E-0005' });
    expect((await station.core.provisionPort(board.stationPath)).state).toBe('succeeded');
    await station.core.setRegistry(registry);

    await openStationPage(page, station);
    await showScreen(page, 'enrollment');
    const item = page.locator('[data-testid="enrollment-item"][data-serial="SN-E2E-0005"]');
    await item.waitFor();
    await expect(page.getByTestId('enrollment-enrolled').textContent()).resolves.toBe('0');
    await expect(item.getByTestId('enrollment-reason').textContent()).resolves.toMatch(/Reason: .{5,}/);
    await page.screenshot({ path: screenshotPath('enrollment'), fullPage: true });

    await item.getByTestId('enrollment-retry').click();
    await page.getByTestId('enrollment-enrolled').filter({ hasText: '1' }).waitFor();
    const overview = await station.core.enrollmentOverview();
    expect(overview.enrolled).toBe(1);
    expect(browser.pageErrors).toEqual([]);
  });
});
