/**
 * The contenders of the throughput scenarios, started once per scenario on the same
 * upstream: direct, Portico HTTP, Portico HTTPS, nginx, Caddy, and in scenarios 1 and 2 the
 * minimal Node proxy (read beside Portico, not a target). Each is a URL plus the Host header
 * wrk sends; HTTPS goes by name (SNI) through a private hosts file.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { cpuTime, have, type CpuTime } from './proc';
import { HTTP_HOST, TLS_HOST, startPortico, type RunningPortico } from './portico';
import type { BenchContext } from './scenario';
import { startCaddy, startMinimalNodeProxy, startNginxProxy, type RunningServer } from './servers';
import { median, medianInterval, pairedRatio, pairedRatios } from './stats';
import { runWrk, type WrkResult } from './wrk';

export interface Contender {
  name: string;
  url: string;
  headers: Record<string, string>;
  hostsFile?: string;
  pid: number | null;
}

export interface ContenderSet {
  list: Contender[];
  portico: RunningPortico;
  notes: string[];
  stop(): Promise<void>;
}

/** A hosts file where `TLS_HOST` is 127.0.0.1, for wrk to connect by name (SNI). */
export function tlsHostsFile(dir: string): string {
  const file = path.join(dir, 'hosts');
  writeFileSync(file, `127.0.0.1 localhost ${TLS_HOST}\n::1 localhost\n`);
  return file;
}

/** The floor for a Node HTTP proxy (bench/minimal-proxy.mjs), as its rows are named. */
export const MINIMAL_NODE_PROXY = 'minimal Node proxy';

export async function startContenders(
  ctx: BenchContext,
  opts: { tls: boolean; minimalNodeProxy?: boolean },
): Promise<ContenderSet> {
  const notes: string[] = [];
  const up = ctx.upstream.port;
  const list: Contender[] = [
    { name: 'direct', url: `http://127.0.0.1:${up}/`, headers: { Host: HTTP_HOST }, pid: null },
  ];
  const portico = await startPortico({ dir: ctx.dir, upstreamPort: up, waitForTls: opts.tls });
  list.push({
    name: 'Portico HTTP',
    url: `http://127.0.0.1:${portico.httpPort}/`,
    headers: { Host: HTTP_HOST },
    pid: portico.pid,
  });
  if (opts.tls) {
    const hostsFile = tlsHostsFile(ctx.dir);
    list.push({
      name: 'Portico HTTPS',
      url: `https://${TLS_HOST}:${portico.httpsPort}/`,
      headers: {},
      hostsFile,
      pid: portico.pid,
    });
  }
  const others: RunningServer[] = [];
  if (opts.minimalNodeProxy) {
    const minimal = await startMinimalNodeProxy(up);
    others.push(minimal);
    list.push({
      name: MINIMAL_NODE_PROXY,
      url: `http://127.0.0.1:${minimal.port}/`,
      headers: { Host: HTTP_HOST },
      pid: minimal.pid,
    });
  }
  const nginx = await startNginxProxy(ctx.dir, up);
  others.push(nginx);
  list.push({
    name: 'nginx',
    url: `http://127.0.0.1:${nginx.port}/`,
    headers: { Host: HTTP_HOST },
    pid: nginx.pid,
  });
  if (have('caddy')) {
    const caddy = await startCaddy(ctx.dir, up);
    others.push(caddy);
    list.push({
      name: 'Caddy',
      url: `http://127.0.0.1:${caddy.port}/`,
      headers: { Host: HTTP_HOST },
      pid: caddy.pid,
    });
  } else notes.push('Caddy is not installed: no Caddy figures.');
  return {
    list,
    portico,
    notes,
    stop: async () => {
      await Promise.all([portico.stop(), ...others.map((o) => o.stop())]);
    },
  };
}

/** What wrk sends: connections kept open, and headers beside each contender's own. */
export interface Load {
  connections: number;
  headers?: Record<string, string>;
}

export interface Measured {
  name: string;
  /** One per round, in round order (what pairedRatio pairs up). */
  runs: (WrkResult & { cpuUsPerRequest: number | null; systemUsPerRequest: number | null })[];
  rps: number;
  p50: number;
  p99: number;
  /** Median CPU time the contender spent per request (µs), null when it has no pid. */
  cpuUsPerRequest: number | null;
  /** Median of the part of it spent in the kernel on the contender's behalf (system time). */
  systemUsPerRequest: number | null;
}

/**
 * Measures every contender `ctx.runs` times, interleaved (A B C, B C A, …) so drift on the
 * shared machine spreads evenly; a short warm-up first (JIT, pools).
 */
