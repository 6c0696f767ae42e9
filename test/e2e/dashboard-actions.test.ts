/**
 * The inspector's actions in Chromium against a real `portico serve` (issue 4's UI): Copy as
 * cURL gives a command that real curl runs to the same answer; Export HAR downloads a HAR 1.2
 * with the request; captured markup renders as text; secrets are redacted until shown.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import { promisify } from 'node:util';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissing, launchChromium } from '../helpers/browser-chromium';
import { ensureDashboardBuilt } from '../helpers/browser-dashboard-build';
import { startPortico, type ServedPortico } from '../helpers/browser-serve';
import { startEchoUpstream, type Upstream } from '../helpers/upstreams';

const run = promisify(execFile);
const missing = chromiumMissing();
if (missing) console.log(`skipped: dashboard e2e: ${missing}`);

/** A request through the proxy with exactly these headers (Host set from `host`). */
function send(
  port: number,
  host: string,
  pathname: string,
  headers: Record<string, string> = {},
): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, path: pathname, headers: { host, ...headers }, agent: false },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.setTimeout(10_000, () => req.destroy(new Error('proxy request timed out')));
    req.end();
  });
}

describe.skipIf(missing)('dashboard: inspector actions', () => {
  let portico: ServedPortico;
  let upstream: Upstream;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];
  const dialogs: string[] = [];

  beforeAll(async () => {
    await ensureDashboardBuilt();
    upstream = await startEchoUpstream();
    portico = await startPortico();
    await portico.cli('add', 'shop.localhost', String(upstream.port), '--no-tls');
    browser = await launchChromium();
    context = await browser.newContext({ acceptDownloads: true });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: new URL(portico.dashboardUrl).origin,
    });
    page = await context.newPage();
    page.setDefaultTimeout(10_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.goto(portico.dashboardUrl);
    await page.getByRole('button', { name: 'Inspector' }).click();
    await page.getByText('No requests yet.').waitFor();
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await portico?.stop();
    await upstream?.close();
  });

  const list = () => page.getByRole('listbox', { name: 'Requests' });
  const details = () => page.getByRole('region', { name: 'Request details' });
  const curlArgs = (pathname: string) => [
    '-sS',
    '--resolve',
    `shop.localhost:${portico.httpPort}:127.0.0.1`,
    '-H',
    'X-Test: copy-as-curl',
    `http://shop.localhost:${portico.httpPort}${pathname}`,
  ];

  it('copies a cURL command that real curl runs to the same answer', async () => {
    const original = await run('curl', curlArgs('/status/201?copy=1'));
    expect(JSON.parse(original.stdout)).toMatchObject({ url: '/status/201?copy=1' });
    await list()
      .getByRole('option', { name: /status\/201\?copy=1 201/ })
      .click();
    await details().waitFor();
    await page.evaluate(() => navigator.clipboard.writeText(''));
    await details().getByRole('button', { name: 'Copy as cURL' }).click();
    await page.getByText('Copied the cURL command.').waitFor();
    const command = await page.evaluate(() => navigator.clipboard.readText());
    expect(command).toMatch(/^curl /);
    expect(command).toContain('--resolve');

    const again = await run('bash', ['-c', command]);
    expect(again.stdout).toBe(original.stdout);
    // The repeat went through Portico too, with the same status.
    await expect
      .poll(
        () =>
          list()
            .getByRole('option', { name: /status\/201\?copy=1 201/ })
            .count(),
        { timeout: 15_000 },
      )
      .toBe(2);
  });

  it('exports the selected request as a HAR 1.2 download', async () => {
    const download = page.waitForEvent('download');
    await details().getByRole('button', { name: 'Export HAR' }).click();
    const file = await (await download).path();
    const har = JSON.parse(await readFile(file, 'utf8')) as {
      log: { version: string; entries: Array<{ request: { url: string; method: string } }> };
    };
    expect(har.log.version).toBe('1.2');
    expect(har.log.entries).toHaveLength(1);
    expect(har.log.entries[0]?.request).toMatchObject({
      method: 'GET',
      url: expect.stringContaining('/status/201?copy=1') as unknown,
    });
  });

  it('renders markup in a path and a header value as text', async () => {
    const script = '<script>alert(1)</script>';
    expect(
      await send(portico.httpPort, 'shop.localhost', `/xss/${script}`, {
        'x-evil': script,
        'x-evil-img': '<img src=x onerror=alert(2)>',
      }),
    ).toBe(200);
    const option = list().getByRole('option', { name: /xss/ });
    await option.click();
    await details().getByText(`shop.localhost/xss/${script}`).waitFor();
    const request = page.getByRole('region', { name: 'Request headers' });
    const row = request.getByRole('row', { name: /^x-evil / });
    expect(await row.textContent()).toContain(script);
    expect(await request.getByRole('row', { name: /^x-evil-img/ }).textContent()).toContain(
      '<img src=x onerror=alert(2)>',
    );
    // Nothing was parsed as HTML: no script or img element came from the captured data.
    expect(await details().locator('script, img').count()).toBe(0);
    await page.waitForTimeout(200);
    expect(dialogs).toEqual([]);
  });

  it('redacts a Cookie until "Show secrets" is switched on', async () => {
    expect(
      await send(portico.httpPort, 'shop.localhost', '/with-cookie', { cookie: 'secret=1' }),
    ).toBe(200);
    await list()
      .getByRole('option', { name: /with-cookie/ })
      .click();
    const cookie = page.getByRole('region', { name: 'Request headers' }).getByRole('row', {
      name: /^cookie/,
    });
    await expect.poll(() => cookie.textContent(), { timeout: 15_000 }).toContain('[redacted');
    expect(await cookie.textContent()).not.toContain('secret=1');

    const show = page.getByRole('checkbox', { name: 'Show secrets' });
    await show.check();
    await expect.poll(() => cookie.textContent(), { timeout: 15_000 }).toContain('secret=1');
    expect(await cookie.textContent()).not.toContain('[redacted');

    await show.uncheck();
    await expect.poll(() => cookie.textContent(), { timeout: 15_000 }).toContain('[redacted');
    expect(pageErrors).toEqual([]);
  });
});
