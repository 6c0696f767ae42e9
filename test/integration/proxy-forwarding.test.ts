// Forwarding rules of product.md, checked against real upstreams on loopback: what the dev
// server receives, what the browser gets back, and Portico's own answers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import express from 'express';
import http from 'node:http';
import https from 'node:https';
import {
  startTestProxy,
  request,
  lowerPairs,
  rawExchange,
  rawBody,
  type TestProxy,
} from '../helpers/test-proxy';
import {
  startEchoUpstream,
  deadPort,
  listenOn,
  closeServer,
  type Upstream,
} from '../helpers/upstreams';

let echo: Upstream;
let proxy: TestProxy;
let dead: number;
let expressServer: http.Server;
let expressPort: number;

function echoed(body: string): [string, string][] {
  return lowerPairs((JSON.parse(body) as { rawHeaders: string[] }).rawHeaders);
}
function values(pairs: [string, string][], name: string): string[] {
  return pairs.filter(([n]) => n === name).map(([, v]) => v);
}

beforeAll(async () => {
  echo = await startEchoUpstream();
  dead = await deadPort();
  const app = express();
  app.set('trust proxy', 'loopback');
  app.get('/whoami', (req, res) => {
    res.json({ ip: req.ip, protocol: req.protocol, hostname: req.hostname, secure: req.secure });
  });
  expressServer = http.createServer(app);
  expressPort = await listenOn(expressServer);
  proxy = await startTestProxy({
    domains: [
      { host: 'shop.localhost', target: String(echo.port), tls: false },
      { host: 'secure.localhost', target: echo.url },
      { host: 'rewrite.localhost', target: echo.url, tls: false, rewriteHost: true },
      { host: '*.wild.localhost', target: echo.url, tls: false },
      { host: 'off.localhost', target: echo.url, tls: false, enabled: false },
      { host: 'dead.localhost', target: String(dead), tls: false },
      { host: 'api.localhost', target: `http://127.0.0.1:${expressPort}` },
      { host: 'std.localhost', target: echo.url, tls: false, forwardedHeader: true },
    ],
  });
});

afterAll(async () => {
  await proxy.close();
  await echo.close();
  await closeServer(expressServer);
});

