/**
 * The decisions taken before anything is forwarded, shared by plain requests and
 * WebSocket upgrades: a valid Host, a known and enabled domain, the right scheme, no loop.
 * Returns either the page to answer with or what to forward.
 */
import type { IncomingMessage } from 'node:http';
import type { ClientInfo } from './client-info';
import { isLoopback } from './client-info';
import { parseHostHeader } from './host-header';
import { findHeader } from './raw-headers';
import { prepareRequest, type PreparedRequest } from './prepare-request';
import { publicUrl, type ProxySnapshot } from './proxy-state';
import type { Page } from './pages';
import type { Route } from './route-table';

/** Requests that already went through Portico this many times are stopped (508). */
export const MAX_HOPS = 3;

export type Admission =
  | { kind: 'page'; page: Page; route: Route | null }
  | { kind: 'forward'; route: Route; prepared: PreparedRequest; hostname: string };

/**
 * Most header lines a request may carry (browsers send ~20); a request with more is refused
 * with Portico's 431 page. The servers keep every line for this check (`maxHeadersCount` 0;
 * the head's size limit still bounds them): past `maxHeadersCount` Node 20 silently drops the
 * extra lines, while Node 22+ (Electron's) fails the parse with its own bare 431.
 */
export const MAX_HEADER_COUNT = 500;

export function admit(
  snapshot: ProxySnapshot,
  req: IncomingMessage,
  client: ClientInfo,
  upgrade: string | null,
): Admission {
  const framing = framingProblem(req);
  if (framing) return { kind: 'page', route: null, page: framing };
  const host = parseHostHeader(findHeader(req.rawHeaders, 'host') ?? undefined);
  if (!host.ok)
    return {
      kind: 'page',
      route: null,
      page: { status: 400, code: 'bad-host', title: 'Bad Request', message: host.reason },
    };
  const route = snapshot.routes.resolve(host.hostname);
  if (!route) return { kind: 'page', route: null, page: unknownHostPage(snapshot, host.hostname) };
  const { domain } = route;
  if (
    client.tls &&
    client.sni !== null &&
    snapshot.routes.resolve(normaliseSni(client.sni)) !== route
  ) {
    return {
      kind: 'page',
      route,
      page: {
        status: 421,
        code: 'misdirected',
        title: 'Misdirected Request',
        message: `This TLS connection was opened for ${client.sni}, not ${host.hostname}. Open a new connection.`,
      },
    };
  }
  if (snapshot.paused || !domain.enabled) {
    return {
      kind: 'page',
      route,
      page: {
        status: 503,
        code: 'paused',
        title: 'Service Unavailable',
        message: snapshot.paused
          ? `Portico is paused: every domain is off. Resume it from the tray or the window to reach ${domain.host}.`
          : `${domain.host} is paused in Portico. Turn it on (portico enable ${domain.host}, the tray menu or the window) to reach ${route.domain.target}.`,
        headers: { 'retry-after': '5' },
      },
    };
  }
  if (!client.tls && domain.tls && snapshot.httpsPort !== null && upgrade === null) {
    const port = snapshot.httpsPort === 443 ? '' : `:${snapshot.httpsPort}`;
    const location = `https://${host.hostname}${port}${req.url ?? '/'}`;
    // 307, not 301/308: a permanent redirect would stay in the browser's cache after the
    // user turns TLS off for this domain, and 307 keeps the method and body.
    return {
      kind: 'page',
      route,
      page: {
        status: 307,
        code: 'https-redirect',
        title: 'Temporary Redirect',
        message: `${domain.host} is served over HTTPS: ${location}`,
        headers: { location },
      },
    };
  }
  const prepared = prepareRequest(
    req.rawHeaders,
    client,
    route,
    upgrade,
    isLoopback(client.address),
  );
  if (prepared.hops >= MAX_HOPS) {
    return {
      kind: 'page',
      route,
      page: {
        status: 508,
        code: 'loop',
        title: 'Loop Detected',
        message: `This request went through Portico ${prepared.hops} times: the target of ${domain.host} (${domain.target}) points back at Portico.`,
      },
    };
  }
  return { kind: 'forward', route, prepared, hostname: host.hostname };
}

/** Requests Node's parser accepts but a proxy must not forward (RFC 9112 §6.1, §5). */
function framingProblem(req: IncomingMessage): Page | null {
  if (req.rawHeaders.length / 2 > MAX_HEADER_COUNT)
    return {
      status: 431,
      code: 'too-many-headers',
      title: 'Request Header Fields Too Large',
      message: `The request has more than ${MAX_HEADER_COUNT} header lines.`,
      headers: { connection: 'close' },
    };
  // An HTTP/1.0 message with Transfer-Encoding has faulty framing, whatever else it says:
  // an HTTP/1.0 upstream would read the chunked body as the next request.
  if (req.httpVersion === '1.0' && findHeader(req.rawHeaders, 'transfer-encoding') !== null)
    return {
      status: 400,
      code: 'bad-framing',
      title: 'Bad Request',
      message: 'Transfer-Encoding is not allowed in an HTTP/1.0 request.',
      headers: { connection: 'close' },
    };
  return null;
}

function normaliseSni(sni: string): string {
  const lower = sni.toLowerCase();
  return lower.endsWith('.') ? lower.slice(0, -1) : lower;
}

function unknownHostPage(snapshot: ProxySnapshot, hostname: string): Page {
  const domains = snapshot.routes.domains;
  const ports = { http: snapshot.httpPort, https: snapshot.httpsPort };
  return {
    status: 404,
    code: 'unknown-host',
    title: 'Not Found',
    message: domains.length
      ? `Portico has no domain ${hostname}. The configured domains are:`
      : `Portico has no domain ${hostname}, and no domains yet. Add one: portico add ${hostname} 5173`,
    items: domains.map((d) => `${d.host} → ${d.target}${d.enabled ? '' : ' (paused)'}`),
    links: domains.map((d) => publicUrl(d.host, d.tls, ports)),
  };
}
