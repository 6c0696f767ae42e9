/**
 * Scenarios 1 and 2: keep-alive GETs at 1 and 50 connections, and a new connection per
 * request (HTTP and TLS), for every contender; medians with ratios to Caddy and nginx.
 * Scenario 2 also measures Portico side by side with the minimal Node proxy, to tell what
 * Portico adds per request from what any Node proxy costs.
 */
import {
  CPU,
  MINIMAL_NODE_PROXY,
  measureAll,
  P99,
  ratioIntervalTo,
  ratioTo,
  RPS,
  startContenders,
  type Contender,
  type Load,
  type Measured,
} from '../lib/contenders';
import {
  roundsAtLeast,
  type BenchContext,
  type Cell,
  type Scenario,
  type ScenarioResult,
} from '../lib/scenario';
import { measureSideBySide } from '../lib/side-by-side';
import { round } from '../lib/stats';

/** Side-by-side rounds at least: a 95% interval needs six. */
const SIDE_BY_SIDE_ROUNDS = 6;

const COLUMNS = [
  'contender',
  'connections',
  'req/s',
  'p50 ms',
  'p99 ms',
  '× Caddy',
  '× nginx',
  'p99 ÷ Caddy',
  'CPU µs/req',
  'CPU ÷ Caddy',
];

function rows(measured: Measured[], connections: number): Record<string, Cell>[] {
  const caddy = measured.find((m) => m.name === 'Caddy');
  const nginx = measured.find((m) => m.name === 'nginx');
  return measured.map((m) => ({
    contender: m.name,
    connections,
    'req/s': Math.round(m.rps),
    'p50 ms': round(m.p50, 3),
    'p99 ms': round(m.p99, 3),
    '× Caddy': round(ratioTo(m, caddy, RPS)),
    '× nginx': round(ratioTo(m, nginx, RPS)),
    'p99 ÷ Caddy': round(ratioTo(m, caddy, P99)),
    'CPU µs/req': round(m.cpuUsPerRequest, 1),
    'CPU ÷ Caddy': round(ratioTo(m, caddy, CPU)),
  }));
}

/** How the ratio columns are computed (see pairedRatio). */
export const PAIRED_NOTE =
  'Ratio columns: the median over rounds of the ratio within each round (every round measures all contenders back to back), so drift between rounds cancels out; req/s, p99 and CPU are plain medians.';

const MINIMAL_NOTE = `${MINIMAL_NODE_PROXY}: bench/minimal-proxy.mjs, on Portico’s Node with its V8 flags, relaying as Portico’s pipeline does (undici, a pooled keep-alive connection for each exchange in flight, the parser’s callbacks) without Portico’s own work (routing, checks, forwarding rules, inspector). Not a target: what separates Portico from it is Portico’s work; what separates it from Caddy is what Node costs.`;

/** Portico HTTP and the minimal Node proxy loaded at once; their CPU a request, as a note. */
async function besideMinimal(
  ctx: BenchContext,
  list: readonly Contender[],
  load: Load,
): Promise<{ measured: [Measured, Measured]; note: string } | null> {
  const portico = list.find((c) => c.name === 'Portico HTTP');
  const minimal = list.find((c) => c.name === MINIMAL_NODE_PROXY);
  if (!portico || !minimal) return null;
  const runs = roundsAtLeast(ctx, SIDE_BY_SIDE_ROUNDS);
  ctx.log(`  side by side, ${runs} rounds:`);
  const measured = await measureSideBySide({ ...ctx, runs }, [portico, minimal], load);
  const [p, m] = measured;
  const ratio = ratioTo(p, m, CPU);
  const interval = ratioIntervalTo(p, m, CPU);
  const within = interval ? ` (95% interval ${round(interval.low)}–${round(interval.high)}×)` : '';
  return {
    measured,
    note: `Side by side (both on the proxy core at once, each loaded by its own wrk, ${runs} rounds): Portico HTTP ${round(p.cpuUsPerRequest, 1)} µs of CPU a request, the ${MINIMAL_NODE_PROXY} ${round(m.cpuUsPerRequest, 1)}: ${round(ratio)}×${within}, ${Math.round(p.rps)} against ${Math.round(m.rps)} req/s.`,
  };
}

export const keepAlive: Scenario = {
  id: 'keepalive',
  title: '1. Keep-alive GETs (1 KiB), 1 and 50 connections',
  async run(ctx: BenchContext): Promise<ScenarioResult> {
    const set = await startContenders(ctx, { tls: true, minimalNodeProxy: true });
    try {
      const one = await measureAll(ctx, set.list, { connections: 1 });
      const fifty = await measureAll(ctx, set.list, { connections: 50 });
      return {
        id: this.id,
        title: this.title,
        columns: COLUMNS,
        rows: [...rows(one, 1), ...rows(fifty, 50)],
        notes: [
          ...set.notes,
          'Target: Portico HTTP at 50 connections ≥ 1.0× Caddy, p99 ≤ Caddy’s.',
          PAIRED_NOTE,
          MINIMAL_NOTE,
        ],
        raw: { c1: one, c50: fifty },
        chart: fifty
          .filter((m) => m.name !== MINIMAL_NODE_PROXY)
          .map((m) => ({ label: m.name, rps: m.rps, p99: m.p99 })),
      };
    } finally {
      await set.stop();
    }
  },
};

export const newConnection: Scenario = {
  id: 'newconn',
  title: '2. A new connection per request (HTTP and TLS), 10 connections',
  async run(ctx: BenchContext): Promise<ScenarioResult> {
    const set = await startContenders(ctx, { tls: true, minimalNodeProxy: true });
    try {
      const load: Load = { connections: 10, headers: { Connection: 'close' } };
      const measured = await measureAll(ctx, set.list, load);
      const beside = await besideMinimal(ctx, set.list, load);
      return {
        id: this.id,
        title: this.title,
        columns: COLUMNS,
        rows: rows(measured, 10),
        notes: [
          ...set.notes,
          'wrk sends `Connection: close`, so every request opens a new TCP (and for HTTPS, TLS) connection; nginx and Caddy are measured over HTTP only.',
          PAIRED_NOTE,
          MINIMAL_NOTE,
          ...(beside ? [beside.note] : []),
        ],
        raw: { measured, sideBySide: beside?.measured ?? null },
      };
    } finally {
      await set.stop();
    }
  },
};
