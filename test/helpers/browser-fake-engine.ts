/**
 * An in-memory engine behind the real admin server, for screenshots and for developing the
 * dashboard when no real engine is wanted. It answers every contract method with plausible
 * data (domains, a CA, a few exchanges with before/after headers). The e2e tests use the
 * real `portico serve`; this is only for `test/helpers/browser-screenshot.ts`.
 */
import type {
  CaStatus,
  DomainState,
  EngineHandlers,
  EngineStatus,
  EventMessage,
  Settings,
} from '../../shared/contract';
import type { Exchange } from '../../shared/exchange';
import { defaultConfig } from '../../shared/config';
import { PorticoError } from '../../shared/rpc';
import { startAdminServer, type AdminServer } from '../../electron/engine/admin/admin-server';

const YEAR = 365 * 86_400_000;

function domain(host: string, target: string, patch: Partial<DomainState> = {}): DomainState {
  return {
    host,
    target,
    enabled: true,
    tls: true,
    rewriteHost: false,
    forwardedHeader: false,
    url: `https://${host}:8443`,
    health: 'up',
    certificate: {
      state: 'valid',
      notAfter: new Date(Date.now() + 2.2 * YEAR).toISOString(),
      trusted: true,
      names: [host],
      problem: null,
    },
    ...patch,
  };
}

function exchange(n: number, patch: Partial<Exchange>): Exchange {
  const host = patch.host ?? 'shop.localhost';
  const received: Array<[string, string]> = [
    ['host', host],
    ['user-agent', 'Mozilla/5.0 (X11; Linux x86_64) Chrome/141.0'],
    ['accept', 'text/html,application/xhtml+xml'],
    ['accept-encoding', 'gzip, deflate, br'],
    ['connection', 'keep-alive'],
    ['x-forwarded-for', '203.0.113.9'],
    ['cookie', '[redacted]'],
  ];
  const forwarded: Array<[string, string]> = [
    ['host', host],
    ['user-agent', 'Mozilla/5.0 (X11; Linux x86_64) Chrome/141.0'],
    ['accept', 'text/html,application/xhtml+xml'],
    ['accept-encoding', 'gzip, deflate, br'],
    ['x-forwarded-for', '127.0.0.1'],
    ['cookie', '[redacted]'],
    ['x-forwarded-proto', 'https'],
    ['x-forwarded-host', host],
    ['x-forwarded-port', '8443'],
    ['x-real-ip', '127.0.0.1'],
  ];
  const start = Date.now() - (60 - n) * 1700;
  return {
    id: `ex${n}`,
    time: new Date(start).toISOString(),
    method: 'GET',
    host,
    path: '/',
    domain: host,
    target: 'http://localhost:5173',
    status: 200,
    durationMs: 12 + ((n * 37) % 180),
    upgrade: null,
    error: null,
    clientAddress: '127.0.0.1',
    protocol: { httpVersion: '1.1', tls: true, sni: host },
    timings: { start, connected: 1.2, firstByte: 9.8, end: 14.1 },
    bytesIn: 512,
    bytesOut: 4821,
    replayOf: null,
    websocket: null,
    request: { received, forwarded, body: null },
    response: {
      received: [
        ['content-type', 'text/html; charset=utf-8'],
        ['content-length', '4821'],
        ['connection', 'keep-alive'],
        ['keep-alive', 'timeout=5'],
      ],
      sent: [
        ['content-type', 'text/html; charset=utf-8'],
        ['content-length', '4821'],
      ],
      body: null,
    },
    ...patch,
  };
}

export interface FakeEngine {
  url: string;
  token: string;
  close(): Promise<void>;
}

