/**
 * The SNI callback's refusals, without sockets: an unknown name never reaches the
 * certificate provider, and a provider failure fails the handshake with its reason.
 */
import { describe, expect, it } from 'vitest';
import type { SecureContext } from 'node:tls';
import type {
  CertificateProvider,
  IssuedCertificate,
} from '../../electron/engine/tls/certificate-provider';
import { createSniCallback, UnknownServerNameError } from '../../electron/engine/tls/sni';

class RecordingProvider implements CertificateProvider {
  asked: string[] = [];
  certificateFor(host: string): Promise<IssuedCertificate> {
    this.asked.push(host);
    return Promise.reject(new Error(`cannot issue for ${host}`));
  }
}

function call(sni: ReturnType<typeof createSniCallback>, name: string) {
  return new Promise<{ err: Error | null; ctx?: SecureContext }>((resolve) =>
    sni(name, (err, ctx) => resolve({ err, ctx })),
  );
}

describe('createSniCallback', () => {
  it('fails the handshake for a name no domain serves, without asking for a certificate', async () => {
    const provider = new RecordingProvider();
    const seen: string[] = [];
    const sni = createSniCallback({
      domainFor: (name) => (seen.push(name), null),
      provider,
    });
    const { err, ctx } = await call(sni, 'Other.Localhost.');
    expect(err).toBeInstanceOf(UnknownServerNameError);
    expect(ctx).toBeUndefined();
    expect(seen).toEqual(['other.localhost']);
    expect(provider.asked).toEqual([]);
  });

  it("fails the handshake with the provider's error and logs it", async () => {
    const provider = new RecordingProvider();
    const log: string[] = [];
    const sni = createSniCallback({
      domainFor: () => '*.shop.localhost',
      provider,
      log: (entry) => log.push(`${entry.event} ${entry.message}`),
    });
    const { err } = await call(sni, 'a.shop.localhost');
    expect(err?.message).toBe('cannot issue for *.shop.localhost');
    expect(provider.asked).toEqual(['*.shop.localhost']);
    expect(log).toEqual(['sni-failed cannot issue for *.shop.localhost']);
  });
});
