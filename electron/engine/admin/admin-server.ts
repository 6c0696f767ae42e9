/**
 * The admin API (shared/admin-protocol.ts) and the web dashboard, on loopback only:
 * `POST /api/rpc/<method>` goes through `dispatch()`; `/api/events` is a WebSocket of
 * engine events; anything else is the dashboard. Every request and upgrade passes the
 * checks of request-guard.ts first. No CORS header is ever sent: other sites get nothing.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  EVENTS_PATH,
  EVENTS_SUBPROTOCOL,
  RPC_PATH_PREFIX,
  TOKEN_SUBPROTOCOL_PREFIX,
} from '../../../shared/admin-protocol';
import { dispatch } from '../../../shared/dispatch';
import type { RpcOutcome } from '../../../shared/rpc';
import type { EngineEndpoint } from '../engine-api';
import { bearerToken, checkAdminRequest, subprotocolToken } from './request-guard';
import { createDashboardHandler, setSecurityHeaders } from './dashboard-static';
import { readJsonBody, BodyError } from './read-json-body';

export const MAX_BODY_BYTES = 1024 * 1024;
/** A client that reads events this slowly is cut off rather than buffered without end. */
const MAX_WS_BUFFER = 16 * 1024 * 1024;

export interface AdminServerOptions {
  endpoint: EngineEndpoint;
  token: string;
  /** The port to try first (0: any free port); taken → a free one, and `problem` says so. */
  port: number;
  dashboardDir: string | null;
  log?: (line: string) => void;
}

export interface AdminServer {
  port: number;
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** Why the requested port was not used, or null. */
  problem: string | null;
  close(): Promise<void>;
}

export async function startAdminServer(options: AdminServerOptions): Promise<AdminServer> {
  const { endpoint, token } = options;
  const log = options.log ?? (() => {});
  let port = 0;
  const serveDashboard = createDashboardHandler(options.dashboardDir);
  const sockets = new Set<WebSocket>();

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: 64 * 1024,
    // Browsers fail the handshake unless the answer is one of the offered subprotocols,
    // so clients offer both `portico.v1` and the token one; the token is never echoed.
    handleProtocols: (protocols) =>
      protocols.has(EVENTS_SUBPROTOCOL) ? EVENTS_SUBPROTOCOL : false,
  });
  wss.on('error', (error) => log(`admin: websocket server error: ${error.message}`));

  const server = http.createServer((req, res) => {
    handleRequest(req, res).catch((error: unknown) => {
      log(
        `admin: ${req.method} ${req.url}: ${error instanceof Error ? error.message : String(error)}`,
      );
      if (!res.headersSent)
        sendJson(res, 500, { ok: false, error: { code: 'INTERNAL', message: 'Internal error' } });
      else res.destroy();
    });
  });
  server.on('clientError', (error, socket) => {
    log(`admin: bad request from a client: ${error.message}`);
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });
  server.on('upgrade', (req, socket, head) => handleUpgrade(req, socket, head));

  async function handleRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    setSecurityHeaders(res);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const isApi = url.pathname.startsWith('/api/');
    const guard = checkAdminRequest({
      host: req.headers.host,
      origin: req.headers.origin,
      port,
      // Static pages need no token: the page reads it from the URL fragment.
      token: isApi ? bearerToken(req.headers.authorization) : undefined,
      expectedToken: token,
    });
    if (!guard.ok) {
      req.resume();
      if (guard.status === 401) res.setHeader('www-authenticate', 'Bearer');
      sendText(res, guard.status, guard.reason);
      return;
    }
    if (!isApi) {
      serveDashboard(req, res);
      return;
    }
    if (!url.pathname.startsWith(RPC_PATH_PREFIX)) {
      req.resume();
      sendText(res, 404, `No such endpoint: ${url.pathname}`);
      return;
    }
    if (req.method !== 'POST') {
      req.resume();
      res.setHeader('allow', 'POST');
      sendText(res, 405, 'Use POST for /api/rpc/<method>.');
      return;
    }
    let params: unknown;
    try {
      params = await readJsonBody(req, MAX_BODY_BYTES);
    } catch (error) {
      if (!(error instanceof BodyError)) throw error;
      if (error.status === 413) res.setHeader('connection', 'close');
      const outcome: RpcOutcome<never> = {
        ok: false,
        error: { code: 'INVALID_PARAMS', message: error.message },
      };
      sendJson(res, error.status, outcome);
      if (error.status === 413) req.resume();
      return;
    }
    const method = decodeURIComponent(url.pathname.slice(RPC_PATH_PREFIX.length));
    sendJson(res, 200, await dispatch(endpoint.handlers, method, params));
  }

  function handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', (error) => log(`admin: websocket client socket error: ${error.message}`));
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== EVENTS_PATH) return refuseUpgrade(socket, 404, 'Not Found');
    const guard = checkAdminRequest({
      host: req.headers.host,
      origin: req.headers.origin,
      port,
      token: subprotocolToken(req.headers['sec-websocket-protocol'], TOKEN_SUBPROTOCOL_PREFIX),
      expectedToken: token,
    });
    if (!guard.ok) {
      return refuseUpgrade(
        socket,
        guard.status,
        guard.status === 401 ? 'Unauthorized' : 'Forbidden',
      );
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('error', (error) => log(`admin: websocket error: ${error.message}`));
      const unsubscribe = endpoint.subscribe((message) => {
        if (ws.readyState !== ws.OPEN) return;
        if (ws.bufferedAmount > MAX_WS_BUFFER) {
          ws.close(1013, 'Too slow to read events');
          return;
        }
        ws.send(JSON.stringify(message), (error) => {
          if (error) log(`admin: could not send an event: ${error.message}`);
        });
      });
      ws.on('close', () => {
        unsubscribe();
        sockets.delete(ws);
      });
    });
  }

  const requestedPort = options.port;
  let problem: string | null = null;
  try {
    port = await listen(server, requestedPort);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || requestedPort === 0) throw error;
    port = await listen(server, 0);
    problem = `Port ${requestedPort} is in use; the admin API listens on ${port} instead.`;
    log(`admin: ${problem}`);
  }
  server.on('error', (error) => log(`admin: server error: ${error.message}`));

  return {
    port,
    url: `http://127.0.0.1:${port}`,
    problem,
    async close() {
      for (const ws of sockets) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}

function listen(server: http.Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    server.listen({ host: '127.0.0.1', port, exclusive: true }, () => {
      server.off('error', onError);
      const address = server.address();
      if (address && typeof address === 'object') resolve(address.port);
      else reject(new Error('The admin server has no TCP address.'));
    });
  });
}

function refuseUpgrade(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  res.end(text);
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'cache-control': 'no-store',
  });
  res.end(`${text}\n`);
}
