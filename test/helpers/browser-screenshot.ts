/**
 * Takes the README screenshot (`resources/screenshot.png`) of the real product: a real
 * engine (real mkcert in a temp CAROOT, trusted in a temp NSS store) with real dev servers —
 * one up, one down, one paused, one plain HTTP — and real traffic through the proxy, shown
 * by the dashboard in Chromium. `npx tsx test/helpers/browser-screenshot.ts [dark] [inspector]
 * [dialog] [certificates] [settings] [doctor [failing]]` (views other than the default go to the temp folder).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEngine } from '../../electron/engine/engine';
import { launchChromium } from './browser-chromium';
import { DASHBOARD_DIR, ensureDashboardBuilt } from './browser-dashboard-build';
import { createNssDb } from './nss-db';
import { request } from './test-proxy';
import { deadPort, startEchoUpstream, startWebSocketUpstream } from './upstreams';

const root = path.resolve(import.meta.dirname, '../..');

async function main(): Promise<void> {
  const dark = process.argv.includes('dark');
  const inspector = process.argv.includes('inspector');
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'portico-screenshot-'));
  Object.assign(process.env, {
    HOME: path.join(tmp, 'home'),
    CAROOT: path.join(tmp, 'caroot'),
    TRUST_STORES: 'nss',
  });
  await createNssDb(process.env.HOME as string);
  await ensureDashboardBuilt();
  const shop = await startEchoUpstream();
  const docs = await startWebSocketUpstream();
  const engine = await startEngine({
    dataDir: path.join(tmp, 'data'),
    httpPort: 0,
    httpsPort: 0,
    adminPort: 0,
    dashboardDir: DASHBOARD_DIR,
  });
  const browser = await launchChromium();
  try {
    const h = engine.handlers;
    await h.addDomain({ host: 'shop.localhost', target: String(shop.port) });
    await h.addDomain({
      host: 'api.shop.localhost',
      target: `http://127.0.0.1:${await deadPort()}`,
    });
    await h.addDomain({ host: 'docs.localhost', target: String(docs.port) });
    await h.addDomain({ host: 'admin.localhost', target: '4200' });
    await h.setDomainEnabled({ host: 'admin.localhost', enabled: false });
    await h.addDomain({ host: 'storybook.localhost', target: String(docs.port), tls: false });
    await h.trustCa({});
    const { http, https } = engine.status();
    const ca = await h.getCaStatus({});
    const caPem = (await import('node:fs')).readFileSync(
      path.join(ca.caroot as string, 'rootCA.pem'),
      'utf8',
    );
    for (const [host, pathname] of [
      ['shop.localhost', '/'],
      ['shop.localhost', '/api/cart?id=42'],
      ['api.shop.localhost', '/v1/products'],
      ['docs.localhost', '/guide'],
      ['shop.localhost', '/assets/app.js'],
    ]) {
      await request({
        port: https.port as number,
        host: host as string,
        path: pathname,
        ca: caPem,
        headers: { 'x-forwarded-for': '203.0.113.9', accept: 'text/html' },
      });
    }
    await request({ port: http.port as number, host: 'storybook.localhost', path: '/iframe.html' });

    const page = await browser.newPage({
      viewport: { width: 1200, height: 720 },
      deviceScaleFactor: 2,
      colorScheme: dark ? 'dark' : 'light',
    });
    page.on('pageerror', (error) => console.error('page error:', error.message));
    await page.goto(engine.dashboardUrl);
    await page.getByRole('switch', { name: 'Enable shop.localhost' }).waitFor();
    if (inspector) {
      await page.getByRole('button', { name: 'Inspector' }).click();
      await page.getByRole('listbox', { name: 'Requests' }).getByRole('option').nth(2).click();
      await page.getByRole('tab', { name: 'Headers' }).waitFor();
      await page.waitForTimeout(200);
    }
    const section = ['certificates', 'settings', 'doctor'].find((name) =>
      process.argv.includes(name),
    );
    if (section) {
      await page
        .getByRole('button', { name: section[0]?.toUpperCase() + section.slice(1) })
        .click();
      await page.waitForTimeout(300);
    }
    if (section === 'doctor') {
      // The checks open real connections: wait for the report, not a fixed time.
      await page.getByRole('button', { name: 'Run again' }).waitFor({ timeout: 30_000 });
      await page.getByRole('region', { name: 'shop.localhost', exact: true }).waitFor();
      if (process.argv.includes('failing')) {
        // The dead dev server's card, with its fixes, at the top of the view.
        await page
          .getByRole('region', { name: 'api.shop.localhost', exact: true })
          .evaluate((element) => element.scrollIntoView());
      }
    }
    const dialog = process.argv.includes('dialog');
    if (dialog) {
      await page.keyboard.press('n');
      await page.getByLabel('Domain', { exact: true }).fill('shop.dev');
    }
    await page.waitForTimeout(300);
    const name = inspector
      ? 'screenshot-inspector'
      : dialog
        ? 'screenshot-dialog'
        : section
          ? `screenshot-${section}`
          : 'screenshot';
    // Only the default view goes in resources/ (the README's); the others are for checking.
    const dir = inspector || dark || dialog || section ? os.tmpdir() : path.join(root, 'resources');
    const file = path.join(dir, `${name}${dark ? '-dark' : ''}.png`);
    await page.screenshot({ path: file });
    console.log(`wrote ${file}`);
  } finally {
    await browser.close();
    await engine.stop();
    await shop.close();
    await docs.close();
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
