/**
 * Stage 3 of the pipeline: forwarding. The only file that knows the proxy library
 * (http-proxy-3); everything else talks to the small `Forwarder` interface, so the library
 * can be swapped. The pipeline decides every header itself: http-proxy-3 is used with
 * `xfwd: false` and `selfHandleResponse: true`, and gets the prepared head as `req.headers`.
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

  proxy.on('proxyReq', (proxyReq, req) => attach(proxyReq, req as WithHooks));
  proxy.on('proxyReqWs', (proxyReq, req) => {
    const context = (req as WithHooks)[HOOKS];
    attach(proxyReq, req as WithHooks);
    if (!context || context.web) return;
    const { hooks } = context;
    // Our listeners run before the library's: it registers its own after emitting this event.
    proxyReq.on('upgrade', (proxyRes: IncomingMessage, upstream: Socket) =>
      hooks.upgraded(proxyRes, upstream),
    );
    proxyReq.on('response', (proxyRes: IncomingMessage) => hooks.refused(proxyRes));
  });
  proxy.on('proxyRes', (proxyRes, req) => {
    const context = (req as WithHooks)[HOOKS];
    const proxyReq = (proxyRes as IncomingMessage & { req: ClientRequest }).req;
    if (!context?.web) return;
    // Streams such as SSE legitimately stay silent for long: no read timeout once they start.
    if (String(proxyRes.headers['content-type'] ?? '').startsWith('text/event-stream'))
      proxyReq.setTimeout(0);
    context.hooks.response(proxyRes, proxyReq);
  });
  // Without a callback the library emits errors here; every call passes one, but a listener
  // must exist so that a stray error can never crash the process.
  proxy.on('error', () => {});

  function attach(proxyReq: ClientRequest, req: WithHooks): void {
    const context = req[HOOKS];
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
    req.headers = request.headers as IncomingMessage['headers'];
  }

  return {
    web(req, res, request, hooks) {
      prepare(req, { web: true, hooks, request });
      const agent = request.target.protocol === 'https:' ? httpsAgent : httpAgent;
      proxy.web(req, res, { target: request.target, agent }, (error) => hooks.error(error));
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
