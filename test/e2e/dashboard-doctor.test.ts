/**
 * The Doctor panel in Chromium against a real `portico serve` (issue 8's UI): "Diagnose" from
 * a domain's menu opens the panel for that domain; with the dev server up the backend check
 * passes; once it is closed, "Run again" shows it failing with the engine's fix. A name
 * outside .localhost shows the hosts-file status.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissing, launchChromium, openDashboard } from '../helpers/browser-chromium';
import { ensureDashboardBuilt } from '../helpers/browser-dashboard-build';
import { startPortico, type ServedPortico } from '../helpers/browser-serve';
import { startEchoUpstream, type Upstream } from '../helpers/upstreams';

const missing = chromiumMissing();
if (missing) console.log(`skipped: dashboard e2e: ${missing}`);

describe.skipIf(missing)('dashboard: doctor', () => {
  let portico: ServedPortico;
  let upstream: Upstream;
  let upstreamOpen = true;
  let browser: Browser;
  let page: Page;
  let hostsDir: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    await ensureDashboardBuilt();
    upstream = await startEchoUpstream();
    // Its own hosts file, writable without elevation, so the managed block can be shown.
    hostsDir = mkdtempSync(path.join(tmpdir(), 'portico-doctor-hosts-'));
    const hostsFile = path.join(hostsDir, 'hosts-doctor');
    writeFileSync(hostsFile, '127.0.0.1 localhost\n');
    portico = await startPortico({ env: { PORTICO_HOSTS_FILE: hostsFile } });
    await portico.cli('add', 'shop.localhost', String(upstream.port), '--no-tls');
    browser = await launchChromium();
    page = await openDashboard(browser, portico.dashboardUrl, pageErrors, 20_000);
  });

  afterAll(async () => {
    await browser?.close();
    await portico?.stop();
    if (upstreamOpen) await upstream?.close();
    if (hostsDir) rmSync(hostsDir, { recursive: true, force: true });
  });

  const summary = () => page.getByRole('status', { name: 'Doctor summary' });
  const card = (host: string) => page.getByRole('region', { name: host, exact: true });
  const backendCheck = (host: string) =>
    card(host).getByRole('listitem').filter({ hasText: 'The dev server accepts connections' });

  it('opens from a domain menu and shows the backend check passing', async () => {
    await page.getByRole('button', { name: 'Actions for shop.localhost' }).click();
    await page.getByRole('menuitem', { name: 'Diagnose' }).click();
    await page.getByRole('heading', { name: 'Doctor', level: 1 }).waitFor();
    expect(await page.getByRole('combobox', { name: 'Domain to diagnose' }).inputValue()).toBe(
      'shop.localhost',
    );

    await backendCheck('shop.localhost').waitFor();
    const text = await backendCheck('shop.localhost').textContent();
    expect(text).toContain('Pass');
    expect(text).toContain(`answered HTTP 200`);
    // The status is a word, not only a colour; the summary counts the checks.
    await expect.poll(() => summary().textContent(), { timeout: 15_000 }).toMatch(/\d+ passed/);
  });

  it('shows the backend failing with the fix after the dev server stops ("Run again")', async () => {
    await upstream.close();
    upstreamOpen = false;
    const runAgain = page.getByRole('button', { name: 'Run again' });
    await runAgain.click();
    await expect
      .poll(() => backendCheck('shop.localhost').textContent(), { timeout: 15_000 })
      .toContain('Fail');
    const text = (await backendCheck('shop.localhost').textContent()) ?? '';
    expect(text).toMatch(/is your dev server running/);
    expect(text).toContain(`Start your dev server on port ${upstream.port}`);
    expect(await card('shop.localhost').textContent()).toMatch(/Not checked: the dev server/);
    expect(await runAgain.isEnabled()).toBe(true);
    await expect.poll(() => summary().textContent(), { timeout: 15_000 }).toMatch(/check(s)? fail/);
  });

  it('diagnoses every domain and shows the hosts file a .test name needs', async () => {
    await portico.cli('add', 'shop.test', '9', '--no-tls');
    await page.getByRole('combobox', { name: 'Domain to diagnose' }).selectOption('');
    await card('shop.test').waitFor();
    await card('shop.localhost').waitFor();
    const hosts = page.getByRole('region', { name: 'Hosts file' });
    await hosts.waitFor();
    await expect.poll(() => hosts.textContent(), { timeout: 15_000 }).toContain('hosts-doctor');
    expect(await hosts.textContent()).toContain('shop.test');
    expect(pageErrors).toEqual([]);
  });
});
