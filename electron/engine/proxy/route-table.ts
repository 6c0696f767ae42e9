/**
 * Stage 1 of the pipeline: Host → domain → target. Built once per configuration (not per
 * request): exact names in a Map, wildcards looked up by walking the name's suffixes, so a
 * lookup costs a few Map reads whatever the number of domains.
 */
import type { DomainConfig } from '../../../shared/config';

export interface Route {
  domain: DomainConfig;
  /** The target parsed once. */
  target: URL;
}

export class RouteTable {
  private readonly exact = new Map<string, Route>();
  private readonly wildcards = new Map<string, Route>();

  constructor(readonly domains: readonly DomainConfig[]) {
    for (const domain of domains) {
      const route = { domain, target: new URL(domain.target) };
      if (domain.host.startsWith('*.')) this.wildcards.set(domain.host.slice(2), route);
      else this.exact.set(domain.host, route);
    }
  }

  /** The route for a normalised host name; exact names win over wildcards, longer wildcards over shorter. */
  resolve(hostname: string): Route | null {
    const exact = this.exact.get(hostname);
    if (exact) return exact;
    if (this.wildcards.size === 0) return null;
    let dot = hostname.indexOf('.');
    while (dot >= 0) {
      const match = this.wildcards.get(hostname.slice(dot + 1));
      if (match) return match;
      dot = hostname.indexOf('.', dot + 1);
    }
    return null;
  }
}
