import type { Page } from 'playwright-core';
import type { E2eStation } from './e2e-station';

export type ScreenName = 'station' | 'setup' | 'ledger' | 'enrollment';

/** Opens the host's URL (with its token) and waits for the station screen. */
export async function openStationPage(page: Page, station: E2eStation): Promise<void> {
  await page.goto(station.host.url);
  await page.getByTestId('screen-station').waitFor();
}

export async function showScreen(page: Page, screen: ScreenName): Promise<void> {
  await page.getByTestId(`nav-${screen}`).click();
  await page.getByTestId(`screen-${screen}`).waitFor();
}

/** Saves the port globs through the Setup screen, as an operator would. */
export async function setPortPaths(page: Page, paths: string[]): Promise<void> {
  await showScreen(page, 'setup');
  await page.getByTestId('ports-paths').fill(paths.join('\n'));
  await page.getByTestId('ports-save').click();
  await page.getByTestId('ports-saved').waitFor();
}

/** The tile of the port whose path ends with `suffix`. */
export function tileFor(page: Page, stationPath: string) {
  return page.locator(`[data-testid="port-tile"][data-port="${stationPath}"]`);
}
