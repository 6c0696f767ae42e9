/**
 * Scenario 3: what the inspector costs. The bare pipeline (bundled, same as the engine's)
 * with the recorder on (headers only, 1,000 entries) and off, keep-alive at 50 connections.
 */
import { measureAll, type Contender } from '../lib/contenders';
import { HTTP_HOST, startProxyHost } from '../lib/portico';
import type { BenchContext, Scenario, ScenarioResult } from '../lib/scenario';
import { round } from '../lib/stats';

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
      const base = measured[0]?.rps ?? Number.NaN;
      const baseCpu = measured[0]?.cpuUsPerRequest ?? null;
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
        rows: measured.map((m) => ({
          pipeline: m.name,
          'req/s': Math.round(m.rps),
          'p50 ms': round(m.p50, 3),
          'p99 ms': round(m.p99, 3),
          'throughput cost': `${round((1 - m.rps / base) * 100, 1)}%`,
          'CPU µs/req': round(m.cpuUsPerRequest, 1),
          'CPU cost':
            m.cpuUsPerRequest === null || baseCpu === null
              ? null
              : `${round((m.cpuUsPerRequest / baseCpu - 1) * 100, 1)}%`,
        })),
        notes: [
          'Target: inspector on costs ≤ 10% throughput.',
          'CPU cost: extra CPU time per request with the recorder on — the same cost measured as work instead of wall-clock rate, which a busy neighbour on a shared machine disturbs far less.',
        ],
        raw: measured,
      };
    } finally {
      await Promise.all([off.stop(), on.stop()]);
    }
  },
};
