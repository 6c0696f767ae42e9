import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import http from 'node:http';
import { completeHandlers } from '../helpers/partial-handlers';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promises as fs } from 'node:fs';
import WebSocket from 'ws';
import { defaultConfig, type PorticoConfig } from '../../shared/config';
import type { DomainState, EngineHandlers, EventMessage } from '../../shared/contract';
import type { EngineEndpoint, EventListener } from '../../electron/engine/engine-api';
import { startAdminServer, type AdminServer } from '../../electron/engine/admin/admin-server';
import { createAdminClient } from '../../electron/engine/admin/admin-client';
import * as edits from '../../electron/engine/config/domain-edits';
import { offlineDomainStates } from '../../electron/cli/format-domains';

const TOKEN = 'f'.repeat(64);

/** A small real engine endpoint: the contract's domain methods over an in-memory config. */
function memoryEndpoint(): EngineEndpoint {
  const config: PorticoConfig = defaultConfig();
  const listeners = new Set<EventListener>();
  const states = () => offlineDomainStates(config);
  const stateOf = (host: string): DomainState => states().find((state) => state.host === host)!;
  const emit = (message: EventMessage) => listeners.forEach((listener) => listener(message));
  const handlers: EngineHandlers = completeHandlers({
    getStatus: async () => ({
      version: 'test',
      pid: process.pid,
      startedAt: new Date(0).toISOString(),
      dataDir: '/memory',
      paused: config.paused,
      http: { requestedPort: 0, port: null, problem: null },
      https: { requestedPort: 0, port: null, problem: null },
      configProblem: null,
      certificatesAvailable: false,
      certificatesBusy: false,
      certificatesProblem: null,
      runtime: { node: 'v24.0.0', v8: '13.6.233.10', gcExposed: true },
    }),
    listDomains: async () => states(),
    addDomain: async (params) => {
      edits.addDomain(config, params);
      emit({ event: 'domains', payload: states() });
      return stateOf(params.host);
    },
    removeDomain: async ({ host }) => {
      edits.removeDomain(config, host);
      return { ok: true };
    },
    setDomainEnabled: async ({ host, enabled }) => {
      edits.setDomainEnabled(config, host, enabled);
      return stateOf(host);
    },
  });
  return {
    handlers,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function request(
  port: number,
  options: {
    method?: string;
    path?: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
  },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: options.method ?? 'POST',
        path: options.path ?? '/api/rpc/listDomains',
        headers: options.headers,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode!,
            headers: res.headers,
            body: Buffer.concat(chunks).toString(),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

let server: AdminServer;
const cleanups: (() => Promise<void>)[] = [];

beforeEach(async () => {
  server = await startAdminServer({
    endpoint: memoryEndpoint(),
    token: TOKEN,
    port: 0,
    dashboardDir: null,
  });
});

afterEach(async () => {
  await server.close();
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

const auth = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };

describe('admin server', () => {
  it('answers a valid call through the contract, and the client parses it', async () => {
    const response = await request(server.port, {
      path: '/api/rpc/addDomain',
      headers: auth,
      body: JSON.stringify({ host: 'Shop.localhost', target: '5173' }),
    });
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({
      ok: true,
      value: { host: 'shop.localhost', target: 'http://localhost:5173' },
    });

    const client = createAdminClient(server.url, TOKEN);
    expect((await client.listDomains({})).map((domain) => domain.host)).toEqual(['shop.localhost']);
    await expect(client.addDomain({ host: 'shop.localhost', target: '1' })).rejects.toMatchObject({
      code: 'DOMAIN_EXISTS',
    });
    await expect(client.addDomain({ host: 'shop.dev', target: '1' })).rejects.toMatchObject({
      code: 'INVALID_PARAMS',
    });
    await expect(createAdminClient(server.url, 'wrong').listDomains({})).rejects.toThrow(
      /refused the call \(401\)/,
    );
  });

  it.each(['evil.com', 'shop.localhost', `evil.localhost`, 'localhost.evil.com:80', '10.0.0.1'])(
    'refuses Host %s with 403, API and pages alike',
    async (host) => {
      const api = await request(server.port, { headers: { ...auth, host } });
      expect(api.status).toBe(403);
      const page = await request(server.port, { method: 'GET', path: '/', headers: { host } });
      expect(page.status).toBe(403);
    },
  );

  it.each(['null', 'http://evil.com', 'http://localhost:5173', 'https://127.0.0.1'])(
    'refuses Origin %s with 403',
    async (origin) => {
      const response = await request(server.port, { headers: { ...auth, origin } });
      expect(response.status).toBe(403);
      expect(response.headers['access-control-allow-origin']).toBeUndefined();
    },
  );

  it('accepts its own origin (the dashboard)', async () => {
    const origin = `http://localhost:${server.port}`;
    const response = await request(server.port, {
      headers: { ...auth, origin, host: `localhost:${server.port}` },
    });
    expect(response.status).toBe(200);
  });

  it('wants the token: missing or wrong → 401', async () => {
    expect(
      (await request(server.port, { headers: { 'content-type': 'application/json' } })).status,
    ).toBe(401);
    expect(
      (await request(server.port, { headers: { authorization: `Bearer ${'0'.repeat(64)}` } }))
        .status,
    ).toBe(401);
    expect((await request(server.port, { headers: { authorization: TOKEN } })).status).toBe(401);
  });

  it('never sends Access-Control-Allow-Origin, not even to a preflight', async () => {
    const preflight = await request(server.port, {
      method: 'OPTIONS',
      headers: { origin: 'http://evil.com', 'access-control-request-method': 'POST' },
    });
    const ok = await request(server.port, { headers: auth });
    for (const response of [preflight, ok]) {
      expect(response.headers['access-control-allow-origin']).toBeUndefined();
    }
  });

  it('caps JSON bodies at 1 MiB (413) and refuses bad JSON', async () => {
    const big = JSON.stringify({ text: 'x'.repeat(1024 * 1024) });
    expect(
      (await request(server.port, { path: '/api/rpc/listExchanges', headers: auth, body: big }))
        .status,
    ).toBe(413);
    const bad = await request(server.port, { headers: auth, body: '{nope' });
    expect(bad.status).toBe(400);
    const unknown = await request(server.port, {
      path: '/api/rpc/frobnicate',
      headers: auth,
      body: '{}',
    });
    expect(JSON.parse(unknown.body)).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_METHOD' },
    });
  });

  it('serves a placeholder dashboard without the token, with a strict CSP', async () => {
    const page = await request(server.port, { method: 'GET', path: '/', headers: {} });
    expect(page.status).toBe(200);
    expect(page.body).toContain('dashboard is not built: run <code>npm run build</code>');
    expect(page.headers['content-security-policy']).toContain(
      "default-src 'self'; script-src 'self'",
    );
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
  });

  it('serves a built dashboard, falling back to index.html for app routes', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'portico-dash-'));
    cleanups.push(() => fs.rm(dir, { recursive: true, force: true }));
    await fs.writeFile(path.join(dir, 'index.html'), '<!doctype html><title>dash</title>');
    await fs.writeFile(path.join(dir, 'app.js'), 'console.log(1)');
    const withDash = await startAdminServer({
      endpoint: memoryEndpoint(),
      token: TOKEN,
      port: 0,
      dashboardDir: dir,
    });
    cleanups.push(() => withDash.close());
    const index = await request(withDash.port, { method: 'GET', path: '/inspector', headers: {} });
    expect(index.body).toContain('<title>dash</title>');
    expect(index.headers['content-security-policy']).toBeDefined();
    const script = await request(withDash.port, { method: 'GET', path: '/app.js', headers: {} });
    expect(script.headers['content-type']).toMatch(/javascript/);
  });

  it('streams events over the WebSocket only with the token', async () => {
    const url = `ws://127.0.0.1:${server.port}/api/events`;
    const refused = (protocols: string[], headers: Record<string, string> = {}) =>
      new Promise<number>((resolve, reject) => {
        const ws = new WebSocket(url, protocols, { headers });
        ws.on('unexpected-response', (_req, res) => {
          resolve(res.statusCode!);
          ws.terminate();
        });
        ws.on('open', () => reject(new Error('opened')));
        ws.on('error', () => undefined);
      });
    expect(await refused(['portico.v1'])).toBe(401);
    expect(await refused(['portico.v1', 'portico.token.wrong'])).toBe(401);
    expect(
      await refused(['portico.v1', `portico.token.${TOKEN}`], { origin: 'http://evil.com' }),
    ).toBe(403);
    expect(
      await refused(['portico.v1', `portico.token.${TOKEN}`], { host: 'evil.localhost' }),
    ).toBe(403);

    const ws = new WebSocket(url, ['portico.v1', `portico.token.${TOKEN}`]);
    cleanups.push(async () => ws.terminate());
    await new Promise<void>((resolve, reject) => {
      ws.on('open', () => resolve());
      ws.on('error', reject);
    });
    expect(ws.protocol).toBe('portico.v1');
    const message = new Promise<EventMessage>((resolve) =>
      ws.once('message', (data) => resolve(JSON.parse(String(data)) as EventMessage)),
    );
    await createAdminClient(server.url, TOKEN).addDomain({ host: 'ws.localhost', target: '3000' });
    expect(await message).toMatchObject({ event: 'domains', payload: [{ host: 'ws.localhost' }] });
  });

  it('listens on loopback only', async () => {
    const address = Object.values(os.networkInterfaces())
      .flat()
      .find((entry) => entry && entry.family === 'IPv4' && !entry.internal)?.address;
    if (!address) {
      console.log('skipped: this machine has no non-loopback IPv4 address to try');
      return;
    }
    const error = await new Promise<NodeJS.ErrnoException | null>((resolve) => {
      const socket = net.connect({ host: address, port: server.port });
      socket.on('connect', () => {
        socket.destroy();
        resolve(null);
      });
      socket.on('error', (err) => resolve(err));
    });
    expect(error?.code).toBe('ECONNREFUSED');
  });

  it('falls back to a free port when the requested one is taken, and says so', async () => {
    const second = await startAdminServer({
      endpoint: memoryEndpoint(),
      token: TOKEN,
      port: server.port,
      dashboardDir: null,
    });
    cleanups.push(() => second.close());
    expect(second.port).not.toBe(server.port);
    expect(second.problem).toContain(`Port ${server.port} is in use`);
  });
});
