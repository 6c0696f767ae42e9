/**
 * Portico under test, from the bundles in bench/.build:
 * - the whole engine (`node portico.mjs serve`) with two domains on the same upstream:
 *   `bench.localhost` (HTTP) and `secure.localhost` (HTTPS, certificate from mkcert with a
 *   temp CAROOT); the admin API on a free port;
 * - the bare pipeline host, inspector on or off, over HTTP and (with a certificate from the
 *   same CA) HTTPS.
 */
import { execFileSync } from 'node:child_process';
import { ENGINE_NODE_FLAGS } from '../../shared/engine-node-flags.mjs';
import { engineNode } from './engine-node';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CLI_BUNDLE, HOST_BUNDLE } from './build';
import { httpGet, httpsGet } from './http';
import { PROXY_CORE, freePort, sleep, spawnPinned, waitForPort, type Spawned } from './proc';

export const HTTP_HOST = 'bench.localhost';
export const TLS_HOST = 'secure.localhost';

export interface RunningPortico {
  pid: number;
  httpPort: number;
  httpsPort: number;
  dataDir: string;
  caroot: string;
  /** The local CA's certificate (clients trust it through their `ca` option). */
  ca(): Buffer;
  proc: Spawned;
  stop(): Promise<void>;
}

export interface PorticoOptions {
  dir: string;
  upstreamPort: number;
  /** Extra node flags (e.g. --cpu-prof). */
  nodeFlags?: string[];
  /** Also wait for the first HTTPS 200 (certificate issued). Default true. */
  waitForTls?: boolean;
  core?: string | null;
  /** More HTTP domains: host → upstream port. */
  extraDomains?: Record<string, number>;
}

export function writeConfig(
  dataDir: string,
  upstreamPort: number,
  ports: [number, number],
  extra: Record<string, number> = {},
) {
  mkdirSync(dataDir, { recursive: true });
  const target = `http://127.0.0.1:${upstreamPort}`;
  const config = {
    proxy: {
      httpPort: ports[0],
      fallbackHttpPort: ports[0],
      httpsPort: ports[1],
      fallbackHttpsPort: ports[1],
    },
    domains: [
      { host: HTTP_HOST, target, tls: false },
      { host: TLS_HOST, target, tls: true },
      ...Object.entries(extra).map(([host, port]) => ({
        host,
        target: `http://127.0.0.1:${port}`,
        tls: false,
      })),
    ],
  };
  writeFileSync(path.join(dataDir, 'config.json'), JSON.stringify(config, null, 2));
}

/** The run's local CA folder (`CAROOT`), shared by the engine and the pipeline host. */
function carootIn(dir: string): string {
  const caroot = path.join(dir, 'caroot');
  mkdirSync(caroot, { recursive: true });
  return caroot;
}

export async function startPortico(options: PorticoOptions): Promise<RunningPortico> {
  const dataDir = path.join(options.dir, `portico-${Date.now()}`);
  const caroot = carootIn(options.dir);
  const [httpPort, httpsPort] = [await freePort(), await freePort()];
  writeConfig(dataDir, options.upstreamPort, [httpPort, httpsPort], options.extraDomains);
  const proc = spawnPinned(
    options.core === undefined ? PROXY_CORE : options.core,
    engineNode(),
    [...(options.nodeFlags ?? []), ...serveArgs(dataDir, httpPort, httpsPort)],
    { env: { ...process.env, CAROOT: caroot }, cwd: options.dir },
  );
  const ca = () => readFileSync(path.join(caroot, 'rootCA.pem'));
  await waitForPort(httpPort, 15_000, proc);
  await waitFor200(() => httpGet(httpPort, HTTP_HOST, '/'), 10_000, proc);
  if (options.waitForTls !== false) {
    await waitFor200(() => httpsGet(httpsPort, TLS_HOST, '/', ca()), 30_000, proc);
  }
  return {
    pid: proc.child.pid ?? 0,
    httpPort,
    httpsPort,
    dataDir,
    caroot,
    ca,
    proc,
    stop: proc.stop,
  };
}

