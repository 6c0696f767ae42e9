/**
 * Stage 3 of the pipeline: forwarding. The only file that knows the proxy library
 * (http-proxy-3); everything else talks to the small `Forwarder` interface, so the library
 * can be swapped. The pipeline decides every header itself. WebSocket upgrades go through
 * http-proxy-3 (`xfwd: false`, the prepared head as `req.headers`); plain requests go
 * straight to Node's `http.request` with the same pooled agents, because the library's
 * per-request work cost 30–40% of the throughput at 50 keep-alive connections (measured with
 * `npm run bench -- --scenario inspector`: ~4.5–5.3k req/s through http-proxy-3's `web()` vs
 * ~6.5–8.6k direct, same machine, interleaved runs).
 */
import http, {
  type ClientRequest,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type ServerResponse,
} from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import { createProxyServer } from 'http-proxy-3';
import { UpstreamTimeoutError } from './failures';
import { isEventStream } from './response-writer';

export interface ForwardRequest {
  target: URL;
  /** The complete request head for the upstream (prepare-request's output). */
  headers: OutgoingHttpHeaders;
  connectTimeoutMs: number;
  /** Longest silence from the upstream; 0 disables. */
  readTimeoutMs: number;
}

interface CommonHooks {
  /** The upstream request exists (its socket may still be connecting). */
  upstreamRequest(proxyReq: ClientRequest): void;
  /** The upstream socket is connected. */
  connected(): void;
  error(error: Error): void;
}

export interface WebHooks extends CommonHooks {
  /** The upstream answered; the caller writes the response. */
  response(proxyRes: IncomingMessage, proxyReq: ClientRequest): void;
}

export interface UpgradeHooks extends CommonHooks {
  /** The upstream answered 101 and the tunnel is piped. */
  upgraded(proxyRes: IncomingMessage, upstream: Socket): void;
  /** The upstream answered without upgrading (the library relays that answer). */
  refused(proxyRes: IncomingMessage): void;
}

export interface Forwarder {
  web(req: IncomingMessage, res: ServerResponse, request: ForwardRequest, hooks: WebHooks): void;
  upgrade(
    req: IncomingMessage,
    socket: Socket,
    head: Buffer,
    request: ForwardRequest,
    hooks: UpgradeHooks,
  ): void;
  close(): void;
}

const HOOKS = Symbol('portico.forwardHooks');
type Context =
  | { web: true; hooks: WebHooks; request: ForwardRequest }
  | { web: false; hooks: UpgradeHooks; request: ForwardRequest };
type WithHooks = IncomingMessage & { [HOOKS]?: Context };

