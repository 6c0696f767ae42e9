// Hostile requests against the real proxy pipeline: spoofed forwarding headers, headers
// named in Connection, request smuggling shapes sent raw, and an upstream that answers with
// broken framing. Each test asserts what reaches the dev server, not just the status.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import {
  startTestProxy,
  request,
  lowerPairs,
  rawExchange,
  rawBody,
  type TestProxy,
} from '../helpers/test-proxy';
import { startEchoUpstream, type Upstream } from '../helpers/upstreams';
import { startRawUpstream, type RawUpstream } from '../helpers/hardening-upstreams';

let echo: Upstream;
let proxy: TestProxy;
const raws: RawUpstream[] = [];

function echoed(body: string): [string, string][] {
  return lowerPairs((JSON.parse(body) as { rawHeaders: string[] }).rawHeaders);
}
function values(pairs: [string, string][], name: string): string[] {
  return pairs.filter(([n]) => n === name).map(([, v]) => v);
}

/** A raw upstream answering every connection with `bytes`, as a domain `<name>.localhost`. */
async function scripted(name: string, bytes: string, close = false): Promise<RawUpstream> {
  const upstream = await startRawUpstream((socket) => {
    socket.write(bytes);
    if (close) socket.end();
  });
  raws.push(upstream);
  const domains = proxyDomains();
  domains.push({ host: `${name}.localhost`, target: String(upstream.port), tls: false });
  proxy.setConfig({ domains, trustedProxies: [] });
  return upstream;
}

let extra: { host: string; target: string; tls: boolean }[] = [];
function proxyDomains() {
  extra = [...extra];
  return [
    { host: 'shop.localhost', target: String(echo.port), tls: false },
    { host: 'std.localhost', target: String(echo.port), tls: false, forwardedHeader: true },
    ...extra,
  ].map((d) => {
    if (!extra.includes(d as never) && d.host !== 'shop.localhost' && d.host !== 'std.localhost')
      extra.push(d as never);
    return d;
  });
}

beforeAll(async () => {
  echo = await startEchoUpstream();
  proxy = await startTestProxy({ domains: proxyDomains() });
});

afterAll(async () => {
  await proxy.close();
  await echo.close();
  for (const raw of raws) await raw.close();
});

