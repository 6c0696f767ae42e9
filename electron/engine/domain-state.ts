/**
 * A domain as the UI, the tray and `portico list` show it: its config plus the public URL
 * (with the real ports), the dev server's health and the certificate state.
 */
import type { DomainConfig } from '../../shared/config';
import type { DomainState } from '../../shared/contract';
import type { CertificateService } from './certificates';
import { publicUrl } from './proxy/proxy-state';

export type Health = 'up' | 'down' | 'unknown';

export interface Ports {
  http: number | null;
  https: number | null;
}

export async function domainState(
  domain: DomainConfig,
  ports: Ports,
  health: ReadonlyMap<string, Health>,
  certs: CertificateService | null,
): Promise<DomainState> {
  return {
    host: domain.host,
    target: domain.target,
    enabled: domain.enabled,
    tls: domain.tls,
    rewriteHost: domain.rewriteHost,
    forwardedHeader: domain.forwardedHeader,
    url: publicUrl(domain.host, domain.tls, ports),
    health: health.get(domain.host) ?? 'unknown',
    certificate: domain.tls && certs ? await certs.state(domain.host).catch(() => null) : null,
  };
}
