// Streams and WebSockets through the proxy: SSE arrives as produced, WebSockets share a
// domain with keep-alive HTTP, survive config changes and HTTP timeouts, and a failed
// upgrade gets a clear answer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import type { Socket } from 'node:net';
import WebSocket from 'ws';
import { startTestProxy, request, type TestProxy } from '../helpers/test-proxy';
import {
  startSseUpstream,
  startWebSocketUpstream,
  deadPort,
  listenOn,
  closeServer,
} from '../helpers/upstreams';

type WsUpstream = Awaited<ReturnType<typeof startWebSocketUpstream>>;
let ws: WsUpstream;
let proxy: TestProxy;

function connect(url: string, host: string, ca?: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    // ws passes TLS options (ca, servername) through to https.request.
    const options: WebSocket.ClientOptions & { servername?: string } = {
      headers: { host },
      ca,
      servername: host.split(':')[0],
    };
    const socket = new WebSocket(url, options);
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
    socket.once('unexpected-response', (_req, res) =>
      reject(Object.assign(new Error(`status ${res.statusCode}`), { status: res.statusCode })),
    );
  });
}

function echoOnce(socket: WebSocket, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    socket.once('message', (data) => resolve(String(data)));
    socket.once('error', reject);
    socket.send(text);
  });
}

beforeAll(async () => {
  ws = await startWebSocketUpstream();
  proxy = await startTestProxy({
    timeouts: { readMs: 1000 },
    domains: [
      { host: 'hmr.localhost', target: String(ws.port), tls: false },
      { host: 'secure-hmr.localhost', target: String(ws.port) },
      { host: 'other.localhost', target: String(ws.port), tls: false },
    ],
  });
});

afterAll(async () => {
  await proxy.close();
  await ws.close();
});