export async function waitFor200(
  attempt: () => Promise<{ status: number }>,
  timeoutMs: number,
  proc?: Spawned,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    if (proc && proc.child.exitCode !== null)
      throw new Error(`Portico exited early:\n${proc.output()}`);
    try {
      const { status } = await attempt();
      if (status === 200) return;
      last = `status ${status}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await sleep(25);
  }
  throw new Error(
    `no 200 within ${timeoutMs} ms (last: ${last})${proc ? `\n${proc.output()}` : ''}`,
  );
}

export interface RunningHost {
  pid: number;
  port: number;
  /** Where `TLS_HOST` is served over HTTPS (null: not served). */
  httpsPort: number | null;
  stop(): Promise<void>;
}

/**
 * `node …` arguments that run the bundled CLI's `serve` as users run it: with the engine's
 * V8 flags (the CLI's shebang and the desktop app pass them), admin API on a free port.
 */
export function serveArgs(dataDir: string, httpPort: number, httpsPort: number): string[] {
  return [
    ...ENGINE_NODE_FLAGS,
    CLI_BUNDLE,
    'serve',
    '--data-dir',
    dataDir,
    '--http-port',
    String(httpPort),
    '--https-port',
    String(httpsPort),
    '--admin-port',
    '0',
  ];
}

/** A certificate for `TLS_HOST` from mkcert, signed by the run's own CA (`dir`/caroot). */
export interface HostCertificate {
  cert: string;
  key: string;
  /** The CA's certificate, for clients that check the chain. */
  ca: string;
}

/** Issues the bare pipeline host's certificate (mkcert makes the CA on first use). */
export function issueHostCertificate(dir: string): HostCertificate {
  const caroot = carootIn(dir);
  const cert = path.join(dir, 'host-cert.pem');
  const key = path.join(dir, 'host-key.pem');
  execFileSync('mkcert', ['-cert-file', cert, '-key-file', key, TLS_HOST], {
    env: { ...process.env, CAROOT: caroot },
    stdio: 'ignore',
  });
  return { cert, key, ca: path.join(caroot, 'rootCA.pem') };
}

export interface ProxyHostOptions {
  inspector: boolean;
  /** Exchanges the inspector keeps (the config's default, 1,000, without it). */
  capacity?: number;
  /** Also serve `TLS_HOST` over HTTPS with this certificate. */
  certificate?: HostCertificate;
  /** Extra node flags (e.g. --cpu-prof), before the engine's. */
  nodeFlags?: string[];
  /** Where it runs (V8's profiling flags write files there); the bench's own dir without it. */
  cwd?: string;
}

/** `node …` arguments of the bare pipeline host, with the engine's V8 flags. */
export function proxyHostArgs(
  upstreamPort: number,
  port: number,
  options: ProxyHostOptions,
  httpsPort?: number,
): string[] {
  const { capacity, certificate } = options;
  return [
    ...ENGINE_NODE_FLAGS,
    HOST_BUNDLE,
    '--upstream',
    String(upstreamPort),
    '--port',
    String(port),
    '--inspector',
    options.inspector ? 'on' : 'off',
    ...(capacity === undefined ? [] : ['--capacity', String(capacity)]),
    ...(certificate === undefined || httpsPort === undefined
      ? []
      : ['--https-port', String(httpsPort), '--cert', certificate.cert, '--key', certificate.key]),
  ];
}

/** The bare pipeline (HTTP, and HTTPS when given a certificate). */
export async function startProxyHost(
  upstreamPort: number,
  options: ProxyHostOptions,
): Promise<RunningHost> {
  const port = await freePort();
  const certificate = options.certificate;
  const httpsPort = certificate ? await freePort() : undefined;
  const proc = spawnPinned(
    PROXY_CORE,
    engineNode(),
    [...(options.nodeFlags ?? []), ...proxyHostArgs(upstreamPort, port, options, httpsPort)],
    { cwd: options.cwd },
  );
  await waitForPort(port, 10_000, proc);
  await waitFor200(() => httpGet(port, HTTP_HOST, '/'), 10_000, proc);
  if (certificate && httpsPort !== undefined) {
    const ca = readFileSync(certificate.ca);
    await waitFor200(() => httpsGet(httpsPort, TLS_HOST, '/', ca), 10_000, proc);
  }
  return { pid: proc.child.pid ?? 0, port, httpsPort: httpsPort ?? null, stop: proc.stop };
}
