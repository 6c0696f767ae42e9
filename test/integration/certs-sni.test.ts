/**
 * The mkcert provider behind a real HTTPS listener with the SNI callback: the right
 * certificate per name on one port, refusal of unknown names, domains added and
 * certificates re-issued while the listener runs, old connections untouched.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TLSSocket } from 'node:tls';
import { MkcertProvider, type CertLogEntry } from '../../electron/engine/certs/mkcert-provider';
import { createSniCallback } from '../../electron/engine/tls/sni';
import { httpOver, sniServer, tempCa, tlsConnect, type TempCa } from '../helpers/ca-temp';
import { matchesWildcard } from '../../shared/host-name';

describe('SNI with mkcert certificates', () => {
  let ca: TempCa;
  let server: Awaited<ReturnType<typeof sniServer>>;
  let provider: MkcertProvider;
  let domains: Set<string>;
  let log: CertLogEntry[];
  const sockets: TLSSocket[] = [];

  function domainFor(name: string): string | null {
    if (domains.has(name)) return name;
    for (const domain of domains)
      if (domain.startsWith('*.') && matchesWildcard(domain, name)) return domain;
    return null;
  }

  async function open(servername: string): Promise<TLSSocket> {
    const socket = await tlsConnect(server.port, servername, await ca.rootPem());
    sockets.push(socket);
    return socket;
  }

  beforeEach(async () => {
    ca = await tempCa();
    log = [];
    domains = new Set(['shop.localhost', 'api.localhost']);
    provider = new MkcertProvider({
      dataDir: ca.dataDir,
      caroot: ca.caroot,
      mkcert: ca.mkcert,
      log: (entry) => log.push(entry),
    });
    server = await sniServer(createSniCallback({ domainFor, provider }));
    await provider.certificateFor('shop.localhost'); // creates the CA the client trusts
  });

  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.destroy();
    await server?.close();
    await ca?.cleanup();
  });

  it('serves each of two domains its own certificate on the same port', async () => {
    const shop = await open('shop.localhost');
    const api = await open('API.localhost.'); // normalised: lower case, no trailing dot
    expect(shop.authorized).toBe(true);
    expect(shop.getPeerCertificate().subjectaltname).toBe('DNS:shop.localhost');
    expect(api.getPeerCertificate().subjectaltname).toBe('DNS:api.localhost');
    expect(await httpOver(shop, 'shop.localhost')).toBe('hello shop.localhost');
  });

  it('fails the handshake for a name no domain serves', async () => {
    await expect(open('other.localhost')).rejects.toThrow();
    expect(log.some((e) => e.event === 'issuing' && e.host === 'other.localhost')).toBe(false);
  });

  it('serves a newly added domain at once, wildcard names included', async () => {
    await expect(open('new.localhost')).rejects.toThrow();
    domains.add('new.localhost');
    domains.add('*.app.localhost');
    const fresh = await open('new.localhost');
    expect(fresh.getPeerCertificate().subjectaltname).toBe('DNS:new.localhost');
    const sub = await open('tenant.app.localhost');
    expect(sub.getPeerCertificate().subjectaltname).toBe('DNS:*.app.localhost, DNS:app.localhost');
    expect(await httpOver(sub, 'tenant.app.localhost')).toBe('hello tenant.app.localhost');
  });

  it('serves a regenerated certificate to new handshakes while an old connection keeps working', async () => {
    const old = await open('shop.localhost');
    const oldFingerprint = old.getPeerCertificate().fingerprint256;
    expect(await httpOver(old, 'shop.localhost')).toBe('hello shop.localhost');

    const reissued = await provider.regenerate('shop.localhost');
    expect(reissued.fingerprint).not.toBe(oldFingerprint);

    const fresh = await open('shop.localhost');
    expect(fresh.getPeerCertificate().fingerprint256).toBe(reissued.fingerprint);
    // The connection opened before still talks, with its original certificate.
    expect(await httpOver(old, 'shop.localhost')).toBe('hello shop.localhost');
    expect(old.getPeerCertificate().fingerprint256).toBe(oldFingerprint);
  });

  it('shares one issuance between 10 concurrent first requests', async () => {
    const handshakes = Array.from({ length: 5 }, () => open('api.localhost'));
    const calls = Array.from({ length: 5 }, () => provider.certificateFor('api.localhost'));
    const [sockets5, certs] = await Promise.all([Promise.all(handshakes), Promise.all(calls)]);
    const fingerprints = new Set([
      ...certs.map((c) => c.fingerprint),
      ...sockets5.map((s) => s.getPeerCertificate().fingerprint256),
    ]);
    expect(fingerprints.size).toBe(1);
    expect(log.filter((e) => e.event === 'issuing' && e.host === 'api.localhost')).toHaveLength(1);
  });
});