describe('request headers the dev server receives', () => {
  it('keeps the client Host and sets the forwarded headers over HTTP', async () => {
    const res = await request({
      port: proxy.httpPort,
      host: `shop.localhost:${proxy.httpPort}`,
      path: '/a?b=1',
    });
    expect(res.status).toBe(200);
    const got = echoed(res.body);
    expect(values(got, 'host')).toEqual([`shop.localhost:${proxy.httpPort}`]);
    expect(values(got, 'x-forwarded-for')).toEqual(['127.0.0.1']);
    expect(values(got, 'x-forwarded-proto')).toEqual(['http']);
    expect(values(got, 'x-forwarded-host')).toEqual([`shop.localhost:${proxy.httpPort}`]);
    expect(values(got, 'x-forwarded-port')).toEqual([String(proxy.httpPort)]);
    expect(values(got, 'x-real-ip')).toEqual(['127.0.0.1']);
    expect(JSON.parse(res.body).url).toBe('/a?b=1');
  });

  it('gives an IPv6 loopback client its address and the port it connected to', async () => {
    const res = await request({ port: proxy.httpPort, host: 'shop.localhost', address: '::1' });
    const got = echoed(res.body);
    expect(values(got, 'x-forwarded-for')).toEqual(['::1']);
    expect(values(got, 'x-forwarded-port')).toEqual([String(proxy.httpPort)]);
  });

  it('says https in X-Forwarded-Proto for TLS clients, and the client port', async () => {
    const res = await request({
      port: proxy.httpsPort,
      host: `secure.localhost:${proxy.httpsPort}`,
      ca: proxy.ca.caCert,
    });
    const got = echoed(res.body);
    expect(values(got, 'x-forwarded-proto')).toEqual(['https']);
    expect(values(got, 'x-forwarded-port')).toEqual([String(proxy.httpsPort)]);
    expect(values(got, 'host')).toEqual([`secure.localhost:${proxy.httpsPort}`]);
  });

  it('replaces spoofed forwarding headers from an untrusted client', async () => {
    const res = await request({
      port: proxy.httpPort,
      host: 'shop.localhost',
      rawHeaders: [
        ['X-Forwarded-For', '6.6.6.6'],
        ['X-Forwarded-For', '7.7.7.7'],
        ['X-Real-IP', '6.6.6.6'],
        ['X-Forwarded-Proto', 'https'],
        ['X-Forwarded-Host', 'evil.example'],
        ['X-Forwarded-Port', '1'],
        ['Forwarded', 'for=6.6.6.6'],
      ],
    });
    const got = echoed(res.body);
    expect(values(got, 'x-forwarded-for')).toEqual(['127.0.0.1']);
    expect(values(got, 'x-real-ip')).toEqual(['127.0.0.1']);
    expect(values(got, 'x-forwarded-proto')).toEqual(['http']);
    expect(values(got, 'x-forwarded-host')).toEqual(['shop.localhost']);
    expect(values(got, 'x-forwarded-port')).toEqual([String(proxy.httpPort)]);
    expect(values(got, 'forwarded')).toEqual([]);
  });

  it('appends to X-Forwarded-For only for a trusted proxy', async () => {
    const trusted = await startTestProxy({
      trustedProxies: ['127.0.0.1'],
      domains: [{ host: 'shop.localhost', target: echo.url, tls: false }],
    });
    try {
      const res = await request({
        port: trusted.httpPort,
        host: 'shop.localhost',
        headers: { 'x-forwarded-for': '10.1.2.3', 'x-forwarded-proto': 'https' },
      });
      const got = echoed(res.body);
      expect(values(got, 'x-forwarded-for')).toEqual(['10.1.2.3, 127.0.0.1']);
      expect(values(got, 'x-forwarded-proto')).toEqual(['https']);
    } finally {
      await trusted.close();
    }
  });

  it('drops hop-by-hop headers and those named in Connection, but not its own forwarded headers', async () => {
    const answer = await rawExchange(
      proxy.httpPort,
      'GET / HTTP/1.1\r\nHost: shop.localhost\r\nConnection: close, X-Secret, X-Forwarded-For, X-Real-IP\r\n' +
        'X-Secret: hop\r\nKeep-Alive: timeout=5\r\nProxy-Connection: keep-alive\r\nTE: trailers\r\n' +
        'Trailer: X-Checksum\r\nUpgrade: h2c\r\nClose: reserved\r\nX-Kept: end-to-end\r\n\r\n',
    );
    const res = { body: rawBody(answer) };
    const got = echoed(res.body);
    const names = got.map(([n]) => n);
    for (const gone of [
      'x-secret',
      'keep-alive',
      'proxy-connection',
      'te',
      'trailer',
      'upgrade',
      'close',
    ])
      expect(names).not.toContain(gone);
    // Node's keep-alive agent adds its own Connection for this hop; the client's is gone.
    expect(values(got, 'connection').join()).not.toMatch(/secret|forwarded/i);
    expect(values(got, 'x-kept')).toEqual(['end-to-end']);
    expect(values(got, 'x-forwarded-for')).toEqual(['127.0.0.1']);
    expect(values(got, 'x-real-ip')).toEqual(['127.0.0.1']);
  });

  it('never forwards a header named Close, a name RFC 9110 reserves, nor Keep-Alive', async () => {
    const answer = await rawExchange(
      proxy.httpPort,
      'GET / HTTP/1.1\r\nHost: shop.localhost\r\nConnection: keep-alive\r\n' +
        'Close: reserved\r\nKeep-Alive: timeout=5\r\nX-Kept: end-to-end\r\n\r\n',
      1_000, // the connection stays open: read what came within a second
    );
    const names = echoed(rawBody(answer)).map(([n]) => n);
    expect(names).not.toContain('close');
    expect(names).not.toContain('keep-alive');
    expect(names).toContain('x-kept');
  });

  it('keeps duplicate end-to-end headers as separate lines in order', async () => {
    const res = await request({
      port: proxy.httpPort,
      host: 'shop.localhost',
      rawHeaders: [
        ['X-Dup', 'one'],
        ['Accept', '*/*'],
        ['X-Dup', 'two'],
      ],
    });
    expect(values(echoed(res.body), 'x-dup')).toEqual(['one', 'two']);
  });

  it('rewrites Host to the target when the domain asks for it', async () => {
    const res = await request({ port: proxy.httpPort, host: 'rewrite.localhost' });
    const got = echoed(res.body);
    expect(values(got, 'host')).toEqual([`127.0.0.1:${echo.port}`]);
    expect(values(got, 'x-forwarded-host')).toEqual(['rewrite.localhost']);
  });

  it('sends RFC 7239 Forwarded when enabled', async () => {
    const res = await request({
      port: proxy.httpPort,
      host: 'std.localhost',
      headers: { forwarded: 'for=1.2.3.4' },
    });
    expect(values(echoed(res.body), 'forwarded')).toEqual([
      'for=127.0.0.1;host=std.localhost;proto=http',
    ]);
  });

  it('lets an Express app with trust proxy see the client, scheme and host', async () => {
    const res = await request({
      port: proxy.httpsPort,
      host: `api.localhost:${proxy.httpsPort}`,
      path: '/whoami',
      ca: proxy.ca.caCert,
    });
    expect(JSON.parse(res.body)).toEqual({
      ip: '127.0.0.1',
      protocol: 'https',
      hostname: 'api.localhost',
      secure: true,
    });
  });
});

describe('response the browser gets', () => {
  it('drops the upstream hop-by-hop headers and keeps every Set-Cookie', async () => {
    const res = await request({ port: proxy.httpPort, host: 'shop.localhost' });
    const got = lowerPairs(res.rawHeaders);
    expect(values(got, 'set-cookie')).toEqual(['a=1; Path=/', 'b=2; Path=/']);
    expect(values(got, 'x-upstream-private')).toEqual([]);
    expect(values(got, 'keep-alive').join()).not.toContain('timeout=5');
  });
});

