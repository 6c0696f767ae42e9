/**
 * The Inspector in Chromium against a real `portico serve` (issue 4's browser tests): a
 * request through the proxy appears live, its detail shows the before/after difference with
 * explanations, replay adds a new linked entry; filters and the clear shortcut work.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissing, launchChromium, openDashboard } from '../helpers/browser-chromium';
import { ensureDashboardBuilt } from '../helpers/browser-dashboard-build';
import { expectProxyStatus, startPortico, type ServedPortico } from '../helpers/browser-serve';
import { startEchoUpstream, type Upstream } from '../helpers/upstreams';

const missing = chromiumMissing();
if (missing) console.log(`skipped: dashboard e2e: ${missing}`);

describe.skipIf(missing)('dashboard: inspector', () => {
  let portico: ServedPortico;
  let upstream: Upstream;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    await ensureDashboardBuilt();
    upstream = await startEchoUpstream();
    portico = await startPortico();
    await portico.cli('add', 'shop.localhost', String(upstream.port), '--no-tls');
    browser = await launchChromium();
    page = await openDashboard(browser, portico.dashboardUrl, pageErrors, 10_000);
    await page.getByRole('button', { name: 'Inspector' }).click();
    await page.getByText('No requests yet.').waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await portico?.stop();
    await upstream?.close();
  });

  const list = () => page.getByRole('listbox', { name: 'Requests' });

  it('shows a request made through the proxy live', async () => {
    await expectProxyStatus(portico.httpPort, 'shop.localhost', 200, '/live-check');
    const option = list().getByRole('option', { name: /GET shop\.localhost\/live-check 200/ });
    await option.waitFor();
  });

  it('shows the headers before and after forwarding, with explanations', async () => {
    await list()
      .getByRole('option', { name: /live-check/ })
      .click();
    const request = page.getByRole('region', { name: 'Request headers' });
    await request.waitFor();

    // The browser's spoofed X-Forwarded-For is replaced, and the reason is given.
    const xff = request.getByRole('row', { name: /^x-forwarded-for/ });
    await expect.poll(() => xff.textContent()).toContain('198.51.100.7');
    expect(await xff.textContent()).toMatch(/changed/i);
    expect(await xff.locator('.explanation').textContent()).not.toBe('');

    // X-Forwarded-Proto is added by Portico, with a one-line reason.
    const proto = request.getByRole('row', { name: /^x-forwarded-proto/ });
    expect(await proto.textContent()).toMatch(/added/i);
    expect(((await proto.locator('.explanation').textContent()) ?? '').length).toBeGreaterThan(10);

    // The dev server's hop-by-hop header is not sent on to the browser.
    const response = page.getByRole('region', { name: 'Response headers' });
    const hop = response.getByRole('row', { name: /^x-upstream-private/ });
    expect(await hop.textContent()).toMatch(/removed/i);

    await page.getByRole('tab', { name: 'Timing' }).click();
    await page.getByRole('img', { name: /Waiting for the first byte/ }).waitFor();
    await page.getByRole('tab', { name: 'Headers' }).click();
  });

  it('replays the request as a new entry linked to the original', async () => {
    const before = upstream.received.length;
    await page.getByRole('button', { name: 'Replay', exact: true }).click();
    await list()
      .getByRole('option', { name: /live-check 200, replay/ })
      .waitFor();
    await page.getByRole('button', { name: /Replay of an earlier request/ }).waitFor();
    expect(upstream.received.length).toBe(before + 1);
    expect(
      await list()
        .getByRole('option', { name: /live-check/ })
        .count(),
    ).toBe(2);
  });

  it('filters the list and clears it with Ctrl+K', async () => {
    await expectProxyStatus(portico.httpPort, 'shop.localhost', 404, '/status/404');
    await list()
      .getByRole('option', { name: /status\/404 404/ })
      .waitFor();

    await page.getByRole('main').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('/');
    const filter = page.getByRole('searchbox', { name: 'Filter requests' });
    await expect.poll(() => filter.evaluate((el) => el === document.activeElement)).toBe(true);
    await filter.fill('status');
    await expect.poll(() => list().getByRole('option').count()).toBe(1);
    await filter.fill('');
    await page.getByRole('combobox', { name: 'Status' }).selectOption({ label: '4xx' });
    await expect.poll(() => list().getByRole('option').count()).toBe(1);
    await page.getByRole('combobox', { name: 'Status' }).selectOption({ label: 'Any status' });

    await filter.blur();
    await page.keyboard.press('Control+k');
    await page.getByText('No requests yet.').waitFor();
    expect(pageErrors).toEqual([]);
  });
});
