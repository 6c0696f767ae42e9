// The admin API, inspector and secrets of a real engine under attack: DNS-rebinding Hosts,
// foreign and null Origins, missing tokens (HTTP and WebSocket), no wildcard CORS, no
// listener off loopback; the inspector redacts credentials and hands back `<script>` as data;
// Portico's own pages escape it; the CA's private key is never served or logged.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import net from 'node:net';
import { readFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { startTestEngine, type TestEngine } from '../helpers/test-engine';
import { request, rawExchange } from '../helpers/test-proxy';
import { startEchoUpstream, type Upstream } from '../helpers/upstreams';
import { EVENTS_SUBPROTOCOL, TOKEN_SUBPROTOCOL_PREFIX } from '../../shared/admin-protocol';

let t: TestEngine;
let echo: Upstream;
let adminPort: number;
let token: string;

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function admin(
  path: string,
  headers: Record<string, string>,
  method = 'POST',
  body = '{}',
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: adminPort, path, method, headers, agent: false },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }),
        );
      },
    );
    req.on('error', reject);
    req.end(method === 'GET' || method === 'OPTIONS' ? undefined : body);
  });
}

const ok = () => ({ host: `127.0.0.1:${adminPort}`, authorization: `Bearer ${token}` });

beforeAll(async () => {
  echo = await startEchoUpstream();
  t = await startTestEngine();
  adminPort = Number(new URL(t.engine.adminUrl).port);
  token = /#token=(.+)$/.exec(t.engine.dashboardUrl)?.[1] ?? '';
  expect(token.length).toBeGreaterThan(16);
  await t.engine.handlers.addDomain({
    host: 'shop.localhost',
    target: String(echo.port),
    tls: false,
  });
  await t.engine.handlers.addDomain({ host: 'secure.localhost', target: String(echo.port) });
});

afterAll(async () => {
  await t.close();
  await echo.close();
});

