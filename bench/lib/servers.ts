/**
 * The processes under test and the upstream, each configured in a temp dir:
 * - upstream: nginx, 1 worker, `return 200` with a 1 KiB body (+ a 10 MiB file, an upload sink);
 * - nginx as a reverse proxy: 1 worker, upstream keepalive, product.md's forwarding headers;
 * - Caddy: `reverse_proxy`, admin endpoint off, no automatic HTTPS, GOMAXPROCS=1.
 * Upstream and load share one core, each proxy gets the other (see proc.ts).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ENGINE_NODE_FLAGS } from '../../shared/engine-node-flags.mjs';
import { engineNode } from './engine-node';
import {
  LOAD_CORE,
  PROXY_CORE,
  freePort,
  spawnPinned,
  stopAll,
  waitForPort,
  type Spawned,
} from './proc';

export const BODY_1K = 'x'.repeat(1023) + '\n';
export const BIG_BYTES = 10 * 1024 * 1024;

export interface RunningServer {
  port: number;
  pid: number;
  proc: Spawned;
  stop(): Promise<void>;
}

function nginxPrelude(dir: string, name: string): string {
  const tmp = path.join(dir, `${name}-tmp`);
  mkdirSync(tmp, { recursive: true });
  chmodSync(tmp, 0o777);
  return `worker_processes 1;
pid ${dir}/${name}.pid;
error_log ${dir}/${name}-error.log warn;
events { worker_connections 8192; multi_accept on; }
`;
}

function nginxTemps(dir: string, name: string): string {
  const tmp = path.join(dir, `${name}-tmp`);
  return ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']
    .map((kind) => `  ${kind}_temp_path ${tmp}/${kind};`)
    .join('\n');
}

async function startNginx(dir: string, name: string, conf: string, core: string, port: number) {
  const file = path.join(dir, `${name}.conf`);
  writeFileSync(file, conf);
  const proc = spawnPinned(core, 'nginx', ['-p', dir, '-c', file, '-g', 'daemon off;']);
  await waitForPort(port, 10_000, proc);
  return proc;
}

/**
 * For the scripts beside `npm run bench`: runs `body` with a temp dir and the upstream, then
 * stops every process the bench started and removes the dir.
 */