describe('forwarded headers cannot be spoofed', () => {
  it('sends exactly one value of each forwarded header, Portico’s own, whatever the client repeats', async () => {
    const spoof: [string, string][] = [];
    for (const name of [
      'X-Forwarded-For',
      'X-Real-IP',
      'X-Forwarded-Proto',
      'X-Forwarded-Host',
      'X-Forwarded-Port',
      'Forwarded',
    ]) {
      spoof.push(
        [name, 'evil.example'],
        [name.toLowerCase(), '6.6.6.6'],
        [name.toUpperCase(), 'https'],
      );
    }
    for (const host of ['shop.localhost', 'std.localhost']) {
      const res = await request({ port: proxy.httpPort, host, rawHeaders: spoof });
      const got = echoed(res.body);
      expect(values(got, 'x-forwarded-for')).toEqual(['127.0.0.1']);
      expect(values(got, 'x-real-ip')).toEqual(['127.0.0.1']);
      expect(values(got, 'x-forwarded-proto')).toEqual(['http']);
      expect(values(got, 'x-forwarded-host')).toEqual([host]);
      expect(values(got, 'x-forwarded-port')).toEqual([String(proxy.httpPort)]);
      expect(values(got, 'forwarded')).toEqual(
        host === 'std.localhost' ? [`for=127.0.0.1;host=${host};proto=http`] : [],
      );
    }
  });

  it('appends to the list only for a peer on the trusted-proxy list', async () => {
    proxy.setConfig({ domains: proxyDomains(), trustedProxies: ['127.0.0.1'] });
    try {
      const res = await request({
        port: proxy.httpPort,
        host: 'std.localhost',
        rawHeaders: [
          ['X-Forwarded-For', '203.0.113.7'],
          ['Forwarded', 'for=203.0.113.7'],
        ],
      });
      const got = echoed(res.body);
      expect(values(got, 'x-forwarded-for')).toEqual(['203.0.113.7, 127.0.0.1']);
      expect(values(got, 'forwarded')).toEqual([
        'for=203.0.113.7, for=127.0.0.1;host=std.localhost;proto=http',
      ]);
    } finally {
      proxy.setConfig({ domains: proxyDomains(), trustedProxies: [] });
    }
  });

  it('keeps Host and its own headers when the client names them in Connection', async () => {
    const res = await request({
      port: proxy.httpPort,
      host: 'std.localhost',
      rawHeaders: [
        [
          'Connection',
          'keep-alive, X-Forwarded-For, X-Real-IP, Forwarded, Host, Via, X-Forwarded-Host',
        ],
        ['X-Drop-Me', '1'],
        ['Connection', 'x-drop-me'],
      ],
    });
    const got = echoed(res.body);
    expect(values(got, 'host')).toEqual(['std.localhost']);
    expect(values(got, 'x-forwarded-for')).toEqual(['127.0.0.1']);
    expect(values(got, 'x-real-ip')).toEqual(['127.0.0.1']);
    expect(values(got, 'x-forwarded-host')).toEqual(['std.localhost']);
    expect(values(got, 'forwarded')).toHaveLength(1);
    expect(values(got, 'via')).toEqual(['1.1 portico']);
    expect(values(got, 'x-drop-me')).toEqual([]);
  });

  it('does not let Connection: Content-Length turn a request body into a second request', async () => {
    const before = echo.received.length;
    const smuggled = 'GET /smuggled HTTP/1.1\r\nHost: shop.localhost\r\n\r\n';
    const answer = await rawExchange(
      proxy.httpPort,
      `GET /first HTTP/1.1\r\nHost: shop.localhost\r\nConnection: Content-Length\r\nContent-Length: ${smuggled.length}\r\n\r\n${smuggled}`,
      800,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 200/);
    // Give a smuggled request time to show up on the pooled upstream connection.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const urls = echo.received.slice(before).map((r) => r.url);
    expect(urls).toEqual(['/first']);
    expect((JSON.parse(rawBody(answer)) as { body: string }).body).toBe(smuggled);
  });

  for (const method of ['GET', 'DELETE', 'OPTIONS']) {
    it(`keeps a chunked ${method} body framed, so it cannot become a second request`, async () => {
      const before = echo.received.length;
      const smuggled = 'GET /smuggled HTTP/1.1\r\nHost: shop.localhost\r\n\r\n';
      const chunk = `${smuggled.length.toString(16)}\r\n${smuggled}\r\n0\r\n\r\n`;
      const answer = await rawExchange(
        proxy.httpPort,
        `${method} /first HTTP/1.1\r\nHost: shop.localhost\r\nTransfer-Encoding: chunked\r\n\r\n${chunk}`,
        800,
      );
      expect(answer).toMatch(/^HTTP\/1\.1 200/);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(echo.received.slice(before).map((r) => r.url)).toEqual(['/first']);
      expect((JSON.parse(rawBody(answer)) as { body: string }).body).toBe(smuggled);
    });
  }

  it('drops a response header the upstream names in Connection, but keeps the framing sound', async () => {
    await scripted(
      'conn',
      'HTTP/1.1 200 OK\r\nConnection: X-Something, Content-Length\r\nX-Something: secret\r\nX-Kept: yes\r\nContent-Length: 5\r\n\r\nhello',
    );
    const res = await request({ port: proxy.httpPort, host: 'conn.localhost' });
    expect(res.status).toBe(200);
    expect(res.headers['x-something']).toBeUndefined();
    expect(res.headers['x-kept']).toBe('yes');
    expect(res.body).toBe('hello');
  });
});

