// The doctor against a real engine and real dev servers, each check in its failing and passing state.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DoctorReport } from '../../shared/doctor';
import { checkCertificate } from '../../electron/engine/doctor/check-certificate';
import { domainContext } from '../../electron/engine/doctor/run-doctor';
import { startEngine } from '../../electron/engine/engine';
import { startTestEngine, type TestEngine } from '../helpers/test-engine';
import {
  closeServer,
  deadPort,
  listenOn,
  startEchoUpstream,
  startWebSocketUpstream,
} from '../helpers/upstreams';
import type { CaStatus } from '../../shared/contract';
import { QuickCa } from '../helpers/quick-ca';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const checkOf = (report: DoctorReport, host: string, id: string) =>
  report.domains.find((d) => d.host === host)!.checks.find((c) => c.id === id)!;

type CertDeps = Pick<Parameters<typeof checkCertificate>[1], 'caStatus' | 'caCertificate'>;

const trustedCa = (trusted: boolean | null): CaStatus => ({
  caroot: '/tmp/ca',
  exists: true,
  mkcert: null,
  mkcertProblem: null,
  trust: { system: trusted, nss: trusted, firefox: null },
  nodeExtraCaCerts: null,
  notAfter: null,
});

let t: TestEngine;
const closers: (() => Promise<void>)[] = [];
let report: DoctorReport;

beforeAll(async () => {
  t = await startTestEngine();
  const ws = await startWebSocketUpstream();
  const echo = await startEchoUpstream();
  const loop = http.createServer((req, res) => {
    // An app that does not trust the proxy: it sees plain HTTP and "upgrades" forever.
    res.writeHead(301, { location: `https://${req.headers.host}${req.url}` }).end();
  });
  const socketIp = http.createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ip: req.socket.remoteAddress }));
  });
  const loopPort = await listenOn(loop);
  const ipPort = await listenOn(socketIp);
  closers.push(
    ws.close,
    echo.close,
    () => closeServer(loop),
    () => closeServer(socketIp),
  );
  const h = t.engine.handlers;
  await h.addDomain({ host: 'ws.localhost', target: String(ws.port) });
  await h.addDomain({ host: 'echo.localhost', target: echo.url });
  await h.addDomain({ host: 'dead.localhost', target: String(await deadPort()) });
  await h.addDomain({ host: 'loop.localhost', target: `http://127.0.0.1:${loopPort}` });
  await h.addDomain({ host: 'ip.localhost', target: `http://127.0.0.1:${ipPort}` });
  report = await h.runDoctor({});
}, 30_000);

afterAll(async () => {
  for (const close of closers) await close();
  await t.close();
});

describe('runDoctor through the engine contract', () => {
  it('reports the engine ports it really listens on', () => {
    expect(report.engine.map((c) => c.status)).toEqual(['pass', 'pass']);
    expect(report.engine[1]!.message).toContain(`127.0.0.1:${t.httpsPort}`);
  });

  it('passes the proxy, backend and WebSocket checks for a working dev server', () => {
    const ws = report.domains.find((d) => d.host === 'ws.localhost')!;
    expect(ws.url).toBe(`https://ws.localhost:${t.httpsPort}`);
    for (const id of ['listener', 'backend', 'websocket', 'redirect'])
      expect(ws.checks.find((c) => c.id === id)!.status, id).toBe('pass');
    expect(checkOf(report, 'ws.localhost', 'websocket').message).toMatch(/101/);
  });

  it('warns, not fails, when the app has no WebSocket endpoint', () => {
    const check = checkOf(report, 'echo.localhost', 'websocket');
    expect(check.status).toBe('warn');
    expect(check.message).toMatch(/no WebSocket endpoint/);
  });

  it('fails a dead backend with the fix, and skips what goes through it', () => {
    const check = checkOf(report, 'dead.localhost', 'backend');
    expect(check.status).toBe('fail');
    expect(check.message).toMatch(/ECONNREFUSED.*is your dev server running/);
    expect(check.fix).toMatch(/Start your dev server on port \d+/);
    expect(checkOf(report, 'dead.localhost', 'websocket').status).toBe('skip');
    expect(report.domains.find((d) => d.host === 'dead.localhost')!.status).toBe('fail');
    expect(report.status).toBe('fail');
  });

  it('names the framework settings for an app stuck in a redirect loop', () => {
    const check = checkOf(report, 'loop.localhost', 'redirect');
    expect(check.status).toBe('fail');
    expect(check.message).toMatch(/redirect loop/);
    for (const setting of [
      "app.set('trust proxy'",
      'SECURE_PROXY_SSL_HEADER',
      'TrustProxies',
      'config.assume_ssl',
      'Next.js',
    ])
      expect(check.fix).toContain(setting);
    expect(checkOf(report, 'echo.localhost', 'redirect').status).toBe('pass');
  });

  it("tells an app that echoes the proxy's address from one that echoes the client's", () => {
    const bad = checkOf(report, 'ip.localhost', 'client-address');
    expect(bad.status).toBe('warn');
    expect(bad.fix).toContain("app.set('trust proxy'");
    expect(checkOf(report, 'echo.localhost', 'client-address').status).toBe('pass');
    expect(checkOf(report, 'ws.localhost', 'client-address').status).toBe('skip');
  });

  it('diagnoses one host on request and refuses an unknown one', async () => {
    const one = await t.engine.handlers.runDoctor({ host: 'echo.localhost' });
    expect(one.domains.map((d) => d.host)).toEqual(['echo.localhost']);
    await expect(t.engine.handlers.runDoctor({ host: 'nope.localhost' })).rejects.toMatchObject({
      code: 'UNKNOWN_DOMAIN',
    });
  });
});

