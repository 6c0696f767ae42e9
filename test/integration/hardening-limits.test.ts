// Resource limits against real sockets: oversized and overlong heads get 431 without a crash
// or a forward, and a slowloris client is dropped by the header timeout while others are served.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import net from 'node:net';
import { rawExchange, request } from '../helpers/test-proxy';
import { startEchoUpstream, type Upstream } from '../helpers/upstreams';
import { startHardeningProxy, type HardeningProxy } from '../helpers/hardening-proxy';
import { guardUncaught } from '../helpers/hardening-upstreams';

let echo: Upstream;
let proxy: HardeningProxy;
const guard = guardUncaught();

beforeAll(async () => {
  echo = await startEchoUpstream();
  proxy = await startHardeningProxy(
    { domains: [{ host: 'shop.localhost', target: String(echo.port), tls: false }] },
    { headersTimeoutMs: 1000 },
  );
});

afterAll(async () => {
  await proxy.close();
  await echo.close();
  guard.dispose();
  expect(guard.errors).toEqual([]);
});

describe('header limits', () => {
  it('answers 431 to a head larger than the limit and keeps serving', async () => {
    const before = echo.received.length;
    const answer = await rawExchange(
      proxy.port,
      `GET / HTTP/1.1\r\nHost: shop.localhost\r\nX-Big: ${'a'.repeat(40_000)}\r\n\r\n`,
      1000,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 431 /);
    expect(echo.received.length).toBe(before);
    expect((await request({ port: proxy.port, host: 'shop.localhost' })).status).toBe(200);
  });

  it('answers 431 to more header lines than the limit instead of dropping the extra ones', async () => {
    const before = echo.received.length;
    let lines = '';
    for (let i = 0; i < 1200; i++) lines += `X-${i}: 1\r\n`;
    const answer = await rawExchange(
      proxy.port,
      `GET / HTTP/1.1\r\nHost: shop.localhost\r\n${lines}\r\n`,
      1000,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 431 /);
    expect(answer.toLowerCase()).toContain('x-portico-error: too-many-headers');
    expect(echo.received.length).toBe(before);
    expect((await request({ port: proxy.port, host: 'shop.localhost' })).status).toBe(200);
  });

  it('forwards a request with many (but allowed) header lines intact', async () => {
    const rawHeaders: [string, string][] = [];
    for (let i = 0; i < 300; i++) rawHeaders.push([`X-H${i}`, String(i)]);
    const res = await request({ port: proxy.port, host: 'shop.localhost', rawHeaders });
    expect(res.status).toBe(200);
    const got = (JSON.parse(res.body) as { rawHeaders: string[] }).rawHeaders;
    expect(got).toContain('x-h299');
  });
});

describe('slowloris', () => {
  it('drops a client that sends its head a byte at a time, while others are served', async () => {
    const socket = net.connect(proxy.port, '127.0.0.1');
    socket.on('error', () => {});
    const closedAt = new Promise<number>((resolve) =>
      socket.on('close', () => resolve(Date.now())),
    );
    const startedAt = Date.now();
    const head = `GET / HTTP/1.1\r\nHost: shop.localhost\r\nX-Slow: ${'s'.repeat(100)}`;
    let i = 0;
    const drip = setInterval(() => {
      if (socket.destroyed || i >= head.length) return clearInterval(drip);
      socket.write(head[i++] as string);
    }, 100);
    try {
      // Meanwhile, other clients get answers without waiting.
      for (let n = 0; n < 5; n++) {
        const t0 = Date.now();
        expect((await request({ port: proxy.port, host: 'shop.localhost' })).status).toBe(200);
        expect(Date.now() - t0).toBeLessThan(500);
      }
      const closed = await Promise.race([
        closedAt,
        new Promise<number>((resolve) => setTimeout(() => resolve(-1), 4000)),
      ]);
      expect(closed).toBeGreaterThan(0);
      // headersTimeout is 1 s here; the check runs every 250 ms.
      expect(closed - startedAt).toBeLessThan(2500);
      expect(i).toBeLessThan(head.length);
    } finally {
      clearInterval(drip);
      socket.destroy();
    }
  });
});