export async function startFakeEngine(): Promise<FakeEngine> {
  const config = defaultConfig();
  let paused = false;
  const listeners = new Set<(message: EventMessage) => void>();
  const emit = (message: EventMessage) => listeners.forEach((listener) => listener(message));

  const domains: DomainState[] = [
    domain('shop.localhost', 'http://localhost:5173'),
    domain('api.shop.localhost', 'http://127.0.0.1:8000', { health: 'down' }),
    domain('docs.localhost', 'http://localhost:3000', {
      certificate: {
        state: 'valid',
        notAfter: new Date(Date.now() + 2 * YEAR).toISOString(),
        trusted: false,
        names: ['docs.localhost'],
        problem: null,
      },
      health: 'unknown',
    }),
    domain('admin.test', 'http://localhost:4200', { enabled: false, health: 'unknown' }),
    domain('storybook.localhost', 'http://localhost:6006', {
      tls: false,
      certificate: null,
      url: 'http://storybook.localhost:8080',
    }),
  ];
  const paths = [
    '/',
    '/@vite/client',
    '/src/main.tsx',
    '/api/cart',
    '/api/products?page=2',
    '/assets/logo.svg',
    '/favicon.ico',
    '/api/session',
  ];
  const exchanges: Exchange[] = [];
  for (let n = 0; n < 60; n++) {
    const host =
      n % 5 === 3 ? 'api.shop.localhost' : n % 7 === 0 ? 'docs.localhost' : 'shop.localhost';
    const status =
      host === 'api.shop.localhost'
        ? n % 2
          ? 502
          : null
        : n % 11 === 0
          ? 404
          : n % 13 === 0
            ? 304
            : 200;
    exchanges.unshift(
      exchange(n, {
        host,
        domain: host,
        path: paths[n % paths.length] ?? '/',
        method: n % 9 === 4 ? 'POST' : 'GET',
        status,
        error: status === null ? 'ECONNREFUSED' : null,
        replayOf: n === 58 ? 'ex50' : null,
      }),
    );
  }

  const status = (): EngineStatus => ({
    version: '0.1.0',
    pid: process.pid,
    startedAt: new Date().toISOString(),
    dataDir: '/home/dev/.config/Portico',
    paused,
    http: { requestedPort: 80, port: 8080, problem: 'Port 80 needs privileges: using 8080.' },
    https: { requestedPort: 443, port: 8443, problem: 'Port 443 needs privileges: using 8443.' },
    configProblem: null,
    certificatesAvailable: true,
    certificatesProblem: null,
  });
  const settings = (): Settings => ({
    proxy: config.proxy,
    timeouts: config.timeouts,
    inspector: config.inspector,
    trustedProxies: config.trustedProxies,
    defaultTld: config.defaultTld,
  });
  const ca: CaStatus = {
    caroot: '/home/dev/.local/share/mkcert',
    exists: true,
    mkcert: { path: '/usr/bin/mkcert', source: 'PATH', version: 'v1.4.4' },
    mkcertProblem: null,
    trust: { system: true, nss: false },
    nodeExtraCaCerts: 'export NODE_EXTRA_CA_CERTS="/home/dev/.local/share/mkcert/rootCA.pem"',
    notAfter: new Date(Date.now() + 9 * YEAR).toISOString(),
  };
  const find = (host: string) => {
    const found = domains.find((d) => d.host === host);
    if (!found) throw new PorticoError('UNKNOWN_DOMAIN', `No domain ${host}.`);
    return found;
  };
  const summary = ({ request: _r, response: _s, ...rest }: Exchange) => rest;

  const handlers: EngineHandlers = {
    getStatus: async () => status(),
    setPaused: async (p) => {
      paused = p.paused;
      return status();
    },
    listDomains: async () => domains,
    addDomain: async (p) => {
      if (domains.some((d) => d.host === p.host))
        throw new PorticoError('DOMAIN_EXISTS', `${p.host} exists.`);
      const added = domain(p.host, p.target, { tls: p.tls ?? true, health: 'unknown' });
      domains.push(added);
      emit({ event: 'domains', payload: domains });
      return added;
    },
    updateDomain: async (p) => {
      const d = find(p.host);
      Object.assign(d, {
        target: p.target ?? d.target,
        host: p.rename ?? d.host,
        tls: p.tls ?? d.tls,
      });
      return d;
    },
    removeDomain: async (p) => {
      domains.splice(domains.indexOf(find(p.host)), 1);
      return { ok: true };
    },
    setDomainEnabled: async (p) => {
      const d = find(p.host);
      d.enabled = p.enabled;
      emit({ event: 'domains', payload: domains });
      return d;
    },
    getSettings: async () => settings(),
    updateSettings: async () => settings(),
    getCaStatus: async () => ca,
    trustCa: async () => ca,
    untrustCa: async () => ca,
    regenerateCertificate: async (p) => {
      const c = find(p.host).certificate;
      if (!c) throw new PorticoError('INVALID_PARAMS', 'No TLS.');
      return c;
    },
    listExchanges: async () => exchanges.map(summary),
    getExchange: async (p) => {
      const found = exchanges.find((e) => e.id === p.id);
      if (!found) throw new PorticoError('NOT_FOUND', 'No such exchange.');
      return found;
    },
    listExchangeDetails: async () => exchanges,
    clearExchanges: async () => {
      exchanges.length = 0;
      return { ok: true };
    },
    replayExchange: async (p) => ({ id: p.id }),
    exportHar: async () => ({ log: { version: '1.2', entries: [] } }),
    curlForExchange: async () => ({ command: 'curl https://shop.localhost/' }),
    setCapture: async () => settings(),
  };

  const token = 'screenshot-token';
  const admin: AdminServer = await startAdminServer({
    endpoint: {
      handlers,
      subscribe(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    },
    token,
    port: 0,
    dashboardDir: new URL('../../out/renderer', import.meta.url).pathname,
  });
  return { url: admin.url, token, close: () => admin.close() };
}