describe('WebSockets', () => {
  it('echoes through the proxy on the same domain as keep-alive HTTP requests', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const first = await request({
      port: proxy.httpPort,
      host: 'hmr.localhost',
      path: '/one',
      agent,
    });
    const socket = await connect(`ws://127.0.0.1:${proxy.httpPort}/hmr`, 'hmr.localhost');
    expect(await echoOnce(socket, 'hello')).toBe('hello');
    const second = await request({
      port: proxy.httpPort,
      host: 'hmr.localhost',
      path: '/two',
      agent,
    });
    expect([first.body, second.body]).toEqual(['http ok /one', 'http ok /two']);
    const handshake = ws.handshakes.at(-1)!;
    expect(handshake.headers.upgrade).toBe('websocket');
    expect(handshake.headers.connection?.toLowerCase()).toBe('upgrade');
    expect(handshake.headers.host).toBe('hmr.localhost');
    expect(handshake.headers['x-forwarded-for']).toBe('127.0.0.1');
    expect(handshake.headers['x-forwarded-port']).toBe(String(proxy.httpPort));
    socket.close();
    agent.destroy();
  });

  it('works over TLS (wss) with X-Forwarded-Proto https', async () => {
    const socket = await connect(
      `wss://127.0.0.1:${proxy.httpsPort}/`,
      `secure-hmr.localhost:${proxy.httpsPort}`,
      proxy.ca.caCert,
    );
    expect(await echoOnce(socket, 'secure')).toBe('secure');
    expect(ws.handshakes.at(-1)!.headers['x-forwarded-proto']).toBe('https');
    expect(ws.handshakes.at(-1)!.headers['x-forwarded-port']).toBe(String(proxy.httpsPort));
    socket.close();
  });

  it('is not cut by the HTTP read timeout while idle', async () => {
    const socket = await connect(`ws://127.0.0.1:${proxy.httpPort}/`, 'hmr.localhost');
    await new Promise((resolve) => setTimeout(resolve, 1500)); // read timeout is 1 s
    expect(await echoOnce(socket, 'still here')).toBe('still here');
    socket.close();
  });

  it('survives a configuration change that adds, removes and toggles other domains', async () => {
    const socket = await connect(`ws://127.0.0.1:${proxy.httpPort}/`, 'hmr.localhost');
    proxy.setConfig({
      timeouts: { readMs: 1000 },
      domains: [
        { host: 'hmr.localhost', target: String(ws.port), tls: false },
        { host: 'other.localhost', target: String(ws.port), tls: false, enabled: false },
        { host: 'new.localhost', target: String(ws.port), tls: false },
      ],
    });
    expect(await echoOnce(socket, 'after change')).toBe('after change');
    expect((await request({ port: proxy.httpPort, host: 'other.localhost' })).status).toBe(503);
    expect((await request({ port: proxy.httpPort, host: 'new.localhost' })).status).toBe(200);
    socket.close();
  });

  it('answers 502 when the backend is down, leaking no socket', async () => {
    const port = await deadPort();
    const p = await startTestProxy({
      domains: [{ host: 'down.localhost', target: String(port), tls: false }],
    });
    try {
      await expect(
        connect(`ws://127.0.0.1:${p.httpPort}/`, 'down.localhost'),
      ).rejects.toMatchObject({ status: 502 });
    } finally {
      await p.close();
    }
  });

  it("relays the backend's refusal instead of tunnelling", async () => {
    const refusing = http.createServer();
    refusing.on('upgrade', (_req, socket: Socket) =>
      socket.end('HTTP/1.1 403 Forbidden\r\ncontent-length: 2\r\n\r\nno'),
    );
    const port = await listenOn(refusing);
    const p = await startTestProxy({
      domains: [{ host: 'refuse.localhost', target: String(port), tls: false }],
    });
    try {
      await expect(
        connect(`ws://127.0.0.1:${p.httpPort}/`, 'refuse.localhost'),
      ).rejects.toMatchObject({ status: 403 });
    } finally {
      await p.close();
      await closeServer(refusing);
    }
  });

  it('answers 502 when the backend resets during the handshake', async () => {
    const resetting = http.createServer();
    resetting.on('upgrade', (_req, socket: Socket) => socket.destroy());
    const port = await listenOn(resetting);
    const p = await startTestProxy({
      domains: [{ host: 'reset.localhost', target: String(port), tls: false }],
    });
    try {
      await expect(
        connect(`ws://127.0.0.1:${p.httpPort}/`, 'reset.localhost'),
      ).rejects.toMatchObject({ status: 502 });
    } finally {
      await p.close();
      await closeServer(resetting);
    }
  });

  it('refuses an upgrade without the WebSocket handshake headers with 400', async () => {
    const res = await request({
      port: proxy.httpPort,
      host: 'hmr.localhost',
      headers: { connection: 'upgrade', upgrade: 'websocket' },
    });
    expect(res.status).toBe(400);
    expect(res.body).toContain('Sec-WebSocket-Key');
  });
});

describe('streaming', () => {
  it('delivers each SSE event as the upstream writes it, not at the end', async () => {
    const sse = await startSseUpstream(4, 200);
    const p = await startTestProxy({
      domains: [{ host: 'sse.localhost', target: String(sse.port), tls: false }],
    });
    try {
      const arrivals: number[] = [];
      await new Promise<void>((resolve, reject) => {
        const req = http.request(
          {
            host: '127.0.0.1',
            port: p.httpPort,
            headers: { host: 'sse.localhost', accept: 'text/event-stream' },
          },
          (res) => {
            expect(res.headers['content-type']).toBe('text/event-stream');
            res.on('data', () => arrivals.push(performance.now()));
            res.on('end', resolve);
          },
        );
        req.on('error', reject);
        req.end();
      });
      expect(arrivals.length).toBeGreaterThanOrEqual(4);
      // The first event reached the client before the upstream had written the second one.
      expect(arrivals[0]!).toBeLessThan(sse.writtenAt[1]!);
    } finally {
      await p.close();
      await sse.close();
    }
  });
});
