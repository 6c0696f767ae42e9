/**
 * Runs the real `portico serve` for the dashboard tests, on ephemeral ports with a temp data
 * dir and CAROOT, reads where it listens from its banner, and drives the real CLI against it
 * (`portico disable HOST` etc.). `stop()` ends it with SIGTERM and removes the temp dirs.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const root = path.resolve(import.meta.dirname, '../..');
const TSX = path.join(root, 'node_modules/.bin/tsx');
const CLI = path.join(root, 'electron/cli/main.ts');

export interface ServedPortico {
  dashboardUrl: string;
  httpPort: number;
  dataDir: string;
  /** Runs a CLI command against this engine's data dir; resolves with its stdout. */
  cli(...args: string[]): Promise<string>;
  /** Everything the engine wrote to stderr so far (shown when a test fails). */
  logs(): string;
  stop(): Promise<void>;
}

export async function startPortico(timeoutMs = 60_000): Promise<ServedPortico> {
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'portico-e2e-'));
  const dataDir = path.join(tmp, 'data');
  const env = { ...process.env, CAROOT: path.join(tmp, 'caroot'), PORTICO_DATA_DIR: dataDir };
  const child: ChildProcess = spawn(
    TSX,
    [
      CLI,
      'serve',
      '--data-dir',
      dataDir,
      '--http-port',
      '0',
      '--https-port',
      '0',
      '--admin-port',
      '0',
    ],
    { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.on('error', (error) => (stderr += `spawn error: ${error.message}\n`));

  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const cleanup = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killTimer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(killTimer);
    }
    await rm(tmp, { recursive: true, force: true });
  };

  const deadline = Date.now() + timeoutMs;
  let banner: { dashboardUrl: string; httpPort: number } | null = null;
  while (!banner) {
    const dashboard = /Dashboard:?\s+(http:\/\/\S+#token=\S+)/.exec(stdout)?.[1];
    const httpPort = /HTTP:?\s+http:\/\/[^:\s]+:(\d+)/.exec(stdout)?.[1];
    if (dashboard && httpPort) banner = { dashboardUrl: dashboard, httpPort: Number(httpPort) };
    else if (child.exitCode !== null || Date.now() > deadline) {
      await cleanup();
      throw new Error(`portico serve did not start.\nstdout:\n${stdout}\nstderr:\n${stderr}`);
    } else await new Promise((resolve) => setTimeout(resolve, 100));
  }

  return {
    ...banner,
    dataDir,
    async cli(...args) {
      const { stdout: out } = await promisify(execFile)(
        TSX,
        [CLI, ...args, '--data-dir', dataDir],
        {
          cwd: root,
          env,
          timeout: 30_000,
        },
      );
      return out;
    },
    logs: () => stderr,
    stop: cleanup,
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
