/**
 * The real `portico serve` for the dashboard tests (see serve-process.ts), with the real CLI
 * against it (`portico disable HOST` etc.), and requests through its proxy.
 */
import http from 'node:http';
import { startServe } from './serve-process';

export interface ServedPortico {
  dashboardUrl: string;
  httpPort: number;
  httpsPort: number;
  dataDir: string;
  /** The engine's HOME (where `~/.pki/nssdb` is looked for) and CAROOT. */
  home: string;
  caroot: string;
  /** The local CA (PEM), once mkcert has created it. */
  caCertificate(): Promise<string>;
  /** Runs a CLI command against this engine's data dir; resolves with its stdout. */
  cli(...args: string[]): Promise<string>;
  /** Everything the engine printed so far (shown when a test fails). */
  logs(): string;
  stop(): Promise<void>;
}

/** `env` adds to the engine's environment (e.g. `PORTICO_MKCERT` pointing nowhere). */
export async function startPortico(
  options: { env?: NodeJS.ProcessEnv } = {},
): Promise<ServedPortico> {
  const serve = await startServe(options);
  return {
    dashboardUrl: serve.dashboardUrl,
    httpPort: serve.httpPort,
    httpsPort: serve.httpsPort,
    dataDir: serve.dataDir,
    home: serve.home,
    caroot: serve.caroot,
    caCertificate: () => serve.caCertificate(),
    async cli(...args) {
      const result = await serve.cli(args);
      if (result.code !== 0) throw new Error(`portico ${args.join(' ')} failed: ${result.stderr}`);
      return result.stdout;
    },
    logs: () => serve.output(),
    async stop() {
      await serve.stop();
      await serve.cleanup();
    },
  };
}

export interface ProxyAnswer {
  status: number;
  body: string;
}

/** A plain HTTP request through the proxy's HTTP port with the given Host. */
export function requestThroughProxy(
  port: number,
  host: string,
  pathname = '/',
): Promise<ProxyAnswer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path: pathname,
        headers: { host, 'x-forwarded-for': '198.51.100.7' },
        agent: false,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.setTimeout(10_000, () => req.destroy(new Error('proxy request timed out')));
    req.end();
  });
}

/** Asks until the proxy answers `status` (a change applies within a second), at most ~5 s. */
export async function expectProxyStatus(
  port: number,
  host: string,
  status: number,
  pathname = '/',
): Promise<ProxyAnswer> {
  let last: ProxyAnswer | null = null;
  for (let attempt = 0; attempt < 50; attempt++) {
    last = await requestThroughProxy(port, host, pathname);
    if (last.status === status) return last;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(
    `expected ${status} from ${host}${pathname}, last answer ${last?.status}: ${last?.body.slice(0, 200)}`,
  );
}
