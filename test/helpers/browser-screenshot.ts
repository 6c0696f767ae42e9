/**
 * Takes the README screenshot (`resources/screenshot.png`): the dashboard on a fake engine
 * with a few domains, in the light theme. Run with `npx tsx test/helpers/browser-screenshot.ts`
 * (add `dark`, `inspector`, `dialog`, `certificates` or `settings` as arguments for the other views, written next to it).
 */
import os from 'node:os';
import path from 'node:path';
import { launchChromium } from './browser-chromium';
import { ensureDashboardBuilt } from './browser-dashboard-build';
import { startFakeEngine } from './browser-fake-engine';

const root = path.resolve(import.meta.dirname, '../..');

async function main(): Promise<void> {
  const dark = process.argv.includes('dark');
  const inspector = process.argv.includes('inspector');
  await ensureDashboardBuilt();
  const engine = await startFakeEngine();
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({
      viewport: { width: 1200, height: 720 },
      deviceScaleFactor: 2,
      colorScheme: dark ? 'dark' : 'light',
    });
    page.on('pageerror', (error) => console.error('page error:', error.message));
    await page.goto(`${engine.url}/#token=${engine.token}`);
    await page.getByRole('switch', { name: 'Enable shop.localhost' }).waitFor();
    if (inspector) {
      await page.getByRole('button', { name: 'Inspector' }).click();
      await page.getByRole('listbox', { name: 'Requests' }).getByRole('option').nth(2).click();
      await page.getByRole('tab', { name: 'Headers' }).waitFor();
      await page.waitForTimeout(200);
    }
    const section = ['certificates', 'settings'].find((name) => process.argv.includes(name));
    if (section) {
      await page
        .getByRole('button', { name: section[0]?.toUpperCase() + section.slice(1) })
        .click();
      await page.waitForTimeout(300);
    }
    const dialog = process.argv.includes('dialog');
    if (dialog) {
      await page.keyboard.press('n');
      await page.getByLabel('Domain', { exact: true }).fill('shop.dev');
    }
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
    await engine.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
