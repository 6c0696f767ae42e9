/**
 * A domain as the UI, the tray and `portico list` show it: its config plus the public URL
 * (with the real ports), the dev server's health and the certificate state.
 */
import type { DomainConfig } from '../../shared/config';
import type { CertificateState, DomainState } from '../../shared/contract';
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
  const certificate = domain.tls && certs ? await certs.state(domain.host).catch(() => null) : null;
  return describeDomain(domain, ports, health.get(domain.host) ?? 'unknown', certificate);
}

/** The state from what is known without asking anyone (the offline CLI knows only the config). */
export function describeDomain(
  domain: DomainConfig,
  ports: Ports,
  health: Health,
  certificate: CertificateState | null,
): DomainState {
  return {
    host: domain.host,
    target: domain.target,
    enabled: domain.enabled,
    tls: domain.tls,
    rewriteHost: domain.rewriteHost,
    forwardedHeader: domain.forwardedHeader,
    url: publicUrl(domain.host, domain.tls, ports),
    health,
    certificate,
  };
}