describe('admin API gate', () => {
  it('answers a well-formed call (the baseline the refusals are compared with)', async () => {
    const res = await admin('/api/rpc/getStatus', ok());
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ ok: true });
  });

  it('refuses every Host that is not exactly a loopback name or address (403)', async () => {
    for (const host of [
      'evil.example',
      `evil.example:${adminPort}`,
      'localhost.evil.example',
      '127.0.0.1.nip.io',
      'localhost.',
      '127.0.0.2',
      '0.0.0.0',
      '[::ffff:127.0.0.1]',
      `localhost:${adminPort}@evil.example`,
      'localhost:99999',
    ]) {
      const res = await admin('/api/rpc/getStatus', { ...ok(), host });
      expect(res.status, host).toBe(403);
      expect(res.body).not.toContain('"ok":true');
    }
    const raw = await rawExchange(
      adminPort,
      `POST /api/rpc/getStatus HTTP/1.1\r\nAuthorization: Bearer ${token}\r\nContent-Length: 2\r\n\r\n{}`,
      500,
    );
    expect(raw).toMatch(/^HTTP\/1\.1 (400|403) /);
  });

  it('refuses null and foreign Origins (403), even with the token', async () => {
    for (const origin of [
      'null',
      'http://evil.example',
      `http://localhost:${adminPort + 1}`,
      `https://127.0.0.1:${adminPort}`,
      `http://127.0.0.1:${adminPort}.evil.example`,
      'file://',
    ]) {
      const res = await admin('/api/rpc/getStatus', { ...ok(), origin });
      expect(res.status, origin).toBe(403);
    }
  });

  it('wants the token as a bearer header (401 without it, in a query or cookie)', async () => {
    const { host } = ok();
    for (const [path, headers] of [
      ['/api/rpc/getStatus', { host }],
      [`/api/rpc/getStatus?token=${token}`, { host }],
      ['/api/rpc/getStatus', { host, cookie: `token=${token}` }],
      ['/api/rpc/getStatus', { host, authorization: `Basic ${token}` }],
      ['/api/rpc/getStatus', { host, authorization: `Bearer ${token}x` }],
    ] as [string, Record<string, string>][]) {
      const res = await admin(path, headers);
      expect(res.status, path).toBe(401);
    }
  });

  it('sends no Access-Control-Allow-Origin to anyone, on any answer', async () => {
    const answers = [
      await admin('/api/rpc/getStatus', ok()),
      await admin('/api/rpc/getStatus', { ...ok(), origin: 'http://evil.example' }),
      await admin('/api/rpc/getStatus', { host: ok().host }),
      await admin(
        '/api/rpc/getStatus',
        {
          ...ok(),
          origin: `http://127.0.0.1:${adminPort}`,
          'access-control-request-method': 'POST',
        },
        'OPTIONS',
      ),
      await admin('/', { host: ok().host, origin: 'http://evil.example' }, 'GET'),
      await admin('/', { host: ok().host }, 'GET'),
    ];
    for (const res of answers) {
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
      expect(res.headers['access-control-allow-credentials']).toBeUndefined();
    }
  });

  it('applies the same checks to the events WebSocket', async () => {
    const attempt = (headers: Record<string, string>, protocols: string[]) =>
      new Promise<number>((resolve, reject) => {
        const ws = new WebSocket(`ws://127.0.0.1:${adminPort}/api/events`, protocols, { headers });
        ws.once('open', () => {
          ws.close();
          resolve(101);
        });
        ws.once('unexpected-response', (_req, res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        ws.once('error', reject);
      });
    const good = [EVENTS_SUBPROTOCOL, `${TOKEN_SUBPROTOCOL_PREFIX}${token}`];
    const host = `127.0.0.1:${adminPort}`;
    expect(await attempt({ host }, good)).toBe(101);
    expect(await attempt({ host: 'evil.example' }, good)).toBe(403);
    expect(await attempt({ host, origin: 'null' }, good)).toBe(403);
    expect(await attempt({ host, origin: 'http://evil.example' }, good)).toBe(403);
    expect(await attempt({ host }, [EVENTS_SUBPROTOCOL])).toBe(401);
    expect(await attempt({ host }, [EVENTS_SUBPROTOCOL, `${TOKEN_SUBPROTOCOL_PREFIX}nope`])).toBe(
      401,
    );
  });

  it('cannot be reached, nor the proxy, on a non-loopback address', async (ctx) => {
    const external = Object.values(networkInterfaces())
      .flat()
      .find((a) => a && !a.internal && a.family === 'IPv4')?.address;
    if (!external) {
      console.log('skipped: this machine has no non-loopback IPv4 address');
      ctx.skip();
      return;
    }
    for (const port of [adminPort, t.httpPort, t.httpsPort]) {
      const code = await new Promise<string>((resolve) => {
        const socket = net.connect(port, external);
        socket.once('connect', () => {
          socket.destroy();
          resolve('connected');
        });
        socket.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
      });
      expect(code, `port ${port} on ${external}`).toBe('ECONNREFUSED');
    }
  });
});

