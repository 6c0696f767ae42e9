/**
 * The Certificates and Settings pages in Chromium against a real `portico serve`: the CA
 * folder and the NODE_EXTRA_CA_CERTS line are shown, the Trust button installs the CA in an
 * NSS store (checked with certutil), a changed setting survives a reload (it is in the
 * engine's config.json); without mkcert the page says why and how to install it.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissing, launchChromium, openDashboard } from '../helpers/browser-chromium';
import { ensureDashboardBuilt } from '../helpers/browser-dashboard-build';
import { startPortico, type ServedPortico } from '../helpers/browser-serve';
import { createNssDb, nssUnavailable } from '../helpers/nss-db';
import { startEchoUpstream, type Upstream } from '../helpers/upstreams';

const run = promisify(execFile);
const missing = chromiumMissing() ?? nssUnavailable();
if (missing) console.log(`skipped: dashboard e2e: ${missing}`);

describe.skipIf(missing)('dashboard: certificates and settings', () => {
  let portico: ServedPortico;
  let upstream: Upstream;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    await ensureDashboardBuilt();
    upstream = await startEchoUpstream();
    portico = await startPortico();
    // A TLS domain makes mkcert create the CA in the engine's temp CAROOT.
    await portico.cli('add', 'shop.localhost', String(upstream.port));
    await portico.caCertificate();
    browser = await launchChromium();
    page = await openDashboard(browser, portico.dashboardUrl, pageErrors, 20_000);
  });

  afterAll(async () => {
    await browser?.close();
    await portico?.stop();
    await upstream?.close();
  });

  /** The value next to a label of the CA's facts list ("Chrome / Chromium (NSS)" → "trusted"). */
  const fact = (label: string) => page.locator('.facts dt', { hasText: label }).locator('+ dd');

  it('shows the CA folder and the NODE_EXTRA_CA_CERTS line', async () => {
    await page.getByRole('button', { name: 'Certificates' }).click();
    await page.getByRole('heading', { name: 'Local certificate authority' }).waitFor();
    await page.getByText(portico.caroot, { exact: true }).waitFor();
    const line = page.locator('.node-line code');
    expect(await line.textContent()).toContain('NODE_EXTRA_CA_CERTS');
    expect(await line.textContent()).toContain(path.join(portico.caroot, 'rootCA.pem'));
    await page.getByRole('button', { name: 'Copy the NODE_EXTRA_CA_CERTS line' }).waitFor();
    await page.getByRole('row', { name: /shop\.localhost/ }).waitFor();
  });

  it('trusts the CA in the NSS store with the Trust button', async () => {
    const db = await createNssDb(portico.home);
    // Visiting the page again reads the CA status again: the new store is "not trusted".
    await page.getByRole('button', { name: 'Domains' }).click();
    await page.getByRole('button', { name: 'Certificates' }).click();
    const nss = fact('Chrome / Chromium (NSS)');
    await expect.poll(() => nss.textContent(), { timeout: 15_000 }).toBe('not trusted');

    await page.getByRole('button', { name: 'Trust', exact: true }).click();
    await expect.poll(() => nss.textContent(), { timeout: 20_000 }).toBe('trusted');
    await page.getByText('The local CA is now trusted.').waitFor();
    const { stdout } = await run('certutil', ['-d', `sql:${db}`, '-L']);
    expect(stdout).toMatch(/mkcert/);
  });

  it('keeps a changed read timeout after a reload (saved in the engine config)', async () => {
    await page.getByRole('button', { name: 'Settings' }).click();
    const readTimeout = page.getByLabel('Read timeout (ms)');
    expect(await readTimeout.inputValue()).toBe('120000');
    await readTimeout.fill('45000');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Settings saved.').waitFor();

    await page.reload();
    await page.getByRole('button', { name: 'Settings' }).click();
    await expect
      .poll(() => page.getByLabel('Read timeout (ms)').inputValue(), { timeout: 15_000 })
      .toBe('45000');
    const config = JSON.parse(
      await readFile(path.join(portico.dataDir, 'config.json'), 'utf8'),
    ) as { timeouts?: { readMs?: number } };
    expect(config.timeouts?.readMs).toBe(45000);
    // Start at login is the desktop app's: the web dashboard does not offer it.
    expect(await page.getByLabel('Start Portico at login').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});

describe.skipIf(chromiumMissing())('dashboard: certificates without mkcert', () => {
  let portico: ServedPortico;
  let browser: Browser;

  beforeAll(async () => {
    await ensureDashboardBuilt();
    portico = await startPortico({ env: { PORTICO_MKCERT: '/nonexistent/mkcert' } });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await portico?.stop();
  });

  it('says why HTTPS is off and how to install mkcert', async () => {
    const page = await browser.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(portico.dashboardUrl);
    await page.getByRole('button', { name: 'Certificates' }).click();
    const card = page.getByRole('region', { name: /mkcert was not found/ });
    await card.waitFor();
    expect(await card.getByRole('alert').textContent()).toContain('/nonexistent/mkcert');
    await card.getByText('sudo apt install mkcert libnss3-tools', { exact: true }).waitFor();
    await card.getByRole('button', { name: 'Copy the command brew install mkcert nss' }).waitFor();
    expect(await page.getByRole('heading', { name: 'Domain certificates' }).count()).toBe(0);
  });
});
