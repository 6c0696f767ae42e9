/**
 * Scenario 3: what the inspector costs. The bare pipeline (bundled, same as the engine's)
 * with the recorder on (headers only, 1,000 entries) and off, keep-alive at 50 connections;
 * and the recorder alone in one process (bench/recorder-cost.ts), which the machine's drift
 * cannot blur the way it blurs a few percent between two proxies.
 */
import { CPU, measureAll, ratioTo, RPS, type Contender, type Measured } from '../lib/contenders';
import { PAIRED_NOTE } from './throughput';
import { HTTP_HOST, startProxyHost } from '../lib/portico';
import type { BenchContext, Cell, Scenario, ScenarioResult } from '../lib/scenario';
import { round, median } from '../lib/stats';
import { RECORDER_COST_BUNDLE } from '../lib/build';
import { ENGINE_NODE_FLAGS } from '../../shared/engine-node-flags';
import { PROXY_CORE, runNodeForJson } from '../lib/proc';

const COST_RUNS = 3;

/** ns the recorder adds per exchange, from recorder-cost.mjs (median of a few processes). */
async function recorderNs(): Promise<number[]> {
  const figures: number[] = [];
  for (let i = 0; i < COST_RUNS; i++) {
    const { nsPerExchange } = await runNodeForJson<{ nsPerExchange: number }>(
      PROXY_CORE,
      [...ENGINE_NODE_FLAGS, RECORDER_COST_BUNDLE],
      'recorder-cost',
    );
    figures.push(nsPerExchange);
  }
  return figures;
}

export const inspector: Scenario = {
  id: 'inspector',
  title: '3. Inspector on (headers only, 1,000 entries) vs off, 50 keep-alive connections',
  async run(ctx: BenchContext): Promise<ScenarioResult> {
    const off = await startProxyHost(ctx.upstream.port, false);
    const on = await startProxyHost(ctx.upstream.port, true);
    try {
      const list: Contender[] = [
        {
          name: 'inspector off',
          url: `http://127.0.0.1:${off.port}/`,
          headers: { Host: HTTP_HOST },
          pid: off.pid,
        },
        {
          name: 'inspector on',
          url: `http://127.0.0.1:${on.port}/`,
          headers: { Host: HTTP_HOST },
          pid: on.pid,
        },
      ];
      const measured = await measureAll(ctx, list, { connections: 50 });
      const alone = await recorderNs();
      const aloneUs = median(alone) / 1000;
      ctx.log(`  recorder alone: ${aloneUs.toFixed(2)} µs per exchange`);
      const base = measured[0];
      const percent = (value: number | null) =>
        value === null ? null : `${round(value * 100, 1)}%`;
      const slower = (m: Measured) => {
        const r = ratioTo(m, base, RPS);
        return r === null ? null : 1 - r;
      };
      const moreCpu = (m: Measured) => {
        const r = ratioTo(m, base, CPU);
        return r === null ? null : r - 1;
      };
      return {
        id: this.id,
        title: this.title,
        columns: [
          'pipeline',
          'req/s',
          'p50 ms',
          'p99 ms',
          'throughput cost',
          'CPU µs/req',
          'CPU cost',
        ],
        rows: measured
          .map((m): Record<string, Cell> => ({
            pipeline: m.name,
            'req/s': Math.round(m.rps),
            'p50 ms': round(m.p50, 3),
            'p99 ms': round(m.p99, 3),
            'throughput cost': percent(slower(m)),
            'CPU µs/req': round(m.cpuUsPerRequest, 1),
            'CPU cost': percent(moreCpu(m)),
          }))
          .concat({
            pipeline: 'the recorder alone, in one process',
            'req/s': null,
            'p50 ms': null,
            'p99 ms': null,
            'throughput cost': null,
            'CPU µs/req': round(aloneUs, 2),
            'CPU cost':
              base?.cpuUsPerRequest == null ? null : percent(aloneUs / base.cpuUsPerRequest),
          }),
        notes: [
          'Target: inspector on costs ≤ 10% throughput.',
          'CPU cost: extra CPU time per request with the recorder on — the same cost measured as work instead of wall-clock rate, which a busy neighbour on a shared machine disturbs far less.',
          PAIRED_NOTE,
          `The recorder alone: the hooks of ${COST_RUNS}× 2,000,000 keep-alive GET exchanges into a store of 1,000, garbage collection included, minus the same loop without recording (bench/recorder-cost.ts; median µs per exchange; its CPU cost is relative to the pipeline's CPU per request with the inspector off). What it leaves out: the extra garbage collection its kept records cause in the rest of the pipeline.`,
        ],
        raw: { measured, recorderAloneNs: alone },
      };
    } finally {
      await Promise.all([off.stop(), on.stop()]);
    }
  },
};
