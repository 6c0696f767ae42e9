/**
 * Scenarios 4 and 5: WebSocket echo round trip and message throughput, and the delay of
 * Server-Sent Events from the upstream's write to the client's read; direct vs Portico
 * (and nginx, Caddy for reference). The Node upstream and the clients share the load core.
 */
import { startNodeUpstream, type NodeUpstream } from '../lib/node-upstream';
import { have } from '../lib/proc';
import { startPortico, type RunningPortico } from '../lib/portico';
import type { BenchContext, Cell, Scenario, ScenarioResult } from '../lib/scenario';
import { startCaddy, startNginxProxy, startNodeRelay, type RunningServer } from '../lib/servers';
import { median, round } from '../lib/stats';
import { closeAll, messageThroughput, openSocket, roundTrips } from '../ws-client';
import { LATE_MS, sseDelays, type SseRun } from '../sse-client';

const RT_HOST = 'rt.localhost';

interface Target {
  name: string;
  port: number;
}

async function withTargets<T>(
  ctx: BenchContext,
  body: (targets: Target[]) => Promise<T>,
): Promise<T> {
  const upstream: NodeUpstream = await startNodeUpstream();
  let portico: RunningPortico | null = null;
  const others: RunningServer[] = [];
  try {
    portico = await startPortico({
      dir: ctx.dir,
      upstreamPort: ctx.upstream.port,
      waitForTls: false,
      extraDomains: { [RT_HOST]: upstream.port },
    });
    const targets: Target[] = [
      { name: 'direct', port: upstream.port },
      { name: 'Portico HTTP', port: portico.httpPort },
    ];
    const nginx = await startNginxProxy(ctx.dir, upstream.port);
    others.push(nginx);
    targets.push({ name: 'nginx', port: nginx.port });
    if (have('caddy')) {
      const caddy = await startCaddy(ctx.dir, upstream.port);
      others.push(caddy);
      targets.push({ name: 'Caddy', port: caddy.port });
    }
    const relay = await startNodeRelay(upstream.port);
    others.push(relay);
    targets.push({ name: 'bare Node TCP relay', port: relay.port });
    return await body(targets);
  } finally {
    await Promise.all([portico?.stop(), ...others.map((o) => o.stop())]);
    await upstream.close();
  }
}

export const websocket: Scenario = {
  id: 'websocket',
  title: '4. WebSocket echo: round trip (32 B) and message throughput (64 B, 100 in flight)',
  async run(ctx: BenchContext): Promise<ScenarioResult> {
    const trips = ctx.quick ? 500 : 2_000;
    const messages = ctx.quick ? 20_000 : 100_000;
    return withTargets(ctx, async (targets) => {
      const results: { name: string; rtt: number[]; p99: number[]; mps: number[] }[] = targets.map(
        (t) => ({ name: t.name, rtt: [], p99: [], mps: [] }),
      );
      for (let r = 0; r < ctx.runs; r++) {
        for (const [i, target] of targets.entries()) {
          const ws = await openSocket(target.port, RT_HOST);
          await roundTrips(ws, 200); // warm-up
          const rt = await roundTrips(ws, trips);
          const mps = await messageThroughput(ws, messages);
          await closeAll([ws]);
          const entry = results[i];
          entry?.rtt.push(rt.median);
          entry?.p99.push(rt.p99);
          entry?.mps.push(mps);
          ctx.log(
            `  ${target.name}: round trip ${rt.median.toFixed(3)} ms (p99 ${rt.p99.toFixed(3)}), ${Math.round(mps)} msg/s`,
          );
        }
      }
      const direct = results[0];
      const directRtt = direct ? median(direct.rtt) : Number.NaN;
      const directMps = direct ? median(direct.mps) : Number.NaN;
      const rows: Record<string, Cell>[] = results.map((e) => ({
        path: e.name,
        'round trip median ms': round(median(e.rtt), 3),
        'round trip p99 ms': round(median(e.p99), 3),
        'added over direct ms': round(median(e.rtt) - directRtt, 3),
        'msg/s': Math.round(median(e.mps)),
        '× direct msg/s': round(median(e.mps) / directMps),
      }));
      return {
        id: this.id,
        title: this.title,
        columns: [
          'path',
          'round trip median ms',
          'round trip p99 ms',
          'added over direct ms',
          'msg/s',
          '× direct msg/s',
        ],
        rows,
        notes: [
          'Target: Portico adds ≤ 0.2 ms to the median round trip.',
          'The bare Node TCP relay (bench/node-relay.mjs: two sockets piped, nothing else) is the floor any Node process reaches on this machine: one event-loop wake-up per hop.',
          `${trips} sequential round trips after 200 warm-up ones; ${messages} echoed messages.`,
        ],
        raw: results,
      };
    });
  },
};

export const sse: Scenario = {
  id: 'sse',
  title: '5. Server-Sent Events: delay from the upstream write to the client read',
  async run(ctx: BenchContext): Promise<ScenarioResult> {
    const count = ctx.quick ? 50 : 200;
    const warmUp = 300;
    return withTargets(ctx, async (targets) => {
      const rows: Record<string, Cell>[] = [];
      const raw: unknown[] = [];
      for (const target of targets) {
        // Before its first HMR event a proxy has served the page and its modules: warm.
        const warm = await sseDelays(target.port, RT_HOST, warmUp);
        const runs: SseRun[] = [];
        for (let r = 0; r < ctx.runs; r++) runs.push(await sseDelays(target.port, RT_HOST, count));
        raw.push({ name: target.name, warmUp: warm, runs });
        rows.push({
          path: target.name,
          events: runs.reduce((sum, x) => sum + x.events, 0),
          'median ms': round(median(runs.map((x) => x.median)), 3),
          'p99 ms': round(median(runs.map((x) => x.p99)), 3),
          'max ms': round(Math.max(...runs.map((x) => x.max)), 3),
          [`late (> ${LATE_MS} ms)`]: runs.reduce((sum, x) => sum + x.late, 0),
          'warm-up max ms': round(warm.max, 3),
        });
        ctx.log(
          `  ${target.name}: median ${rows.at(-1)?.['median ms']} ms, max ${rows.at(-1)?.['max ms']} ms, late ${rows.at(-1)?.[`late (> ${LATE_MS} ms)`]}`,
        );
      }
      return {
        id: this.id,
        title: this.title,
        columns: [
          'path',
          'events',
          'median ms',
          'p99 ms',
          'max ms',
          `late (> ${LATE_MS} ms)`,
          'warm-up max ms',
        ],
        rows,
        notes: [
          `Target: every event arrives within ${LATE_MS} ms of being written.`,
          `${count} events, one every 10 ms, per run, after a warm-up stream of ${warmUp} events (its worst delay in the last column).`,
          "The client runs in its own process (bench/sse-client.mjs) and reads the upstream's clock (CLOCK_MONOTONIC), so the benchmark's own pauses are not counted.",
        ],
        raw,
      };
    });
  },
};
