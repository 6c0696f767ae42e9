// The CLI driving a real `portico serve` process end to end, as a user would in two
// terminals: domains added, toggled and removed through the running engine, a real mkcert
// certificate served by SNI, the inspector's `requests --json`, and a graceful stop.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { startServe, type ServeProcess } from '../helpers/serve-process';
import { startEchoUpstream, type Upstream } from '../helpers/upstreams';
import { request } from '../helpers/test-proxy';

let serve: ServeProcess;
let echo: Upstream;

beforeAll(async () => {
  echo = await startEchoUpstream();
  serve = await startServe();
});

afterAll(async () => {
  await serve.cleanup();
  await echo.close();
});

describe('portico serve + CLI', () => {
  it('prints the listening URLs and the dashboard URL with the token in the fragment', () => {
    expect(serve.httpPort).toBeGreaterThan(0);
    expect(serve.httpsPort).toBeGreaterThan(0);
    expect(serve.dashboardUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[0-9a-f]{64}$/);
  });

  it('adds a domain through the running engine and serves it over trusted HTTPS at once', async () => {
    const add = await serve.cli(['add', 'shop.localhost', String(echo.port)]);
    expect(add.code, add.stderr).toBe(0);
    const ca = await serve.caCertificate();
    const res = await request({
      port: serve.httpsPort,
      host: `shop.localhost:${serve.httpsPort}`,
      path: '/hello',
      ca,
    });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body).url).toBe('/hello');
    const http = await request({ port: serve.httpPort, host: 'shop.localhost', path: '/x' });
    expect(http.status).toBe(307);
    expect(http.headers.location).toBe(`https://shop.localhost:${serve.httpsPort}/x`);
  });

  it('lists the domain with its URL and certificate state', async () => {
    const list = await serve.cli(['list', '--json']);
    expect(list.code, list.stderr).toBe(0);
    const [domain] = JSON.parse(list.stdout) as {
      host: string;
      url: string;
      certificate: { state: string } | null;
    }[];
    expect(domain!.host).toBe('shop.localhost');
    expect(domain!.url).toBe(`https://shop.localhost:${serve.httpsPort}`);
    expect(domain!.certificate?.state).toBe('valid');
  });

  it('disables and enables the domain: 503, then 200', async () => {
    expect((await serve.cli(['disable', 'shop.localhost'])).code).toBe(0);
    const ca = await serve.caCertificate();
    expect((await request({ port: serve.httpsPort, host: 'shop.localhost', ca })).status).toBe(503);
    expect((await serve.cli(['enable', 'shop.localhost'])).code).toBe(0);
    expect((await request({ port: serve.httpsPort, host: 'shop.localhost', ca })).status).toBe(200);
  });

  it('prints recent exchanges in the requests --json shape of product.md', async () => {
    const result = await serve.cli(['requests', '--json', '--limit', '5']);
    expect(result.code, result.stderr).toBe(0);
    const entries = JSON.parse(result.stdout) as Record<string, unknown>[];
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.length).toBeLessThanOrEqual(5);
    const entry = entries[0] as {
      request: { received: [string, string][]; forwarded: [string, string][] };
      response: { received: [string, string][]; sent: [string, string][] };
    } & Record<string, unknown>;
    for (const key of [
      'id',
      'time',
      'method',
      'host',
      'path',
      'target',
      'status',
      'durationMs',
      'upgrade',
      'error',
    ])
      expect(entry).toHaveProperty(key);
    expect(entry.host).toBe('shop.localhost');
    expect(entry.request.forwarded).toContainEqual(['x-forwarded-proto', 'https']);
    expect(Array.isArray(entry.response.sent)).toBe(true);
    const times = entries.map((e) => Date.parse(e.time as string));
    expect([...times].sort((a, b) => b - a)).toEqual(times); // newest first
  });

  it('refuses bad input with a one-line reason and a non-zero exit', async () => {
    const bad = await serve.cli(['add', 'shop.dev', '3000']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/\.dev/);
    const unknown = await serve.cli(['remove', 'nope.localhost']);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toMatch(/nope\.localhost/);
  });

  it('removes the domain: its host is then unknown (404)', async () => {
    expect((await serve.cli(['remove', 'shop.localhost'])).code).toBe(0);
    expect((await request({ port: serve.httpPort, host: 'shop.localhost' })).status).toBe(404);
  });

  it('stops gracefully on SIGTERM and releases the data dir', async () => {
    expect(await serve.stop()).toBe(0);
    expect(existsSync(path.join(serve.dataDir, 'engine.json'))).toBe(false);
    const offline = await serve.cli(['add', 'after.localhost', '4000']);
    expect(offline.code, offline.stderr).toBe(0);
  });
});
