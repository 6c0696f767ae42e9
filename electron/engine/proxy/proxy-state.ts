/**
 * The immutable snapshot of everything the pipeline reads per request. A config change
 * builds a new snapshot and swaps it in; requests already under way keep the one they
 * started with, so applying a config never disturbs in-flight requests or open WebSockets.
 */
import type { PorticoConfig } from '../../../shared/config';
import { RouteTable } from './route-table';

export interface ProxySnapshot {
  routes: RouteTable;
  paused: boolean;
  trustedProxies: ReadonlySet<string>;
  connectTimeoutMs: number;
  readTimeoutMs: number;
  /** Ports really listened on (for redirects and links); null when not listening. */
  httpPort: number | null;
  httpsPort: number | null;
}

export function buildSnapshot(
  config: PorticoConfig,
  ports: { http: number | null; https: number | null },
): ProxySnapshot {
  return {
    routes: new RouteTable(config.domains),
    paused: config.paused,
    trustedProxies: new Set(config.trustedProxies),
    connectTimeoutMs: config.timeouts.connectMs,
    readTimeoutMs: config.timeouts.readMs,
    httpPort: ports.http,
    httpsPort: ports.https,
  };
}

/** The URL a person opens for a domain, with the real (maybe fallback) port. */
export function publicUrl(
  host: string,
  tls: boolean,
  ports: { http: number | null; https: number | null },
): string {
  const name = host.startsWith('*.') ? host.slice(2) : host;
  const useTls = tls && ports.https !== null;
  const port = useTls ? ports.https : ports.http;
  const standard = useTls ? 443 : 80;
  return `${useTls ? 'https' : 'http'}://${name}${port === null || port === standard ? '' : `:${port}`}`;
}
