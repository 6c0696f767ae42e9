// Faults on every side of the proxy: upstreams that die mid-response, mid-SSE and
// mid-WebSocket, resets on HTTP, TLS and WebSocket sockets, and clients that abort at every
// stage. The process must never see an uncaught exception, the client must get an error
// (never a truncated answer passed off as complete), and connections must go back to zero.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import net from 'node:net';
import tls from 'node:tls';
import type { Server } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';
import { startTestProxy, type TestProxy } from '../helpers/test-proxy';
import { listenOn, closeServer } from '../helpers/upstreams';
import {
  startRawUpstream,
  guardUncaught,
  eventually,
  delay,
  type RawUpstream,
} from '../helpers/hardening-upstreams';

let proxy: TestProxy;
let raw: RawUpstream;
let wsServer: http.Server;
let wss: WebSocketServer;
let slow: http.Server;
const slowSockets = new Set<net.Socket>();
/** What the raw upstream does with the next connection. */
let script: (socket: net.Socket, head: string) => void = () => {};
const guard = guardUncaught();

function proxyConnections(): Promise<number> {
  const servers = (proxy.server as unknown as { servers: Server[] }).servers;
  return Promise.all(
    servers.map((s) => new Promise<number>((resolve) => s.getConnections((_e, n) => resolve(n)))),
  ).then((counts) => counts.reduce((a, b) => a + b, 0));
}

async function settled(): Promise<void> {
  let proxyCount = -1;
  const ok = await eventually(() => {
    void proxyConnections().then((n) => (proxyCount = n));
    return proxyCount === 0 && raw.open.size === 0 && slowSockets.size === 0;
  }, 4000);
  expect({ ok, proxyCount, raw: raw.open.size, slow: slowSockets.size }).toEqual({
    ok: true,
    proxyCount: 0,
    raw: 0,
    slow: 0,
  });
}

/** A GET through the proxy; resolves with how the response ended. */
function fetchOutcome(
  host: string,
  options: { path?: string; ca?: string; port?: number } = {},
): Promise<{ status: number; body: string; complete: boolean; error: string | null }> {
  return new Promise((resolve) => {
    const tlsOn = options.ca !== undefined;
    const common = {
      host: '127.0.0.1',
      port: options.port ?? (tlsOn ? proxy.httpsPort : proxy.httpPort),
      path: options.path ?? '/',
      headers: { host },
      agent: false as const,
    };
    const req = tlsOn
      ? https_request({ ...common, servername: host, ca: options.ca })
      : http.request(common);
    let status = 0;
    let body = '';
    req.on('response', (res) => {
      status = res.statusCode ?? 0;
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status, body, complete: res.complete, error: null }));
      res.on('error', (e) => resolve({ status, body, complete: false, error: e.message }));
      res.on('aborted', () => resolve({ status, body, complete: false, error: 'aborted' }));
    });
    req.on('error', (e) => resolve({ status, body, complete: false, error: e.message }));
    req.setTimeout(5000, () => req.destroy(new Error('timed out')));
    req.end();
  });
}
import https from 'node:https';
const https_request = https.request;

beforeAll(async () => {
  raw = await startRawUpstream((socket, head) => script(socket, head));
  wsServer = http.createServer();
  wss = new WebSocketServer({ server: wsServer });
  wss.on('connection', (socket) => {
    socket.on('error', () => {});
    socket.on('message', (data) => socket.send(data));
  });
  const wsPort = await listenOn(wsServer);
  slow = http.createServer((req, res) => {
    slowSockets.add(req.socket);
    req.socket.on('close', () => slowSockets.delete(req.socket));
    req.on('error', () => {});
    res.writeHead(200, { 'content-type': 'text/plain' });
    const timer = setInterval(() => res.write('x'.repeat(1024)), 20);
    res.on('close', () => clearInterval(timer));
  });
  const slowPort = await listenOn(slow);
  proxy = await startTestProxy({
    domains: [
      { host: 'raw.localhost', target: String(raw.port) },
      { host: 'ws.localhost', target: String(wsPort) },
      { host: 'slow.localhost', target: String(slowPort) },
      { host: 'raw-http.localhost', target: String(raw.port), tls: false },
      { host: 'slow-http.localhost', target: String(slowPort), tls: false },
    ],
  });
});

afterEach(async () => {
  await settled();
});

afterAll(async () => {
  await proxy.close();
  await raw.close();
  for (const client of wss.clients) client.terminate();
  wss.close();
  await closeServer(wsServer);
  await closeServer(slow);
  guard.dispose();
  expect(guard.errors).toEqual([]);
});

