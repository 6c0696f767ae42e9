/**
 * The SNICallback for the HTTPS listener: picks the certificate of the domain a client asks
 * for. Secure contexts are cached per domain and keyed by the certificate's fingerprint, so
 * a new or re-issued certificate is served to the next handshake at once, connections that
 * are already open keep theirs, and the listener is never restarted. A name Portico does
 * not serve fails the handshake: no other domain's certificate is ever handed out.
 */
import { createSecureContext, type SecureContext } from 'node:tls';
import { normaliseHost } from '../../../shared/host-name';
import type { CertificateProvider } from './certificate-provider';

export type SniLog = (entry: {
  event: 'sni-refused' | 'sni-failed';
  servername: string;
  message: string;
}) => void;

export interface SniOptions {
  /** The configured domain (its certificate host) serving this name, or null if none. */
  domainFor(servername: string): string | null;
  provider: CertificateProvider;
  log?: SniLog;
}

/** Node's SNICallback shape, plus cache control. */
export interface SniCallback {
  (servername: string, cb: (err: Error | null, ctx?: SecureContext) => void): void;
  /** Drops the cached context of a domain (removed domain, or to force a rebuild). */
  invalidate(host: string): void;
}

/** The error a handshake for an unserved name fails with. */
export class UnknownServerNameError extends Error {
  readonly code = 'UNKNOWN_DOMAIN';
  constructor(servername: string) {
    super(`no domain is configured for ${JSON.stringify(servername)}`);
    this.name = 'UnknownServerNameError';
  }
}

export function createSniCallback(options: SniOptions): SniCallback {
  const contexts = new Map<string, { fingerprint: string; context: SecureContext }>();

  async function contextFor(domain: string): Promise<SecureContext> {
    const issued = await options.provider.certificateFor(domain);
    const cached = contexts.get(domain);
    if (cached && cached.fingerprint === issued.fingerprint) return cached.context;
    const context = createSecureContext({ key: issued.key, cert: issued.cert });
    contexts.set(domain, { fingerprint: issued.fingerprint, context });
    return context;
  }

  const callback = ((servername: string, cb: (err: Error | null, ctx?: SecureContext) => void) => {
    const name = normaliseHost(servername);
    let domain: string | null;
    try {
      domain = name ? options.domainFor(name) : null;
    } catch (error) {
      cb(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    if (!domain) {
      const error = new UnknownServerNameError(name);
      options.log?.({ event: 'sni-refused', servername: name, message: error.message });
      cb(error);
      return;
    }
    contextFor(domain).then(
      (context) => cb(null, context),
      (error: unknown) => {
        const failure = error instanceof Error ? error : new Error(String(error));
        options.log?.({ event: 'sni-failed', servername: name, message: failure.message });
        cb(failure);
      },
    );
  }) as SniCallback;

  callback.invalidate = (host: string) => {
    contexts.delete(normaliseHost(host));
  };
  return callback;
}
