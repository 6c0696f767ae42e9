/**
 * WebSocket upgrades through http-proxy-3 (the only file that knows that library): the
 * prepared head goes out as `req.headers` (`xfwd: false`, Portico set the forwarded headers),
 * and the library pipes the tunnel after the upstream's 101.
 */
import type { ClientRequest, IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { createProxyServer } from 'http-proxy-3';
import { UpstreamTimeoutError } from './failures';
import type { ForwardRequest, ForwardUpgrade, UpgradeHooks } from './forward';

const CONTEXT = Symbol('portico.upgradeContext');
interface Context {
  hooks: UpgradeHooks;
  request: ForwardRequest;
}
type WithContext = IncomingMessage & { [CONTEXT]?: Context };

export interface UpgradeForwarder {
  forward: ForwardUpgrade;
  close(): void;
}

export function createUpgradeForwarder(): UpgradeForwarder {
  const proxy = createProxyServer({ xfwd: false, prependPath: true, ws: true });

  proxy.on('proxyReqWs', (proxyReq, req) => {
    const context = (req as WithContext)[CONTEXT];
    if (!context) return;
    const { hooks } = context;
    watchConnection(proxyReq, context);
    // Our listeners run before the library's: it registers its own after emitting this event.
    proxyReq.on('upgrade', (proxyRes: IncomingMessage, upstream: Socket) =>
      hooks.upgraded(proxyRes, upstream),
    );
    proxyReq.on('response', (proxyRes: IncomingMessage) => hooks.refused(proxyRes));
  });
  // Without a callback the library emits errors here; every call passes one, but a listener
  // must exist so that a stray error can never crash the process.
  proxy.on('error', () => {});

  return {
    forward(req, socket, head, request, hooks) {
      (req as WithContext)[CONTEXT] = { hooks, request };
      // http-proxy-3 copies `req.headers` into the upstream request: give it exactly our head.
      // A copy: the library's passes edit `req.headers` in place.
      req.headers = { ...request.headers } as IncomingMessage['headers'];
      // An upgraded socket leaves any pool for good, so upgrades use a connection of their own.
      proxy.ws(req, socket, head, { target: request.target, agent: false }, (error) =>
        hooks.error(error),
      );
    },
    close() {
      proxy.close();
    },
  };
}

/** Reports the connection and enforces the connect timeout on the upstream request. */
function watchConnection(proxyReq: ClientRequest, { hooks, request }: Context): void {
  hooks.upstreamRequest(proxyReq);
  const onSocket = (s: Socket) => {
    if (!s.connecting) return hooks.connected();
    const timer = setTimeout(
      () => proxyReq.destroy(new UpstreamTimeoutError('connect-timeout', request.connectTimeoutMs)),
      request.connectTimeoutMs,
    );
    s.once('connect', () => {
      clearTimeout(timer);
      hooks.connected();
    });
    s.once('close', () => clearTimeout(timer));
  };
  if (proxyReq.socket) onSocket(proxyReq.socket);
  else proxyReq.once('socket', onSocket);
}
