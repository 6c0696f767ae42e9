/**
 * Scenarios 4 and 5: WebSocket echo round trip and message throughput, and the delay of
 * Server-Sent Events from the upstream's write to the client's read; direct vs Portico
 * (and nginx, Caddy for reference). The Node upstream and the clients share the load core.
 */
import { startNodeUpstream, type NodeUpstream } from '../lib/node-upstream';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { have, LOAD_CORE } from '../lib/proc';
import { startPortico, type RunningPortico } from '../lib/portico';
import type { BenchContext, Cell, Scenario, ScenarioResult } from '../lib/scenario';
import { startCaddy, startNginxProxy, startNodeRelay, type RunningServer } from '../lib/servers';
import { median, round } from '../lib/stats';
import { closeAll, messageThroughput, openSocket, roundTrips } from '../ws-client';
import { LATE_MS, sseDelays, type SseRun } from '../sse-client';

const RT_HOST = 'rt.localhost';
const PORTICO = 'Portico HTTP';
const SAME_CORE_PORTICO = `${PORTICO}, on the clients' core`;
const SAME_CORE_RELAY = "bare Node TCP relay, on the clients' core";
/** Scenario 5's extra row: the pinned Portico again once V8 has compiled the relay's code. */
const WARM_PORTICO = `${PORTICO}, after 30 s of streams`;
/** Events streamed through Portico before its warm row (one every 10 ms), in streams of 1,000. */
const WARM_STREAM_EVENTS = 3_000;
/** Explains the two reference rows that break the pinning rule on purpose. */
const SAME_CORE_NOTE = `"${SAME_CORE_PORTICO}" and "${SAME_CORE_RELAY}" run on core 1 with the clients and the upstream, against the pinning rule and not for the targets: the difference to their pinned rows is what waking the other core costs on this VM, for every proxy alike.`;

interface Target {
  name: string;
  port: number;
}

async function withTargets<T>(
  ctx: BenchContext,
  body: (targets: Target[]) => Promise<T>,
): Promise<T> {
  const upstream: NodeUpstream = await startNodeUpstream();
  const porticos: RunningPortico[] = [];
  const others: RunningServer[] = [];
  const startRtPortico = async (dir: string, core?: string) => {
    const started = await startPortico({
      dir,
      upstreamPort: ctx.upstream.port,
      waitForTls: false,
      extraDomains: { [RT_HOST]: upstream.port },
      core,
    });
    porticos.push(started);
    return started;
  };
  try {
    const portico = await startRtPortico(ctx.dir);
    const targets: Target[] = [
      { name: 'direct', port: upstream.port },
      { name: PORTICO, port: portico.httpPort },
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
    // For reading the figures, not for the targets: the same two on the clients' core, where
    // no hop has to wake the other core (its own data dir and CAROOT: no shared mkcert run).
    const here = path.join(ctx.dir, 'clients-core');
    mkdirSync(here, { recursive: true });
    targets.push({
      name: SAME_CORE_PORTICO,
      port: (await startRtPortico(here, LOAD_CORE)).httpPort,
    });
    const relayHere = await startNodeRelay(upstream.port, LOAD_CORE);
    others.push(relayHere);
    targets.push({ name: SAME_CORE_RELAY, port: relayHere.port });
    return await body(targets);
  } finally {
    await Promise.all([...porticos.map((p) => p.stop()), ...others.map((o) => o.stop())]);
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
          SAME_CORE_NOTE,
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
      // A fresh engine's first half minute of SSE alone can see an event or two late while V8
      // compiles the relay's code on a thread that shares its core (bench/README, "Still
      // open"); the last row is the same engine after 30 s of streams, as in a working session.
      const portico = targets.find((t) => t.name === PORTICO);
      const measured =
        ctx.quick || !portico ? targets : [...targets, { ...portico, name: WARM_PORTICO }];
      for (const target of measured) {
        if (target.name === WARM_PORTICO)
          for (let sent = 0; sent < WARM_STREAM_EVENTS; sent += 1_000)
            await sseDelays(target.port, RT_HOST, 1_000);
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
          `"${WARM_PORTICO}": the same Portico measured again after ${WARM_STREAM_EVENTS.toLocaleString('en-US')} more events through it (not with --quick).`,
          "The client runs in its own process (bench/sse-client.mjs) and reads the upstream's clock (CLOCK_MONOTONIC), so the benchmark's own pauses are not counted.",
          SAME_CORE_NOTE,
        ],
        raw,
      };
    });
  },
};