export async function measureAll(
  ctx: BenchContext,
  contenders: Contender[],
  load: Load,
): Promise<Measured[]> {
  const runs = new Map<string, Run[]>(contenders.map((c) => [c.name, []]));
  for (const c of contenders) await loadContender(ctx, c, load, 1);
  for (let r = 0; r < ctx.runs; r++) {
    for (let i = 0; i < contenders.length; i++) {
      const c = contenders[(i + r) % contenders.length] as Contender;
      const [run] = await measureTogether(ctx, [c], load);
      if (run) runs.get(c.name)?.push(run);
    }
  }
  return contenders.map((c) => summarize(c.name, runs.get(c.name) ?? []));
}

/**
 * One round of `group` loaded at the same time, each contender by its own wrk (a group of one:
 * a round taken in turn), with the CPU time each spent per request.
 */
export async function measureTogether(
  ctx: BenchContext,
  group: readonly Contender[],
  load: Load,
): Promise<Run[]> {
  const cpuOf = () => group.map((c) => (c.pid === null ? null : cpuTime(c.pid)));
  const before = cpuOf();
  const results = await Promise.all(group.map((c) => loadContender(ctx, c, load, ctx.durationSec)));
  const after = cpuOf();
  return group.map((c, i) => {
    const result = results[i] as WrkResult;
    const cpu = cpuPerRequest(before[i] ?? null, after[i] ?? null, result.requests);
    if (result.errors > 0 || result.non2xx > 0)
      ctx.log(`  ${c.name}: ${result.errors} socket errors, ${result.non2xx} non-2xx`);
    const cpuText =
      cpu.cpuUsPerRequest === null ? '' : `, CPU ${cpu.cpuUsPerRequest.toFixed(1)} µs/req`;
    ctx.log(
      `  ${c.name} c=${load.connections}: ${Math.round(result.rps)} req/s, p99 ${result.p99.toFixed(2)} ms${cpuText}`,
    );
    return { ...result, ...cpu };
  });
}

/** One wrk run against a contender with the scenario's load. */
export function loadContender(
  ctx: BenchContext,
  c: Contender,
  load: Load,
  durationSec: number,
): Promise<WrkResult> {
  return runWrk({
    url: c.url,
    connections: load.connections,
    durationSec,
    headers: { ...c.headers, ...load.headers },
    hostsFile: c.hostsFile,
    scriptDir: ctx.dir,
  });
}

/** A contender's rounds and their medians. */
export function summarize(name: string, runs: Measured['runs']): Measured {
  return {
    name,
    runs,
    rps: median(runs.map((x) => x.rps)),
    p50: median(runs.map((x) => x.p50)),
    p99: median(runs.map((x) => x.p99)),
    cpuUsPerRequest: medianOrNull(runs.map((x) => x.cpuUsPerRequest)),
    systemUsPerRequest: medianOrNull(runs.map((x) => x.systemUsPerRequest)),
  };
}

function cpuPerRequest(
  before: CpuTime | null,
  after: CpuTime | null,
  requests: number,
): { cpuUsPerRequest: number | null; systemUsPerRequest: number | null } {
  if (before === null || after === null || requests === 0)
    return { cpuUsPerRequest: null, systemUsPerRequest: null };
  const system = after.system - before.system;
  return {
    cpuUsPerRequest: ((after.user - before.user + system) * 1e6) / requests,
    systemUsPerRequest: (system * 1e6) / requests,
  };
}

function medianOrNull(values: (number | null)[]): number | null {
  const known = values.filter((v): v is number => v !== null);
  return known.length === 0 ? null : median(known);
}

type Run = Measured['runs'][number];
export const RPS = (run: Run) => run.rps;
export const P99 = (run: Run) => run.p99;
export const CPU = (run: Run) => run.cpuUsPerRequest;

/** `m` against `reference` on one figure of each run, paired round by round (pairedRatio). */
export function ratioTo(
  m: Measured,
  reference: Measured | undefined,
  figure: (run: Run) => number | null,
): number | null {
  return pairedRatio(m.runs.map(figure), reference?.runs.map(figure));
}

/** The 95% interval of `ratioTo`'s median (stats.medianInterval); null with too few rounds. */
export function ratioIntervalTo(
  m: Measured,
  reference: Measured,
  figure: (run: Run) => number | null,
): { low: number; high: number } | null {
  return medianInterval(pairedRatios(m.runs.map(figure), reference.runs.map(figure)));
}