export async function withUpstream<T>(
  prefix: string,
  body: (dir: string, upstream: RunningServer) => Promise<T>,
): Promise<T> {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  try {
    const upstream = await startUpstream(dir);
    try {
      return await body(dir, upstream);
    } finally {
      await upstream.stop();
    }
  } finally {
    await stopAll();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The upstream everyone forwards to. */
export async function startUpstream(dir: string): Promise<RunningServer> {
  chmodSync(dir, 0o755);
  const files = path.join(dir, 'files');
  mkdirSync(files, { recursive: true });
  writeFileSync(path.join(files, 'big.bin'), Buffer.alloc(BIG_BYTES, 0x61));
  const port = await freePort();
  const conf = `${nginxPrelude(dir, 'upstream')}
http {
  access_log off;
${nginxTemps(dir, 'upstream')}
  keepalive_requests 10000000;
  keepalive_timeout 120s;
  server {
    listen 127.0.0.1:${port} backlog=4096;
    client_max_body_size 64m;
    location / { default_type text/plain; return 200 "${BODY_1K.replace(/\n/g, '\\n')}"; }
    location = /big.bin { root ${files}; }
    # \`return\` alone would answer before reading the body; proxying to ourselves with
    # request buffering on makes nginx read the whole upload (in memory) first.
    location = /upload {
      client_max_body_size 64m;
      client_body_buffer_size 16m;
      proxy_pass http://127.0.0.1:${port}/upload-done;
    }
    location = /upload-done { default_type text/plain; return 200 "ok\\n"; }
  }
}
`;
  const proc = await startNginx(dir, 'upstream', conf, LOAD_CORE, port);
  return { port, pid: proc.child.pid ?? 0, proc, stop: proc.stop };
}

/** nginx as the reverse proxy under test. */
export async function startNginxProxy(dir: string, upstreamPort: number): Promise<RunningServer> {
  const port = await freePort();
  const conf = `${nginxPrelude(dir, 'nginx-proxy')}
http {
  access_log off;
${nginxTemps(dir, 'nginx-proxy')}
  keepalive_requests 10000000;
  keepalive_timeout 120s;
  map $http_upgrade $connection_upgrade { default upgrade; '' ''; }
  upstream backend { server 127.0.0.1:${upstreamPort}; keepalive 128; keepalive_requests 10000000; }
  server {
    listen 127.0.0.1:${port} backlog=4096;
    client_max_body_size 0;
    location / {
      proxy_pass http://backend;
      proxy_http_version 1.1;
      proxy_set_header Host $host;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade;
      proxy_set_header X-Forwarded-For $remote_addr;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_set_header X-Forwarded-Host $host;
      proxy_set_header X-Forwarded-Port $server_port;
      proxy_set_header X-Real-IP $remote_addr;
      proxy_request_buffering off;
      proxy_max_temp_file_size 0;
      proxy_read_timeout 1h;
    }
  }
}
`;
  const proc = await startNginx(dir, 'nginx-proxy', conf, PROXY_CORE, port);
  return { port, pid: proc.child.pid ?? 0, proc, stop: proc.stop };
}

/** Caddy as the reverse proxy under test. */
export async function startCaddy(dir: string, upstreamPort: number): Promise<RunningServer> {
  const port = await freePort();
  const config = {
    admin: { disabled: true },
    logging: { logs: { default: { level: 'ERROR' } } },
    apps: {
      http: {
        servers: {
          bench: {
            listen: [`127.0.0.1:${port}`],
            automatic_https: { disable: true },
            routes: [
              {
                handle: [
                  {
                    handler: 'reverse_proxy',
                    upstreams: [{ dial: `127.0.0.1:${upstreamPort}` }],
                    headers: {
                      request: {
                        set: {
                          'X-Real-IP': ['{http.request.remote.host}'],
                          'X-Forwarded-Port': ['{http.request.port}'],
                        },
                      },
                    },
                  },
                ],
              },
            ],
          },
        },
      },
    },
  };
  const file = path.join(dir, 'caddy.json');
  writeFileSync(file, JSON.stringify(config, null, 2));
  const proc = spawnPinned(PROXY_CORE, 'caddy', ['run', '--config', file], {
    env: { ...process.env, GOMAXPROCS: '1', XDG_DATA_HOME: dir, XDG_CONFIG_HOME: dir, HOME: dir },
  });
  await waitForPort(port, 15_000, proc);
  return { port, pid: proc.child.pid ?? 0, proc, stop: proc.stop };
}

/** A bare Node TCP relay (bench/node-relay.mjs), on the proxy core unless told: the floor for tunnels. */
export function startNodeRelay(
  upstreamPort: number,
  core: string = PROXY_CORE,
): Promise<RunningServer> {
  return startNodeFloor('node-relay.mjs', upstreamPort, core, []);
}

/**
 * The minimal Node HTTP proxy (bench/minimal-proxy.mjs) on the proxy core, the floor for plain
 * requests; with the engine's V8 flags, so that its garbage collector works as Portico's does.
 */
export function startMinimalNodeProxy(upstreamPort: number): Promise<RunningServer> {
  return startNodeFloor('minimal-proxy.mjs', upstreamPort, PROXY_CORE, ENGINE_NODE_FLAGS);
}

/** A script of bench/ (`SCRIPT LISTEN_PORT UPSTREAM_PORT`) on Portico's Node. */
async function startNodeFloor(
  script: string,
  upstreamPort: number,
  core: string,
  flags: readonly string[],
): Promise<RunningServer> {
  const port = await freePort();
  const file = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', script);
  const args = [...flags, file, String(port), String(upstreamPort)];
  const proc = spawnPinned(core, engineNode(), args);
  await waitForPort(port, 10_000, proc);
  return { port, pid: proc.child.pid ?? 0, proc, stop: proc.stop };
}