export function createForwarder(): Forwarder {
  // Bounded keep-alive pools to the dev servers: reuse connections, never open unbounded ones.
  const agentOptions = {
    keepAlive: true,
    maxSockets: 256,
    maxFreeSockets: 64,
    scheduling: 'lifo' as const,
  };
  const httpAgent = new http.Agent(agentOptions);
  const httpsAgent = new https.Agent(agentOptions);
  const proxy = createProxyServer({
    xfwd: false,
    selfHandleResponse: true,
    prependPath: true,
    ws: true,
  });

  proxy.on('proxyReqWs', (proxyReq, req) => {
    const context = (req as WithHooks)[HOOKS];
    attach(proxyReq, context);
    if (!context || context.web) return;
    const { hooks } = context;
    // Our listeners run before the library's: it registers its own after emitting this event.
    proxyReq.on('upgrade', (proxyRes: IncomingMessage, upstream: Socket) =>
      hooks.upgraded(proxyRes, upstream),
    );
    proxyReq.on('response', (proxyRes: IncomingMessage) => hooks.refused(proxyRes));
  });
  // Without a callback the library emits errors here; every call passes one, but a listener
  // must exist so that a stray error can never crash the process.
  proxy.on('error', () => {});

  function attach(proxyReq: ClientRequest, context: Context | undefined): void {
    if (!context) return;
    const { hooks, request } = context;
    hooks.upstreamRequest(proxyReq);
    if (request.readTimeoutMs > 0) {
      proxyReq.setTimeout(request.readTimeoutMs, () =>
        proxyReq.destroy(new UpstreamTimeoutError('timeout', request.readTimeoutMs)),
      );
    }
    const socket = proxyReq.socket;
    if (socket && !socket.connecting) {
      hooks.connected();
      return;
    }
    const onSocket = (s: Socket) => {
      if (!s.connecting) return hooks.connected();
      const timer = setTimeout(
        () =>
          proxyReq.destroy(new UpstreamTimeoutError('connect-timeout', request.connectTimeoutMs)),
        request.connectTimeoutMs,
      );
      s.once('connect', () => {
        clearTimeout(timer);
        hooks.connected();
      });
      s.once('close', () => clearTimeout(timer));
    };
    if (socket) onSocket(socket);
    else proxyReq.once('socket', onSocket);
  }

  function prepare(req: IncomingMessage, context: Context): void {
    (req as WithHooks)[HOOKS] = context;
    const { request } = context;
    // http-proxy-3 copies `req.headers` into the upstream request: give it exactly our head.
    // A copy: the library's passes edit `req.headers` in place.
    req.headers = { ...request.headers } as IncomingMessage['headers'];
  }

  return {
    web(req, res, request, hooks) {
      // Plain requests go straight to Node's client (see the file comment): the head is sent
      // exactly as prepared (no library pass edits it) and no per-request options merge,
      // pass chain or AbortSignal is paid for.
      const { target } = request;
      const secure = target.protocol === 'https:';
      const proxyReq = (secure ? https : http).request({
        protocol: target.protocol,
        hostname: bareHostname(target.hostname),
        port: target.port || (secure ? 443 : 80),
        method: req.method,
        path: upstreamPath(target, req.url ?? '/'),
        headers: request.headers,
        agent: secure ? httpsAgent : httpAgent,
      });
      let failed = false;
      const onError = (error: Error) => {
        if (failed) return;
        failed = true;
        proxyReq.destroy();
        hooks.error(error);
      };
      req.on('error', onError);
      proxyReq.on('error', onError);
      // The client went away before its answer was complete: abort the upstream request.
      res.on('close', () => {
        if (!res.writableFinished) proxyReq.destroy();
      });
      proxyReq.on('response', (proxyRes: IncomingMessage) => {
        // Streams such as SSE legitimately stay silent for long: no read timeout once they start.
        if (isEventStream(proxyRes.rawHeaders)) proxyReq.setTimeout(0);
        hooks.response(proxyRes, proxyReq);
      });
      attach(proxyReq, { web: true, hooks, request });
      req.pipe(proxyReq);
    },
    upgrade(req, socket, head, request, hooks) {
      prepare(req, { web: false, hooks, request });
      // An upgraded socket leaves the pool for good, so upgrades use a connection of their own.
      proxy.ws(req, socket, head, { target: request.target, agent: false }, (error) =>
        hooks.error(error),
      );
    },
    close() {
      httpAgent.destroy();
      httpsAgent.destroy();
      proxy.close();
    },
  };
}

/** Node's client wants an IPv6 address without the URL's brackets. */
function bareHostname(hostname: string): string {
  return hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
}

/** Paths that need no normalising: origin-form, no dot segments, only URL-safe characters. */
const PLAIN_PATH = /^\/(?!\/)[A-Za-z0-9\-._~!$&'()*+,;=:@%/?]*$/;

/**
 * The path for the upstream: the target's own path (if any) joined with the request's, as
 * http-proxy-3 did it for plain requests (`prependPath`, query strings merged with `&`).
 * Unusual request targets (dot segments, absolute-form, characters a URL escapes) are
 * normalised through the URL parser like the library did; the common case is not.
 */
export function upstreamPath(target: URL, url: string): string {
  const path =
    PLAIN_PATH.test(url) && !/\/(\.|%2e)/i.test(url.split('?', 1)[0] as string)
      ? url
      : normalisedPath(url);
  const base = `${target.pathname}${target.search}`;
  if (base === '/' || base === '') return path;
  return joinPaths(base, path);
}

function normalisedPath(url: string): string {
  if (url === '' || url.startsWith('?')) return url;
  const parsed = new URL(
    url.startsWith('//') ? `http://base.invalid${url}` : url,
    'http://base.invalid',
  );
  return `${parsed.pathname}${parsed.search}`;
}

function joinPaths(...parts: string[]): string {
  const queries: string[] = [];
  let joined = '';
  for (const part of parts) {
    const q = part.indexOf('?');
    const seg = q === -1 ? part : part.slice(0, q);
    if (q !== -1) queries.push(part.slice(q + 1));
    if (!seg) continue;
    if (joined.endsWith('/')) joined += seg.startsWith('/') ? seg.slice(1) : seg;
    else joined += seg.startsWith('/') ? seg : `/${seg}`;
  }
  const query = queries.filter(Boolean).join('&');
  return query ? `${joined}?${query}` : joined;
}