describe('routing', () => {
  it('matches case-insensitively, ignoring the port and a trailing dot', async () => {
    for (const host of ['SHOP.localhost', 'shop.localhost.:9999', 'Shop.LocalHost']) {
      const res = await request({ port: proxy.httpPort, host });
      expect(res.status, host).toBe(200);
    }
  });

  it('routes every subdomain of a wildcard, but not the bare name', async () => {
    expect((await request({ port: proxy.httpPort, host: 'a.wild.localhost' })).status).toBe(200);
    expect((await request({ port: proxy.httpPort, host: 'x.y.wild.localhost' })).status).toBe(200);
    expect((await request({ port: proxy.httpPort, host: 'wild.localhost' })).status).toBe(404);
  });

  it('answers an unknown host with 404 listing the configured domains, forwarding nothing', async () => {
    const before = echo.received.length;
    const res = await request({
      port: proxy.httpPort,
      host: 'nope.localhost',
      headers: { accept: 'text/html' },
    });
    expect(res.status).toBe(404);
    expect(res.body).toContain('shop.localhost');
    expect(res.body).toContain('*.wild.localhost');
    expect(echo.received.length).toBe(before);
  });

  it('answers a paused domain with 503', async () => {
    const res = await request({ port: proxy.httpPort, host: 'off.localhost' });
    expect(res.status).toBe(503);
    expect(res.body).toContain('off.localhost is paused');
  });

  it('refuses malformed Host headers with 400', async () => {
    for (const host of ['.', 'a.com.:1.2', 'shop.localhost:98777', 'ip:9000:80', 'a b']) {
      const res = await request({ port: proxy.httpPort, host });
      expect(res.status, host).toBe(400);
    }
  });

  it('redirects HTTP to HTTPS for TLS domains, keeping the non-default port', async () => {
    const res = await request({ port: proxy.httpPort, host: 'secure.localhost', path: '/x?y=1' });
    expect(res.status).toBe(307);
    expect(res.headers.location).toBe(`https://secure.localhost:${proxy.httpsPort}/x?y=1`);
  });

  it('refuses a TLS request whose Host is not the name the connection was opened for', async () => {
    const agent = new https.Agent({ keepAlive: false });
    const res = await new Promise<number>((resolve, reject) => {
      const req = https.request(
        {
          host: '127.0.0.1',
          port: proxy.httpsPort,
          servername: 'secure.localhost',
          ca: proxy.ca.caCert,
          agent,
          headers: { host: 'api.localhost' },
        },
        (r) => {
          r.resume();
          resolve(r.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(res).toBe(421);
  });
});

describe('failures', () => {
  it('answers 502 naming the target when nothing listens there', async () => {
    const res = await request({
      port: proxy.httpPort,
      host: 'dead.localhost',
      headers: { accept: 'text/html' },
    });
    expect(res.status).toBe(502);
    expect(res.body).toContain(`Nothing is listening on localhost:${dead}`);
    expect(res.body).toContain('is your dev server running?');
    expect(proxy.health.get('dead.localhost')).toBe(false);
  });

  it('answers 504 when the dev server goes silent past the read timeout', async () => {
    const silent = http.createServer(() => {});
    const port = await listenOn(silent);
    const p = await startTestProxy({
      timeouts: { readMs: 1000 },
      domains: [{ host: 'slow.localhost', target: String(port), tls: false }],
    });
    try {
      const res = await request({ port: p.httpPort, host: 'slow.localhost' });
      expect(res.status).toBe(504);
      expect(res.body).toContain('sent nothing for 1 s');
    } finally {
      await p.close();
      await closeServer(silent);
    }
  });

  it('aborts the upstream request when the client goes away', async () => {
    let upstreamClosed!: () => void;
    const closed = new Promise<void>((resolve) => (upstreamClosed = resolve));
    const hanging = http.createServer((req, res) => {
      res.writeHead(200);
      res.write('partial');
      req.socket.on('close', () => upstreamClosed());
    });
    const port = await listenOn(hanging);
    const p = await startTestProxy({
      domains: [{ host: 'hang.localhost', target: String(port), tls: false }],
    });
    try {
      await new Promise<void>((resolve, reject) => {
        const req = http.request(
          { host: '127.0.0.1', port: p.httpPort, headers: { host: 'hang.localhost' } },
          (res) => {
            res.once('data', () => {
              req.destroy();
              resolve();
            });
          },
        );
        req.on('error', () => {});
        req.on('close', () => resolve());
        req.end();
        setTimeout(() => reject(new Error('no response')), 5000);
      });
      await closed;
    } finally {
      await p.close();
      await closeServer(hanging);
    }
  });

  it('stops a request that loops back through Portico with 508', async () => {
    const loop = await startTestProxy({ domains: [] });
    loop.setConfig({
      domains: [
        { host: 'loop.localhost', target: `http://127.0.0.1:${loop.httpPort}`, tls: false },
      ],
    });
    try {
      const res = await request({ port: loop.httpPort, host: 'loop.localhost' });
      expect(res.status).toBe(508);
    } finally {
      await loop.close();
    }
  });
});