describe('the upstream dies', () => {
  it('mid-response (reset): the client gets an error, not a short body', async () => {
    script = (socket) => {
      socket.write('HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\npartial');
      setTimeout(() => socket.resetAndDestroy(), 30);
    };
    const out = await fetchOutcome('raw.localhost', { ca: proxy.ca.caCert });
    expect(out.status).toBe(200);
    expect(out.complete).toBe(false);
    expect(out.error).not.toBeNull();
  });

  it('before answering (reset): 502', async () => {
    script = (socket) => socket.resetAndDestroy();
    const out = await fetchOutcome('raw.localhost', { ca: proxy.ca.caCert });
    expect(out.status).toBe(502);
    expect(out.complete).toBe(true);
  });

  it('mid-SSE: the event stream errors instead of ending cleanly', async () => {
    script = (socket) => {
      socket.write(
        'HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n',
      );
      socket.write('d\r\ndata: first\n\n\r\n');
      setTimeout(() => socket.destroy(), 50);
    };
    const out = await fetchOutcome('raw.localhost', { ca: proxy.ca.caCert });
    expect(out.body).toContain('data: first');
    expect(out.complete).toBe(false);
  });

  it('mid-WebSocket: the client sees the connection close, the proxy keeps serving', async () => {
    const ws = await openWs();
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    for (const client of wss.clients) client.terminate();
    expect(await closed).toBe(1006);
    const again = await openWs();
    again.close();
  });
});

describe('resets from the client side', () => {
  it('during the request head, on HTTP and on TLS', async () => {
    for (const tlsOn of [false, true]) {
      const { stream, raw: tcp } = await connect(tlsOn, 'raw.localhost');
      stream.write('GET / HTTP/1.1\r\nHost: raw.localhost\r\nX-Half: ');
      await delay(30);
      tcp.resetAndDestroy();
    }
  });

  it('during the TLS handshake', async () => {
    const socket = net.connect(proxy.httpsPort, '127.0.0.1');
    socket.on('error', () => {});
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    socket.write(Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03]));
    await delay(30);
    socket.resetAndDestroy();
  });

  it('during the request body, on HTTP and on TLS: the upstream request is aborted too', async () => {
    for (const tlsOn of [false, true]) {
      const host = tlsOn ? 'raw.localhost' : 'raw-http.localhost';
      const before = raw.received().length;
      script = () => {};
      const { stream, raw: tcp } = await connect(tlsOn, host);
      stream.write(`POST /upload HTTP/1.1\r\nHost: ${host}\r\nContent-Length: 100000\r\n\r\n`);
      stream.write('y'.repeat(5000));
      const arrived = () => (raw.received().slice(before).match(/y/g) ?? []).length;
      expect(await eventually(() => arrived() >= 5000, 2000), `body reached, tls ${tlsOn}`).toBe(
        true,
      );
      tcp.resetAndDestroy();
      expect(await eventually(() => raw.open.size === 0, 3000), `closed, tls ${tlsOn}`).toBe(true);
    }
  });

  it('during the response, on HTTP and on TLS: the upstream connection is closed', async () => {
    for (const tlsOn of [false, true]) {
      const host = tlsOn ? 'slow.localhost' : 'slow-http.localhost';
      const { stream, raw: tcp } = await connect(tlsOn, host);
      stream.write(`GET / HTTP/1.1\r\nHost: ${host}\r\n\r\n`);
      await new Promise<void>((resolve) => stream.once('data', () => resolve()));
      expect(slowSockets.size).toBe(1);
      tcp.resetAndDestroy();
      expect(await eventually(() => slowSockets.size === 0, 3000), `tls ${tlsOn}`).toBe(true);
    }
  });

  it('mid-WebSocket (reset): the upstream side of the tunnel is closed', async () => {
    const ws = await openWs();
    await new Promise<void>((resolve) => {
      ws.once('message', () => resolve());
      ws.send('ping');
    });
    expect(wss.clients.size).toBeGreaterThan(0);
    const tcp = (ws as unknown as { _socket: tls.TLSSocket })._socket;
    // The TLS socket wraps a TCP handle; reset that.
    (tcp as unknown as { _parent?: net.Socket })._parent?.resetAndDestroy();
    tcp.destroy();
    expect(await eventually(() => wss.clients.size === 0, 3000)).toBe(true);
  });
});

/** A client connection to the proxy: `stream` to talk HTTP on, `raw` the TCP socket to reset. */
async function connect(
  tlsOn: boolean,
  servername: string,
): Promise<{ stream: net.Socket; raw: net.Socket }> {
  const tcp = net.connect(tlsOn ? proxy.httpsPort : proxy.httpPort, '127.0.0.1');
  tcp.on('error', () => {});
  await new Promise<void>((resolve) => tcp.once('connect', resolve));
  if (!tlsOn) return { stream: tcp, raw: tcp };
  const secure = tls.connect({ socket: tcp, servername, ca: proxy.ca.caCert });
  secure.on('error', () => {});
  await new Promise<void>((resolve) => secure.once('secureConnect', resolve));
  return { stream: secure, raw: tcp };
}

function openWs(): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`wss://127.0.0.1:${proxy.httpsPort}/`, {
      headers: { host: 'ws.localhost' },
      ca: proxy.ca.caCert,
      servername: 'ws.localhost',
    } as WebSocket.ClientOptions);
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
    ws.on('error', () => {});
  });
}
