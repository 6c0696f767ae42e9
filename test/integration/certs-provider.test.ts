/**
 * The mkcert provider's storage: certificates kept in the data dir with 0600 keys, reused
 * by a new provider (a restart), re-issued when near expiry or when the CA changed, and
 * the per-domain state the UI shows.
 */
import { X509Certificate } from 'node:crypto';
import { readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MkcertProvider, type CertLogEntry } from '../../electron/engine/certs/mkcert-provider';
import { tempCa, type TempCa } from '../helpers/ca-temp';

describe('MkcertProvider', () => {
  let ca: TempCa;
  let log: CertLogEntry[];

  function provider(extra: Partial<ConstructorParameters<typeof MkcertProvider>[0]> = {}) {
    return new MkcertProvider({
      dataDir: ca.dataDir,
      caroot: ca.caroot,
      mkcert: ca.mkcert,
      log: (entry) => log.push(entry),
      ...extra,
    });
  }
  const issuings = () => log.filter((e) => e.event === 'issuing');

  beforeEach(async () => {
    ca = await tempCa();
    log = [];
  });
  afterEach(async () => {
    await ca?.cleanup();
  });

  it('stores an ECDSA certificate per domain with a 0600 key, signed by the CA in CAROOT', async () => {
    const issued = await provider().certificateFor('*.shop.localhost');
    expect(issued.names).toEqual(['*.shop.localhost', 'shop.localhost']);
    const certFile = join(ca.dataDir, 'certs', '_wildcard.shop.localhost.pem');
    const keyFile = join(ca.dataDir, 'certs', '_wildcard.shop.localhost.key.pem');
    expect(await readFile(certFile, 'utf8')).toBe(issued.cert);
    expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
    const leaf = new X509Certificate(issued.cert);
    expect(leaf.publicKey.asymmetricKeyType).toBe('ec');
    expect(leaf.verify(new X509Certificate(await ca.rootPem()).publicKey)).toBe(true);
    // mkcert leaves last about two years and three months
    const days = (issued.notAfter.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(700);
  });

  it('signs concurrent first certificates for different hosts with one CA', async () => {
    const p = provider();
    const hosts = ['a.localhost', 'b.localhost', 'c.localhost', '*.d.localhost'];
    const issued = await Promise.all(hosts.map((host) => p.certificateFor(host)));
    const root = new X509Certificate(await ca.rootPem());
    for (const cert of issued)
      expect(new X509Certificate(cert.cert).verify(root.publicKey)).toBe(true);
  });

  it('reuses the stored certificate after a restart (new provider instance)', async () => {
    const first = await provider().certificateFor('shop.localhost');
    const again = await provider().certificateFor('shop.localhost');
    expect(again.fingerprint).toBe(first.fingerprint);
    expect(issuings()).toHaveLength(1);
    expect(log.at(-1)).toMatchObject({ event: 'reused', host: 'shop.localhost' });
  });

  it('re-issues a certificate that expires within the renewal window', async () => {
    const first = await provider().certificateFor('shop.localhost');
    const renewed = await provider({ renewBeforeMs: 5 * 365 * 86_400_000 }).certificateFor(
      'shop.localhost',
    );
    expect(renewed.fingerprint).not.toBe(first.fingerprint);
    expect(issuings().at(-1)).toMatchObject({ reason: 'expiring' });
  });

  it('re-issues when the CA changed', async () => {
    const first = await provider().certificateFor('shop.localhost');
    await rm(ca.caroot, { recursive: true, force: true }); // mkcert makes a new CA next time
    const reissued = await provider().certificateFor('shop.localhost');
    expect(reissued.fingerprint).not.toBe(first.fingerprint);
    expect(issuings().at(-1)).toMatchObject({ reason: 'ca-changed' });
    const newCa = new X509Certificate(await ca.rootPem());
    expect(new X509Certificate(reissued.cert).verify(newCa.publicKey)).toBe(true);
  });

  it('notices a CA change in a running provider at the next re-check', async () => {
    const running = provider({ recheckMs: 0 });
    const first = await running.certificateFor('shop.localhost');
    await rm(ca.caroot, { recursive: true, force: true });
    const reissued = await running.certificateFor('shop.localhost');
    expect(reissued.fingerprint).not.toBe(first.fingerprint);
  });

  it('reports missing, then valid with expiry and names, and trust from the hook', async () => {
    let trusted = false;
    const p = provider({ isCaTrusted: () => trusted });
    expect(await p.state('shop.localhost')).toMatchObject({ state: 'missing', names: [] });
    const issued = await p.certificateFor('shop.localhost');
    trusted = true;
    expect(await p.state('shop.localhost')).toEqual({
      state: 'valid',
      notAfter: issued.notAfter.toISOString(),
      trusted: true,
      names: ['shop.localhost'],
      problem: null,
    });
    // A fresh instance reads the state from disk without issuing anything.
    expect(await provider().state('shop.localhost')).toMatchObject({ state: 'valid' });
    expect(issuings()).toHaveLength(1);
  });

  it('reports a failed issuance as state error with the reason', async () => {
    const broken = provider({
      mkcert: { path: '/nonexistent/mkcert', source: 'PATH', version: 'v0' },
    });
    await expect(broken.certificateFor('shop.localhost')).rejects.toMatchObject({
      code: 'MKCERT_FAILED',
    });
    const state = await broken.state('shop.localhost');
    expect(state.state).toBe('error');
    expect(state.problem).toMatch(/mkcert/);
  });
});
