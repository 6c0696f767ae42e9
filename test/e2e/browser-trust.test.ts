/**
 * Issue 3's "done when" through the real product: `portico serve` with a temp HOME holding
 * an NSS database, TRUST_STORES=nss and a temp CAROOT. Headless Chromium refuses
 * https://app.localhost before `portico trust` (ERR_CERT_AUTHORITY_INVALID), and loads it
 * through Portico with no certificate error after; `portico untrust` takes the trust back.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { CHROMIUM_PATH, launchChromium } from '../helpers/browser-chromium';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNssDb, nssUnavailable } from '../helpers/nss-db';
import { startServe, type ServeProcess } from '../helpers/serve-process';
import { startEchoUpstream, type Upstream } from '../helpers/upstreams';

const skipReason = !existsSync(CHROMIUM_PATH)
  ? `${CHROMIUM_PATH} is not installed`
  : nssUnavailable();
if (skipReason) console.log(`skipped browser-trust: ${skipReason}`);

describe.skipIf(skipReason !== null)('a real browser trusts Portico after `portico trust`', () => {
  let serve: ServeProcess;
  let echo: Upstream;

  beforeAll(async () => {
    echo = await startEchoUpstream();
    serve = await startServe({ env: { TRUST_STORES: 'nss' } });
    await mkdir(serve.home, { recursive: true });
    await createNssDb(serve.home);
    const add = await serve.cli(['add', 'app.localhost', String(echo.port)]);
    expect(add.code, add.stderr).toBe(0);
  });

  afterAll(async () => {
    await serve?.cleanup();
    await echo?.close();
  });

  async function visit(): Promise<{ error: string | null; text: string | null }> {
    // A fresh browser for each visit: Chromium caches certificate verdicts per session.
    const browser = await launchChromium({ ...process.env, HOME: serve.home });
    try {
      const page = await browser.newPage();
      try {
        await page.goto(`https://app.localhost:${serve.httpsPort}/from-browser`, {
          timeout: 15_000,
        });
        return { error: null, text: await page.textContent('body') };
      } catch (error) {
        return { error: (error as Error).message, text: null };
      }
    } finally {
      await browser.close();
    }
  }

  it('refuses before trust, loads after `portico trust`, refuses again after `portico untrust`', async () => {
    await serve.caCertificate();
    const before = await visit();
    expect(before.error).toContain('net::ERR_CERT_AUTHORITY_INVALID');

    const trust = await serve.cli(['trust']);
    expect(trust.code, trust.stderr).toBe(0);
    expect(trust.stdout).toMatch(/nss: trusted/);
    expect(trust.stdout).toContain(`NODE_EXTRA_CA_CERTS="${serve.caroot}/rootCA.pem"`);

    const after = await visit();
    expect(after.error).toBeNull();
    expect(JSON.parse(after.text ?? '{}').url).toBe('/from-browser');

    const list = await serve.cli(['list', '--json']);
    expect(JSON.parse(list.stdout)[0].certificate.trusted).toBe(true);

    const untrust = await serve.cli(['untrust']);
    expect(untrust.code, untrust.stderr).toBe(0);
    expect((await visit()).error).toContain('net::ERR_CERT_AUTHORITY_INVALID');
  });
});
