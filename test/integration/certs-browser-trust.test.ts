/**
 * Issue 3's "done when" in a real browser: headless Chromium with a fresh profile refuses
 * a Portico certificate before `trust` (ERR_CERT_AUTHORITY_INVALID) and loads the page with
 * no certificate error after `trustCa()` put the CA in the NSS database of its HOME.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MkcertProvider } from '../../electron/engine/certs/mkcert-provider';
import { caStatus, trustCa, untrustCa } from '../../electron/engine/certs/trust';
import { createSniCallback } from '../../electron/engine/tls/sni';
import { sniServer, tempCa, type TempCa } from '../helpers/ca-temp';
import { createNssDb, nssUnavailable } from '../helpers/nss-db';

const CHROMIUM = '/usr/bin/chromium';
const skipReason = !existsSync(CHROMIUM) ? `${CHROMIUM} is not installed` : nssUnavailable();
if (skipReason) console.log(`skipped certs-browser-trust: ${skipReason}`);

describe.skipIf(skipReason !== null)(
  'a real browser trusts Portico certificates after trust',
  () => {
    let ca: TempCa;
    let home: string;
    let env: NodeJS.ProcessEnv;
    let server: Awaited<ReturnType<typeof sniServer>>;

    beforeAll(async () => {
      ca = await tempCa();
      home = join(ca.dir, 'home');
      await mkdir(home, { recursive: true });
      await createNssDb(home);
      env = { ...process.env, HOME: home, CAROOT: ca.caroot, TRUST_STORES: 'nss' };
      const provider = new MkcertProvider({ dataDir: ca.dataDir, mkcert: ca.mkcert, env });
      const sni = createSniCallback({
        domainFor: (name) => (name === 'app.localhost' ? 'app.localhost' : null),
        provider,
      });
      server = await sniServer(sni);
    });

    afterAll(async () => {
      await server?.close();
      await ca?.cleanup();
    });

    async function visit(): Promise<{ error: string | null; text: string | null }> {
      // A fresh browser for each visit: Chromium caches certificate verdicts per session.
      const browser: Browser = await chromium.launch({
        executablePath: CHROMIUM,
        env: { ...process.env, HOME: home },
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
        ],
      });
      try {
        const page = await browser.newPage();
        try {
          await page.goto(`https://app.localhost:${server.port}/`, { timeout: 15_000 });
          return { error: null, text: await page.textContent('body') };
        } catch (error) {
          return { error: (error as Error).message, text: null };
        }
      } finally {
        await browser.close();
      }
    }

    it('refuses the certificate before trust and loads the page after trustCa()', async () => {
      const before = await visit();
      expect(before.error).toContain('net::ERR_CERT_AUTHORITY_INVALID');

      const status = await trustCa({ mkcert: ca.mkcert, caroot: ca.caroot, env });
      expect(status.trust.nss).toBe(true);
      expect(status.nodeExtraCaCerts).toBe(
        `export NODE_EXTRA_CA_CERTS="${join(ca.caroot, 'rootCA.pem')}"`,
      );

      const after = await visit();
      expect(after.error).toBeNull();
      expect(after.text).toBe(`hello app.localhost:${server.port}`);

      const again = await caStatus({ mkcert: ca.mkcert, caroot: ca.caroot, env });
      expect(again.exists).toBe(true);
      expect(again.trust.nss).toBe(true);

      const removed = await untrustCa({ mkcert: ca.mkcert, caroot: ca.caroot, env });
      expect(removed.trust.nss).toBe(false);
    });
  },
);
