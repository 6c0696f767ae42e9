/**
 * Scenarios 1 and 2: keep-alive GETs at 1 and 50 connections, and a new connection per
 * request (HTTP and TLS), for every contender; medians with ratios to Caddy and nginx.
 */
import {
  CPU,
  measureAll,
  P99,
  ratioTo,
  RPS,
  startContenders,
  type Measured,
} from '../lib/contenders';
import type { BenchContext, Cell, Scenario, ScenarioResult } from '../lib/scenario';
import { round } from '../lib/stats';

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

export const keepAlive: Scenario = {
  id: 'keepalive',
  title: '1. Keep-alive GETs (1 KiB), 1 and 50 connections',
  async run(ctx: BenchContext): Promise<ScenarioResult> {
    const set = await startContenders(ctx, { tls: true });
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
        ],
        raw: { c1: one, c50: fifty },
        chart: fifty.map((m) => ({ label: m.name, rps: m.rps, p99: m.p99 })),
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
    const set = await startContenders(ctx, { tls: true });
    try {
      const measured = await measureAll(ctx, set.list, {
        connections: 10,
        headers: { Connection: 'close' },
      });
      return {
        id: this.id,
        title: this.title,
        columns: COLUMNS,
        rows: rows(measured, 10),
        notes: [
          ...set.notes,
          'wrk sends `Connection: close`, so every request opens a new TCP (and for HTTPS, TLS) connection; nginx and Caddy are measured over HTTP only.',
          PAIRED_NOTE,
        ],
        raw: measured,
      };
    } finally {
      await set.stop();
    }
  },
};
