/**
 * The Domains page in Chromium against a real `portico serve` (issue 5's "Done when"): add a
 * domain through the form after a validation message, toggle it off (503) and on (200 from a
 * real upstream), see a CLI change without reloading, remove it.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissing, launchChromium, openDashboard } from '../helpers/browser-chromium';
import { ensureDashboardBuilt } from '../helpers/browser-dashboard-build';
import { expectProxyStatus, startPortico, type ServedPortico } from '../helpers/browser-serve';
import { startEchoUpstream, type Upstream } from '../helpers/upstreams';

const missing = chromiumMissing();
if (missing) console.log(`skipped: dashboard e2e: ${missing}`);

describe.skipIf(missing)('dashboard: domains', () => {
  let portico: ServedPortico;
  let upstream: Upstream;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    await ensureDashboardBuilt();
    upstream = await startEchoUpstream();
    portico = await startPortico();
    browser = await launchChromium();
    page = await openDashboard(browser, portico.dashboardUrl, pageErrors, 10_000);
  });

  afterAll(async () => {
    await browser?.close();
    await portico?.stop();
    await upstream?.close();
  });

  it('keeps the token out of the visible URL and teaches with an empty state', async () => {
    await expect.poll(() => page.url()).not.toContain('token=');
    await page.getByText('Give your dev server a name').waitFor();
    await page.getByText('Running').waitFor();
  });

  it('adds a domain through the form, after a validation message for a bad name', async () => {
    await page.keyboard.press('n');
    const dialog = page.getByRole('dialog', { name: 'Add domain' });
    const domainField = dialog.getByLabel('Domain', { exact: true });
    const submit = dialog.getByRole('button', { name: 'Add domain' });

    await domainField.fill('shop.dev');
    await dialog.getByText('.dev is a real top-level domain').waitFor();
    expect(await domainField.getAttribute('aria-invalid')).toBe('true');
    expect(await submit.isDisabled()).toBe(true);

    await domainField.fill('shop.localhost');
    await dialog.getByLabel('Target', { exact: true }).fill(String(upstream.port));
    await dialog.getByLabel('HTTPS with a local certificate').uncheck();
    expect(await submit.isEnabled()).toBe(true);
    await submit.click();
    await dialog.waitFor({ state: 'detached' });

    const toggle = page.getByRole('switch', { name: 'Enable shop.localhost' });
    await toggle.waitFor();
    expect(await toggle.getAttribute('aria-checked')).toBe('true');
    const answer = await expectProxyStatus(portico.httpPort, 'shop.localhost', 200, '/hello');
    expect(JSON.parse(answer.body)).toMatchObject({ url: '/hello' });
  });

  it('shows a server error in the form (a name that already exists)', async () => {
    await page.getByRole('button', { name: 'Add domain' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Add domain' });
    await dialog.getByLabel('Domain', { exact: true }).fill('shop.localhost');
    await dialog.getByLabel('Target', { exact: true }).fill('5173');
    await dialog.getByRole('button', { name: 'Add domain' }).click();
    await dialog.getByRole('alert').waitFor();
    expect(await dialog.getByRole('alert').textContent()).toMatch(/shop\.localhost/);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  it('toggles the domain off (503) and on again (200)', async () => {
    const toggle = page.getByRole('switch', { name: 'Enable shop.localhost' });
    await toggle.click();
    await expect.poll(() => toggle.getAttribute('aria-checked')).toBe('false');
    await expectProxyStatus(portico.httpPort, 'shop.localhost', 503);

    await toggle.click();
    await expect.poll(() => toggle.getAttribute('aria-checked')).toBe('true');
    await expectProxyStatus(portico.httpPort, 'shop.localhost', 200);
  });

  it('shows a change made with the CLI without a reload', async () => {
    await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
    await portico.cli('disable', 'shop.localhost');
    const toggle = page.getByRole('switch', { name: 'Enable shop.localhost' });
    await expect.poll(() => toggle.getAttribute('aria-checked'), { timeout: 5_000 }).toBe('false');

    await portico.cli('add', 'docs.localhost', '3999', '--no-tls');
    await page.getByRole('switch', { name: 'Enable docs.localhost' }).waitFor({ timeout: 5_000 });
    expect(
      await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded),
    ).toBe(true);
    await portico.cli('enable', 'shop.localhost');
    await expect.poll(() => toggle.getAttribute('aria-checked'), { timeout: 5_000 }).toBe('true');
  });

  it('removes the domain from its menu', async () => {
    await page.getByRole('button', { name: 'Actions for shop.localhost' }).click();
    await page.getByRole('menuitem', { name: 'Remove…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Remove shop.localhost?' });
    await dialog.getByRole('button', { name: 'Remove' }).click();
    await page
      .getByRole('switch', { name: 'Enable shop.localhost' })
      .waitFor({ state: 'detached' });
    await expectProxyStatus(portico.httpPort, 'shop.localhost', 404);
    const listed = await portico.cli('list', '--json');
    expect(listed).not.toContain('"shop.localhost"');
    expect(pageErrors).toEqual([]);
  });
});
