/**
 * Scenario 7: the engine's RSS (VmRSS of the `portico serve` process, and of it the private
 * and the file-backed parts) at start, after 100,000 requests (inspector at its default 1,000
 * entries), with 1,000 open WebSockets, and after they close — repeated, to show whether it
 * grows from round to round.
 */
import { startNodeUpstream } from '../lib/node-upstream';
import { HTTP_HOST, startPortico } from '../lib/portico';
import { residentMemory, sleep } from '../lib/proc';
import type { BenchContext, Cell, Scenario, ScenarioResult } from '../lib/scenario';
import { round } from '../lib/stats';
import { runWrk } from '../lib/wrk';
import { closeAll, openMany } from '../ws-client';

const WS_HOST = 'ws.localhost';

export const memory: Scenario = {
  id: 'memory',
  title: '7. Engine memory (RSS) under 100,000 requests and 1,000 WebSockets, repeated',
  async run(ctx: BenchContext): Promise<ScenarioResult> {
    const rounds = ctx.quick ? 2 : 3;
    const requests = ctx.quick ? 30_000 : 100_000;
    const sockets = 1_000;
    const upstream = await startNodeUpstream();
    const portico = await startPortico({
      dir: ctx.dir,
      upstreamPort: ctx.upstream.port,
      waitForTls: false,
      extraDomains: { [WS_HOST]: upstream.port },
    });
    try {
      const rows: Record<string, Cell>[] = [];
      const row = (round_: number | string, moment: string) => {
        const { rss, anon, file } = residentMemory(portico.pid);
        rows.push({
          round: round_,
          moment,
          'RSS MiB': round(rss, 1),
          'of it private MiB': round(anon, 1),
          'of it files MiB': round(file, 1),
        });
        ctx.log(
          `  round ${round_}, ${moment}: ${rss.toFixed(1)} MiB (private ${anon.toFixed(1)}, files ${file.toFixed(1)})`,
        );
      };
      row('–', 'started, 1 request served');
      for (let r = 1; r <= rounds; r++) {
        // wrk runs for its whole duration, so run short rounds until enough requests passed.
        let served = 0;
        while (served < requests) {
          const result = await runWrk({
            url: `http://127.0.0.1:${portico.httpPort}/`,
            connections: 50,
            durationSec: 3,
            headers: { Host: HTTP_HOST },
            scriptDir: ctx.dir,
          });
          if (result.requests === 0) throw new Error('no request completed in 3 s');
          served += result.requests;
        }
        row(r, `after ${served.toLocaleString('en')} more requests`);
        const open = await openMany(portico.httpPort, WS_HOST, sockets);
        await sleep(500);
        row(r, `${sockets.toLocaleString('en')} WebSockets open`);
        await closeAll(open);
        await sleep(2_000);
        row(r, 'WebSockets closed (+2 s)');
        // The idle reclaim needs a whole quiet second after the closes, which can end past +2 s.
        await sleep(3_000);
        row(r, 'WebSockets closed (+5 s)');
      }
      return {
        id: this.id,
        title: this.title,
        columns: ['round', 'moment', 'RSS MiB', 'of it private MiB', 'of it files MiB'],
        rows,
        notes: [
          'Target: ≤ 120 MB after 100,000 requests with the inspector at 1,000 entries, and no growth across rounds.',
          'RSS is read from /proc/<pid>/status; V8 returns memory lazily, so “closed” may stay above the baseline without being a leak — compare rounds.',
          'Private: RssAnon, the engine’s own heap, stacks and allocator arenas. Files: RssFile, the pages of the node binary and its libraries, shared with every process of the same binary (in the desktop app, Electron’s binary, shared with the app’s other processes).',
        ],
      };
    } finally {
      await portico.stop();
      await upstream.close();
    }
  },
};
