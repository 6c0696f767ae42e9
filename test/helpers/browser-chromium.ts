/**
 * Launches the system Chromium through playwright-core for the dashboard tests. Says why
 * when it cannot (no /usr/bin/chromium), so a test can be skipped with that reason.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.PORTICO_CHROMIUM ?? '/usr/bin/chromium';

/** Null when Chromium is available, else the reason the browser tests cannot run. */
export function chromiumMissing(): string | null {
  return existsSync(CHROMIUM_PATH)
    ? null
    : `no Chromium at ${CHROMIUM_PATH} (set PORTICO_CHROMIUM to one)`;
}

/** Headless Chromium on a closed network: no background requests, no first-run work. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** `env` lets a test give Chromium its own HOME (and so its own NSS trust store). */
export function launchChromium(env?: NodeJS.ProcessEnv): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    env: env ?? process.env,
    headless: true,
    args: CHROMIUM_ARGS,
  });
}

/**
 * A page on the dashboard: the default timeout set, and every uncaught page error collected
 * in `pageErrors` (tests assert it stays empty).
 */
export async function openDashboard(
  browser: Browser,
  url: string,
  pageErrors: string[],
  timeoutMs: number,
): Promise<Page> {
  const page = await browser.newPage();
  page.setDefaultTimeout(timeoutMs);
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(url);
  return page;
}