describe('inspector and Portico pages with hostile content', () => {
  it('redacts Cookie, Set-Cookie, Authorization and Proxy-Authorization by default', async () => {
    const secret = 'sekrit-7f3a';
    await request({
      port: t.httpPort,
      host: 'shop.localhost',
      path: '/redact-me',
      headers: {
        cookie: `session=${secret}`,
        authorization: `Bearer ${secret}`,
        'proxy-authorization': `Basic ${secret}`,
      },
    });
    const list = async () =>
      JSON.parse(
        (
          await admin(
            '/api/rpc/listExchangeDetails',
            ok(),
            'POST',
            JSON.stringify({ text: '/redact-me' }),
          )
        ).body,
      ) as {
        ok: boolean;
        value: { id: string; request: { received: [string, string][] }; response: unknown }[];
      };
    let details = await list();
    for (let i = 0; i < 50 && details.value.length === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      details = await list();
    }
    const exchange = details.value[0];
    expect(exchange).toBeDefined();
    const shown = JSON.stringify(details);
    expect(shown).not.toContain(secret);
    // The echo upstream's Set-Cookie values (a=1, b=2) are hidden too.
    expect(shown).not.toContain('a=1; Path=/');
    const received = new Map(exchange!.request.received.map(([n, v]) => [n.toLowerCase(), v]));
    for (const name of ['cookie', 'authorization', 'proxy-authorization'])
      expect(received.get(name), name).toMatch(/^\[redacted/);
    const har = await admin('/api/rpc/exportHar', ok(), 'POST', JSON.stringify({}));
    expect(har.status).toBe(200);
    expect(har.body).not.toContain(secret);
    const curl = await admin(
      '/api/rpc/curlForExchange',
      ok(),
      'POST',
      JSON.stringify({ id: exchange!.id }),
    );
    expect(curl.body).not.toContain(secret);
  });

  it('hands back a <script> in a captured path and header as inert JSON data', async () => {
    await rawExchange(
      t.httpPort,
      'GET /x<script>alert(1)</script> HTTP/1.1\r\nHost: shop.localhost\r\nX-Evil: <script>alert(2)</script>\r\nConnection: close\r\n\r\n',
      800,
    );
    const res = await admin(
      '/api/rpc/listExchangeDetails',
      ok(),
      'POST',
      JSON.stringify({ text: 'alert(1)' }),
    );
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    const parsed = JSON.parse(res.body) as { value: { path: string }[] };
    expect(parsed.value[0]?.path).toBe('/x<script>alert(1)</script>');
  });

  it('escapes <script> in its own error pages (400 bad Host, 307 redirect, 404 unknown host)', async () => {
    const bad = await rawExchange(
      t.httpPort,
      'GET / HTTP/1.1\r\nHost: <script>alert(1)</script>\r\nAccept: text/html\r\nConnection: close\r\n\r\n',
      800,
    );
    expect(bad).toMatch(/^HTTP\/1\.1 400 /);
    expect(bad).toContain('&#60;script&#62;');
    expect(bad).not.toContain('<script>');
    const redirect = await rawExchange(
      t.httpPort,
      'GET /<script>alert(1)</script> HTTP/1.1\r\nHost: secure.localhost\r\nAccept: text/html\r\nConnection: close\r\n\r\n',
      800,
    );
    expect(redirect).toMatch(/^HTTP\/1\.1 307 /);
    expect(redirect.slice(redirect.indexOf('\r\n\r\n'))).not.toContain('<script>');
    const unknown = await request({
      port: t.httpPort,
      host: 'script.localhost',
      path: '/<script>alert(1)</script>',
      headers: { accept: 'text/html' },
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body).not.toContain('<script>');
    expect(unknown.headers['x-content-type-options']).toBe('nosniff');
  });
});

describe('the CA private key', () => {
  it('is never served by the admin API nor written to the log', async () => {
    const key = readFileSync(join(t.ca.dir, 'ca.key'), 'utf8');
    const marker = key.split('\n')[1] as string;
    const leafKey = (await t.ca.certificateFor('secure.localhost')).key;
    const leafMarker = leafKey.split('\n')[1] as string;
    const calls = ['getStatus', 'listDomains', 'getSettings', 'getCaStatus', 'listExchanges'];
    for (const method of calls) {
      const res = await admin(`/api/rpc/${method}`, ok());
      expect(res.body, method).not.toContain('PRIVATE KEY');
      expect(res.body, method).not.toContain(marker);
      expect(res.body, method).not.toContain(leafMarker);
    }
    for (const path of [
      '/rootCA-key.pem',
      '/../ca.key',
      '/%2e%2e/ca.key',
      `/${encodeURIComponent(t.ca.dir)}/ca.key`,
    ]) {
      const res = await admin(path, { host: ok().host }, 'GET');
      expect(res.body, path).not.toContain('PRIVATE KEY');
    }
    const logs = t.logs.join('\n');
    expect(logs).not.toContain('PRIVATE KEY');
    expect(logs).not.toContain(marker);
    expect(logs).not.toContain(leafMarker);
  });
});
