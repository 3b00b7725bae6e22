import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowserSession, type BrowserSession } from './support/browser-session';
import { createE2eStation, type E2eStation } from './support/e2e-station';
import { ensureRendererBuilt, screenshotPath } from './support/renderer-build';
import { openStationPage, showScreen } from './support/station-page';

/** An offline root made with openssl in `dir`; signs a CSR as an intermediate CA certificate. */
function makeOfflineRoot(dir: string): { rootPem: string; sign: (csrPem: string) => string } {
  const rootKey = path.join(dir, 'root.key');
  const rootCert = path.join(dir, 'root.pem');
  execFileSync('openssl', ['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', rootKey]);
  execFileSync('openssl', ['req', '-x509', '-new', '-key', rootKey, '-subj', '/CN=E2E Offline Root', '-days', '3650', '-sha256', '-out', rootCert,
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  return {
    rootPem: fs.readFileSync(rootCert, 'utf8'),
    sign(csrPem) {
      const csrPath = path.join(dir, 'line-ca.csr');
      const extPath = path.join(dir, 'ext.cnf');
      const outPath = path.join(dir, 'line-ca.pem');
      fs.writeFileSync(csrPath, csrPem);
      fs.writeFileSync(extPath, 'basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n');
      execFileSync('openssl', ['x509', '-req', '-in', csrPath, '-CA', rootCert, '-CAkey', rootKey, '-CAcreateserial', '-days', '1825', '-sha256',
        '-extfile', extPath, '-out', outPath]);
      return fs.readFileSync(outPath, 'utf8');
    },
  };
}

describe('a line CA signed by an offline root, set up in the browser', () => {
  let browser: BrowserSession;
  let station: E2eStation;

  beforeAll(async () => {
    ensureRendererBuilt();
    browser = await openBrowserSession();
    station = await createE2eStation({ withCa: false, withRegistry: false });
  });
  afterAll(async () => {
    await station?.dispose();
    await browser?.close();
  });

  it('shows the CSR to copy, refuses a wrong certificate, and installs the signed one', async () => {
    const page = browser.page;
    await openStationPage(page, station);
    await showScreen(page, 'setup');
    await page.getByTestId('ca-csr-subject').fill('CN=Line 9 CA');
    await page.getByTestId('ca-csr-submit').click();
    const csrPem = await page.getByTestId('ca-csr-pem').inputValue();
    expect(csrPem).toMatch(/^-----BEGIN CERTIFICATE REQUEST-----\n/);
    await page.getByTestId('ca-status').filter({ hasText: 'WAITING FOR THE SIGNED CERTIFICATE' }).waitFor();
    await page.getByTestId('ca-csr-copy').click();
    // The clipboard answers asynchronously after the click: wait for the button to say what happened.
    await expect.poll(() => page.getByTestId('ca-csr-copy').textContent()).toMatch(/Copied|Ctrl\+C/);

    const root = makeOfflineRoot(station.dataDir);
    await page.getByTestId('ca-install-cert').fill(root.rootPem);
    await page.getByTestId('ca-install-submit').click();
    await expect(page.getByTestId('ca-install-error').getAttribute('data-code')).resolves.toBe('ca-key-mismatch');

    await page.getByTestId('ca-install-cert').fill(root.sign(csrPem));
    await page.getByTestId('ca-install-chain').fill(root.rootPem);
    await page.getByTestId('ca-install-submit').click();
    await page.getByTestId('ca-status').filter({ hasText: '✓ READY' }).waitFor();
    await expect(page.getByTestId('ca-subject').textContent()).resolves.toContain('Line 9 CA');
    await page.screenshot({ path: screenshotPath('setup-offline-root'), fullPage: true });
    expect(browser.pageErrors).toEqual([]);
  });
});
