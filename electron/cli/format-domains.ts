/**
 * How `portico list` shows domains: a table for people, the contract's DomainState for
 * `--json`. Offline (no engine), the states are built from the config alone: health and
 * certificate are unknown then, and the URL uses the configured ports.
 */
import type { PorticoConfig } from '../../shared/config';
import type { CertificateState, DomainState } from '../../shared/contract';
import { describeTarget } from '../../shared/target';
import { describeDomain } from '../engine/domain-state';
import { formatTable } from './format-table';

export function offlineDomainStates(config: PorticoConfig): DomainState[] {
  const ports = { http: config.proxy.httpPort, https: config.proxy.httpsPort };
  return config.domains.map((domain) => describeDomain(domain, ports, 'unknown', null));
}

export function describeCertificate(tls: boolean, certificate: CertificateState | null): string {
  if (!tls) return 'no TLS';
  if (!certificate) return 'unknown';
  switch (certificate.state) {
    case 'valid':
      return certificate.trusted ? 'valid' : 'valid, CA not trusted';
    case 'missing':
      return 'not issued yet';
    case 'expired':
      return 'expired';
    case 'error':
      return `error: ${certificate.problem ?? 'unknown'}`;
  }
}

/** The `list` table; `running` says whether the states come from a running engine. */
export function formatDomainList(domains: DomainState[], running: boolean): string {
  const note = running ? '' : 'Portico is not running: showing the saved configuration.\n';
  if (domains.length === 0) {
    return `${note}No domains yet. Add one: portico add shop.localhost 5173\n`;
  }
  const rows = domains.map((domain) => [
    domain.enabled ? 'on' : 'off',
    domain.host,
    describeTarget(domain.target),
    domain.url,
    describeCertificate(domain.tls, domain.certificate),
    ...(running ? [domain.health] : []),
  ]);
  const header = ['STATE', 'HOST', 'TARGET', 'URL', 'CERTIFICATE', ...(running ? ['BACKEND'] : [])];
  return note + formatTable(header, rows);
}

/** One line after add/enable/disable: what changed and where to open it. */
export function describeDomainChange(verb: string, domain: DomainState, running: boolean): string {
  const where = running ? domain.url : `${domain.url} once Portico runs`;
  return `${verb} ${domain.host} → ${describeTarget(domain.target)} (${domain.enabled ? where : 'off'})\n`;
}