describe('request smuggling shapes are refused before the upstream', () => {
  const shapes: [string, string][] = [
    [
      'TE and CL',
      'POST / HTTP/1.1\r\nHost: shop.localhost\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
    ],
    [
      'chunked twice',
      'POST / HTTP/1.1\r\nHost: shop.localhost\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
    ],
    [
      'chunked, chunked',
      'POST / HTTP/1.1\r\nHost: shop.localhost\r\nTransfer-Encoding: chunked, chunked\r\n\r\n0\r\n\r\n',
    ],
    [
      'chunked, identity',
      'POST / HTTP/1.1\r\nHost: shop.localhost\r\nTransfer-Encoding: chunked, identity\r\n\r\n5\r\nhello\r\n0\r\n\r\n',
    ],
    [
      'TE on HTTP/1.0',
      'POST / HTTP/1.0\r\nHost: shop.localhost\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n',
    ],
    [
      'bad chunk size',
      'POST / HTTP/1.1\r\nHost: shop.localhost\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n',
    ],
    [
      'chunk size with sign',
      'POST / HTTP/1.1\r\nHost: shop.localhost\r\nTransfer-Encoding: chunked\r\n\r\n+5\r\nhello\r\n0\r\n\r\n',
    ],
    [
      'two Content-Lengths',
      'POST / HTTP/1.1\r\nHost: shop.localhost\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!',
    ],
    ['obs-fold', 'GET / HTTP/1.1\r\nHost: shop.localhost\r\nX-Folded: a\r\n b\r\n\r\n'],
    ['NUL in a value', 'GET / HTTP/1.1\r\nHost: shop.localhost\r\nX-Nul: a\0b\r\n\r\n'],
    ['bare CR in a value', 'GET / HTTP/1.1\r\nHost: shop.localhost\r\nX-Cr: a\rb\r\n\r\n'],
    [
      'space before colon',
      'GET / HTTP/1.1\r\nHost: shop.localhost\r\nTransfer-Encoding : chunked\r\n\r\n0\r\n\r\n',
    ],
    ['bare LF line ends', 'GET / HTTP/1.1\nHost: shop.localhost\nX-A: b\n\n'],
  ];
  for (const [name, bytes] of shapes) {
    it(`refuses ${name} with 400/501 and forwards nothing`, async () => {
      const before = echo.received.length;
      const answer = await rawExchange(proxy.httpPort, bytes, 800);
      expect(answer).toMatch(/^HTTP\/1\.1 (400|501) /);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(echo.received.length).toBe(before);
    });
  }

  it('never runs with the lenient (insecure) HTTP parser', async () => {
    // Explicitly off on every listener (undefined would follow --insecure-http-parser).
    expect(process.execArgv.join(' ')).not.toContain('insecure-http-parser');
    const servers = (proxy.server as unknown as { servers: http.Server[] }).servers;
    expect(servers.length).toBeGreaterThan(0);
    for (const server of servers) {
      expect((server as unknown as { insecureHTTPParser?: boolean }).insecureHTTPParser).toBe(
        false,
      );
    }
    // A header with a space before the colon is accepted only by the lenient parser.
    const answer = await rawExchange(
      proxy.httpPort,
      'GET / HTTP/1.1\r\nHost : shop.localhost\r\n\r\n',
      800,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
  });
});

describe('an upstream with broken framing', () => {
  it('answers 502 when the upstream sends both Content-Length and Transfer-Encoding', async () => {
    await scripted(
      'tecl',
      'HTTP/1.1 200 OK\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n',
    );
    const res = await request({ port: proxy.httpPort, host: 'tecl.localhost' });
    expect(res.status).toBe(502);
  });

  it('answers 502 when the upstream sends two different Content-Lengths', async () => {
    await scripted(
      'twocl',
      'HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 7\r\n\r\nhello!!',
    );
    const res = await request({ port: proxy.httpPort, host: 'twocl.localhost' });
    expect(res.status).toBe(502);
  });

  it('drops bytes the upstream sends after the body', async () => {
    await scripted(
      'after',
      'HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhelloHTTP/1.1 200 OK\r\nContent-Length: 8\r\nX-Injected: yes\r\n\r\ninjected',
    );
    // Two requests on one client connection: the second must not get the injected answer.
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const first = await request({ port: proxy.httpPort, host: 'after.localhost', agent });
      expect(first.body).toBe('hello');
      const second = await request({ port: proxy.httpPort, host: 'after.localhost', agent });
      expect(second.headers['x-injected']).toBeUndefined();
      expect(second.body).not.toBe('injected');
    } finally {
      agent.destroy();
    }
  });

  it('does not pass off a body shorter than its Content-Length as complete', async () => {
    await scripted('short', 'HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly ten b', true);
    await expect(request({ port: proxy.httpPort, host: 'short.localhost' })).rejects.toThrow();
  });

  it('does not pass off a chunked body without its last chunk as complete', async () => {
    await scripted(
      'nolast',
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n',
      true,
    );
    await expect(request({ port: proxy.httpPort, host: 'nolast.localhost' })).rejects.toThrow();
  });
});