describe('the certificate check', () => {
  const deps = (over: Partial<CertDeps> = {}): CertDeps => ({
    caStatus: async () => trustedCa(true),
    caCertificate: async () => t.ca.caCert,
    ...over,
  });
  const context = async (host: string) => {
    const domain = (await t.engine.handlers.listDomains({})).find((d) => d.host === host)!;
    return domainContext(domain, { http: t.httpPort, https: t.httpsPort }, 3000);
  };

  it('passes a current certificate from a trusted CA, and says where it is trusted', async () => {
    const result = await checkCertificate(await context('echo.localhost'), {
      ...deps(),
      certificatesProblem: null,
    });
    expect(result.status).toBe('pass');
    expect(result.message).toMatch(/covers echo\.localhost.*trusted in the system store/);
  });

  it('fails when the CA is not trusted anywhere, with `portico trust` as the fix', async () => {
    const result = await checkCertificate(await context('echo.localhost'), {
      ...deps({ caStatus: async () => trustedCa(false) }),
      certificatesProblem: null,
    });
    expect(result.status).toBe('fail');
    expect(result.message).toMatch(/not trusted/);
    expect(result.fix).toMatch(/portico trust/);
  });

  it('fails an expired certificate', async () => {
    const result = await checkCertificate(await context('echo.localhost'), {
      ...deps(),
      certificatesProblem: null,
      now: new Date(Date.now() + 400 * 86_400_000),
    });
    expect(result.status).toBe('fail');
    expect(result.message).toMatch(/expired on/);
  });

  it('fails a certificate signed by another CA', async () => {
    const other = new QuickCa();
    try {
      const result = await checkCertificate(await context('echo.localhost'), {
        ...deps({ caCertificate: async () => other.caCert }),
        certificatesProblem: null,
      });
      expect(result.status).toBe('fail');
      expect(result.message).toMatch(/not by Portico's local CA/);
    } finally {
      other.dispose();
    }
  });

  it('fails a certificate issued for another name', async () => {
    const ca = new QuickCa();
    const dataDir = mkdtempSync(join(tmpdir(), 'portico-doctor-'));
    const engine = await startEngine({
      dataDir,
      httpPort: 0,
      httpsPort: 0,
      adminPort: 0,
      hostsManager: null,
      certificateProvider: { certificateFor: () => ca.certificateFor('other.localhost') },
    });
    try {
      const echo = await startEchoUpstream();
      closers.push(echo.close);
      await engine.handlers.addDomain({ host: 'shop.localhost', target: echo.url });
      const status = engine.status();
      const result = await checkCertificate(
        domainContext(
          {
            host: 'shop.localhost',
            target: echo.url,
            enabled: true,
            tls: true,
            rewriteHost: false,
            forwardedHeader: false,
          },
          { http: status.http.port, https: status.https.port },
          3000,
        ),
        {
          caStatus: async () => trustedCa(true),
          caCertificate: async () => ca.caCert,
          certificatesProblem: null,
        },
      );
      expect(result.status).toBe('fail');
      expect(result.message).toMatch(/other\.localhost, not shop\.localhost/);
    } finally {
      await engine.stop();
      ca.dispose();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
