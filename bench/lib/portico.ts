/**
 * Portico under test, from the bundles in bench/.build:
 * - the whole engine (`node portico.mjs serve`) with two domains on the same upstream:
 *   `bench.localhost` (HTTP) and `secure.localhost` (HTTPS, certificate from mkcert with a
 *   temp CAROOT); the admin API on a free port;
 * - the bare pipeline host, inspector on or off.
 */
import { ENGINE_NODE_FLAGS } from '../../shared/engine-node-flags';
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

export async function startPortico(options: PorticoOptions): Promise<RunningPortico> {
  const dataDir = path.join(options.dir, `portico-${Date.now()}`);
  const caroot = path.join(options.dir, 'caroot');
  mkdirSync(caroot, { recursive: true });
  const [httpPort, httpsPort] = [await freePort(), await freePort()];
  writeConfig(dataDir, options.upstreamPort, [httpPort, httpsPort], options.extraDomains);
  const proc = spawnPinned(
    options.core === undefined ? PROXY_CORE : options.core,
    process.execPath,
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

/**
 * `node …` arguments of the bare pipeline host, with the engine's V8 flags. `capacity`: the
 * exchanges the inspector keeps (the config's default without it).
 */
export function proxyHostArgs(
  upstreamPort: number,
  port: number,
  inspector: boolean,
  capacity?: number,
): string[] {
  return [
    ...ENGINE_NODE_FLAGS,
    HOST_BUNDLE,
    '--upstream',
    String(upstreamPort),
    '--port',
    String(port),
    '--inspector',
    inspector ? 'on' : 'off',
    ...(capacity === undefined ? [] : ['--capacity', String(capacity)]),
  ];
}

/** The bare pipeline with the inspector on or off (keeping `capacity` exchanges). */
export async function startProxyHost(
  upstreamPort: number,
  inspector: boolean,
  capacity?: number,
): Promise<RunningHost> {
  const port = await freePort();
  const proc = spawnPinned(
    PROXY_CORE,
    process.execPath,
    proxyHostArgs(upstreamPort, port, inspector, capacity),
  );
  await waitForPort(port, 10_000, proc);
  await waitFor200(() => httpGet(port, HTTP_HOST, '/'), 10_000, proc);
  return { pid: proc.child.pid ?? 0, port, stop: proc.stop };
}
