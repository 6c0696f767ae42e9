/**
 * The desktop app end to end, through Playwright's `_electron`: add a domain in the window,
 * toggle it off (the proxy answers 503) and on (200 from the dev server), remove it. Needs
 * Electron's binary and `npm run build`; where the binary is missing (as on machines without
 * network access to fetch it) the test is reported as skipped, with the reason.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import type { ElectronApplication, Page } from 'playwright-core';

const root = resolve(import.meta.dirname, '../..');

/** Where Electron's binary is, without `require('electron')` (which would try to download it). */
function electronBinary(): { path: string | null; reason: string } {
  try {
    const dir = dirname(createRequire(join(root, 'package.json')).resolve('electron/package.json'));
    const pathFile = join(dir, 'path.txt');
    if (!existsSync(pathFile))
      return { path: null, reason: 'node_modules/electron/dist is missing' };
    const binary = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
    return existsSync(binary)
      ? { path: binary, reason: '' }
      : { path: null, reason: `${binary} is missing` };
  } catch {
    return { path: null, reason: 'the electron package is not installed' };
  }
}

const electron = electronBinary();
const hasElectron = electron.path !== null;
const built = existsSync(join(root, 'out/main/index.js'));
if (!hasElectron) {
  console.log(
    `SKIPPED electron-app e2e: Electron's binary is not installed (${electron.reason}); run \`npm run electron:install\` where the network allows.`,
  );
} else if (!built) {
  console.log('electron-app e2e: out/main/index.js is missing; run `npm run build` first.');
}

/** Plain HTTP to the proxy with a chosen Host, as a browser resolving *.localhost would send. */
function get(port: number, host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolvePromise, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/', headers: { host } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolvePromise({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.setTimeout(5_000, () => req.destroy(new Error('timeout')));
    req.end();
  });
}

async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean): Promise<T> {
  let value = await read();
  for (let attempt = 0; attempt < 50 && !ok(value); attempt++) {
    await new Promise((r) => setTimeout(r, 100));
    value = await read();
  }
  return value;
}

describe('Electron app', () => {
  let app: ElectronApplication | undefined;
  let page: Page;
  let upstream: Server | undefined;
  let dataDir = '';

  beforeAll(async () => {
    if (!hasElectron || !built) return;
    upstream = createServer((_req, res) => res.end('hello from the dev server'));
    upstream.on('error', (error) => console.error(`upstream: ${error.message}`));
    await new Promise<void>((r) => upstream!.listen(0, '127.0.0.1', r));
    dataDir = mkdtempSync(join(tmpdir(), 'portico-electron-e2e-'));
    // Ephemeral proxy ports: the test must not need 80/443 or collide with anything.
    writeFileSync(
      join(dataDir, 'config.json'),
      JSON.stringify({
        version: 1,
        proxy: { httpPort: 0, httpsPort: 0, fallbackHttpPort: 0, fallbackHttpsPort: 0 },
      }),
    );
    const { _electron } = await import('playwright-core');
    app = await _electron.launch({
      executablePath: electron.path!,
      args: [root],
      env: { ...process.env, PORTICO_DATA_DIR: dataDir } as Record<string, string>,
    });
    page = await app.firstWindow();
  });

  afterAll(async () => {
    await app?.close();
    await new Promise<void>((r) => (upstream ? upstream.close(() => r()) : r()));
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it.skipIf(!hasElectron || !built)("runs its engine with the engine's V8 flags", async () => {
    // `gc` exists only with the engine's --expose-gc: the sign its flags reached V8 in the
    // utility process (electron/main/engine-process-args.ts, engineExecArgv).
    const status = await page.evaluate(() => window.portico!.getStatus({}));
    if (!status.ok) throw new Error(status.error.message);
    expect((status.value as { runtime: { gcExposed: boolean } }).runtime.gcExposed).toBe(true);
  });

  it.skipIf(!hasElectron || !built)(
    'adds, toggles and removes a domain from the window',
    async () => {
      const upstreamPort = (upstream!.address() as AddressInfo).port;
      const host = 'e2e-app.localhost';

      // The page has the preload's api and no Node.
      expect(await page.evaluate(() => typeof (window as { require?: unknown }).require)).toBe(
        'undefined',
      );
      expect(
        await page.evaluate(() => Object.keys(window.portico ?? {}).includes('addDomain')),
      ).toBe(true);

      await page.getByRole('button', { name: 'Add domain' }).first().click();
      await page.getByLabel('Domain', { exact: true }).fill(host);
      await page.getByLabel('Target').fill(String(upstreamPort));
      await page.getByLabel('HTTPS with a local certificate').uncheck();
      await page.getByRole('dialog').getByRole('button', { name: 'Add domain' }).click();
      const toggle = page.getByRole('switch', { name: `Enable ${host}` });
      await toggle.waitFor();

      const status = await page.evaluate(() => window.portico!.getStatus({}));
      if (!status.ok) throw new Error(status.error.message);
      const proxyPort = (status.value as { http: { port: number } }).http.port;

      expect(
        (
          await eventually(
            () => get(proxyPort, host),
            (r) => r.status === 200,
          )
        ).body,
      ).toBe('hello from the dev server');
      await toggle.click();
      expect(
        (
          await eventually(
            () => get(proxyPort, host),
            (r) => r.status === 503,
          )
        ).status,
      ).toBe(503);
      await toggle.click();
      expect(
        (
          await eventually(
            () => get(proxyPort, host),
            (r) => r.status === 200,
          )
        ).status,
      ).toBe(200);

      await page.getByRole('button', { name: `Actions for ${host}` }).click();
      await page.getByRole('menuitem', { name: /Remove/ }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Remove' }).click();
      await toggle.waitFor({ state: 'detached' });
      expect(
        (
          await eventually(
            () => get(proxyPort, host),
            (r) => r.status === 404,
          )
        ).status,
      ).toBe(404);

      // Closing the window keeps the tray app (and its engine) running.
      await page.evaluate(() => window.close());
      expect((await get(proxyPort, 'unknown.localhost')).status).toBe(404);
    },
  );
});
