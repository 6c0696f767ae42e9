// Ports the proxy cannot have: in use (the message names the process holding it, found via
// /proc on Linux) and not permitted (<1024 for an unprivileged user, tried for real as
// `nobody`). Either way: a clear message, the configured fallback, no crash.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { ConfigSchema } from '../../shared/config';
import { ProxyServer } from '../../electron/engine/proxy/proxy-server';
import { buildSnapshot } from '../../electron/engine/proxy/proxy-state';
import { describeBindError } from '../../electron/engine/proxy/listeners';
import { findPortOwner, listeningInodes } from '../../electron/engine/proxy/port-owner';

let holder: ChildProcess;
let heldPort: number;
let dir: string;

beforeAll(async () => {
  holder = spawn(
    process.execPath,
    [
      '-e',
      "const s=require('net').createServer().listen(0,'127.0.0.1',()=>console.log(s.address().port))",
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  heldPort = await new Promise<number>((resolve) =>
    holder.stdout?.once('data', (c: Buffer) => resolve(Number(String(c).trim()))),
  );
  dir = mkdtempSync(join(tmpdir(), 'portico-ports-'));
});

afterAll(() => {
  holder.kill();
  rmSync(dir, { recursive: true, force: true });
});

describe('a port in use', () => {
  it('finds the process that listens on it', async () => {
    const owner = await findPortOwner(heldPort);
    expect(owner).toEqual({ pid: holder.pid, name: 'node' });
  });

  it('finds nothing for a port nobody listens on', async () => {
    expect(await findPortOwner(1)).toBeNull();
  });

  it('reads listening sockets from the /proc table format (IPv4 and IPv6)', () => {
    const table = [
      '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
      '   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 111 1 0',
      '   1: 0100007F:1F90 0100007F:C350 01 00000000:00000000 00:00000000 00000000     0        0 222 1 0',
      '   2: 00000000000000000000000001000000:1F90 00000000000000000000000000000000:0000 0A 0:0 0:0 0 0 0 333 1 0',
    ].join('\n');
    expect(listeningInodes(table, 8080)).toEqual(['111', '333']);
    expect(listeningInodes(table, 80)).toEqual([]);
  });

  it('makes the proxy say who holds it and use the fallback, serving on', async () => {
    const config = ConfigSchema.parse({ domains: [] });
    const server = new ProxyServer({
      initial: buildSnapshot(config, { http: null, https: null }),
      recorder: null,
      health: () => {},
      log: () => {},
    });
    try {
      const bound = await server.listen({
        httpPort: heldPort,
        fallbackHttpPort: 0,
        httpsPort: 0,
        fallbackHttpsPort: 0,
        sni: null,
      });
      expect(bound.http.problem).toContain(
        `HTTP port ${heldPort} is already in use by node (pid ${holder.pid}).`,
      );
      expect(bound.http.problem).toContain('Using port');
      expect(bound.http.port).not.toBe(heldPort);
      expect(bound.http.port).toBeGreaterThan(0);
    } finally {
      await server.close();
    }
  });
});

describe('a port not permitted', () => {
  it('explains the problem and the fix', () => {
    const message = describeBindError('EACCES', 80, 'HTTP');
    expect(message).toContain('HTTP port 80 is not permitted for this user.');
    if (process.platform === 'linux') expect(message).toContain('ip_unprivileged_port_start');
    expect(describeBindError('EACCES', 8080, 'HTTP')).not.toContain('sysctl');
  });

  it('falls back for real when an unprivileged user binds port 80', async (ctx) => {
    const start = '/proc/sys/net/ipv4/ip_unprivileged_port_start';
    const unprivilegedFrom = existsSync(start) ? Number(readFileSync(start, 'utf8')) : 1024;
    const setpriv = ['/usr/bin/setpriv', '/bin/setpriv'].find((p) => existsSync(p));
    if (process.getuid?.() !== 0 || !setpriv || unprivilegedFrom <= 80) {
      console.log('skipped: needs root with setpriv, and port 80 privileged on this machine');
      ctx.skip();
      return;
    }
    const script = join(dir, 'bind.mjs');
    await build({
      entryPoints: [join(import.meta.dirname, '../helpers/hardening-bind-child.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      outfile: script,
      logLevel: 'silent',
    });
    chmodSync(dir, 0o755);
    chmodSync(script, 0o644);
    const out = execFileSync(
      setpriv,
      ['--reuid=nobody', '--regid=nogroup', '--clear-groups', process.execPath, script, '80', '0'],
      { encoding: 'utf8', timeout: 10_000 },
    );
    const result = JSON.parse(out) as { port: number | null; problem: string };
    expect(result.problem).toContain('HTTP port 80 is not permitted for this user.');
    expect(result.problem).toContain('Using port');
    expect(result.port).toBeGreaterThan(1023);
  });
});
