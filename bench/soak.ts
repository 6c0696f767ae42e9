/**
 * A bounded soak of a real engine (not part of `npm test`):
 *   npx tsx bench/soak.ts --minutes 3 [--clients 16]
 * Keep-alive clients, slow readers, aborts at every stage and WebSocket sessions run
 * against one domain. Every 10 s it prints the outcome counts, RSS and open fds; it exits
 * non-zero on unexpected errors or when memory or fds keep growing.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEngine } from '../electron/engine/engine';
import { QuickCa } from '../test/helpers/quick-ca';
import { startSoakUpstream } from './soak-upstreams';
import {
  aborter,
  Counts,
  keepAliveClient,
  slowReader,
  websocketClient,
  type Stop,
} from './soak-load';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} wants a positive number`);
  return value;
}

interface Sample {
  t: number;
  rssMb: number;
  heapMb: number;
  fds: number;
}

const openFds = () => readdirSync('/proc/self/fd').length;

async function main(): Promise<number> {
  const minutes = arg('minutes', 3);
  const clients = Math.round(arg('clients', 16));
  const dataDir = mkdtempSync(join(tmpdir(), 'portico-soak-'));
  const ca = new QuickCa();
  const upstream = await startSoakUpstream();
  const engine = await startEngine({
    dataDir,
    httpPort: 0,
    httpsPort: 0,
    adminPort: 0,
    certificateProvider: ca,
    log: () => {},
  });
  await engine.handlers.addDomain({
    host: 'soak.localhost',
    target: String(upstream.port),
    tls: false,
  });
  const port = engine.status().http.port as number;
  const host = 'soak.localhost';
  const stop: Stop = { stopped: false };
  const counts = new Counts();
  let uncaught = 0;
  process.on('uncaughtException', (e) => {
    uncaught++;
    console.error('uncaught', e);
  });

  const loops: Promise<void>[] = [];
  for (let i = 0; i < clients; i++) loops.push(keepAliveClient(port, host, stop, counts));
  for (let i = 0; i < Math.max(1, clients / 4); i++) {
    loops.push(slowReader(port, host, stop, counts));
    loops.push(aborter(port, host, stop, counts));
    loops.push(websocketClient(port, host, stop, counts));
  }

  const samples: Sample[] = [];
  const started = Date.now();
  const sample = () => {
    const m = process.memoryUsage();
    const s = {
      t: Math.round((Date.now() - started) / 1000),
      rssMb: Math.round(m.rss / 1048576),
      heapMb: Math.round(m.heapUsed / 1048576),
      fds: openFds(),
    };
    samples.push(s);
    const kinds = [...counts.byKind].map(([k, n]) => `${k}=${n}`).join(' ');
    console.log(`t=${s.t}s rss=${s.rssMb}MB heap=${s.heapMb}MB fds=${s.fds} | ${kinds}`);
  };
  const timer = setInterval(sample, 10_000);
  await new Promise((resolve) => setTimeout(resolve, minutes * 60_000));
  clearInterval(timer);
  sample();
  stop.stopped = true;
  await Promise.all(loops);
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const idleFds = openFds();

  await engine.stop();
  await upstream.close();
  ca.dispose();
  rmSync(dataDir, { recursive: true, force: true });

  // Growth: after a warm-up (first third), compare the middle third with the last third.
  const warm = samples.slice(Math.floor(samples.length / 3));
  const half = Math.floor(warm.length / 2);
  const avg = (list: Sample[], key: 'rssMb' | 'fds') =>
    list.reduce((a, s) => a + s[key], 0) / Math.max(1, list.length);
  const rssGrowth = avg(warm.slice(half), 'rssMb') - avg(warm.slice(0, half), 'rssMb');
  const fdGrowth = avg(warm.slice(half), 'fds') - avg(warm.slice(0, half), 'fds');
  const baselineFds = samples[0]?.fds ?? idleFds;
  console.log(
    `summary: unexpected=${counts.unexpected()} uncaught=${uncaught} rssGrowth=${rssGrowth.toFixed(1)}MB fdGrowth=${fdGrowth.toFixed(1)} idleFds=${idleFds} (first sample ${baselineFds})`,
  );
  const failures: string[] = [];
  if (uncaught > 0) failures.push('uncaught exceptions');
  if (counts.unexpected() > 0) failures.push('unexpected errors');
  if (warm.length >= 4 && rssGrowth > 40)
    failures.push(`RSS keeps growing (+${rssGrowth.toFixed(1)} MB)`);
  if (warm.length >= 4 && fdGrowth > 20)
    failures.push(`open fds keep growing (+${fdGrowth.toFixed(1)})`);
  if (failures.length) console.log(`FAIL: ${failures.join('; ')}`);
  else console.log('OK: no unexpected errors; memory and fds flat');
  return failures.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(2);
  },
);
