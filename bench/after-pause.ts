/**
 * `npx tsx bench/after-pause.ts [--cycles N] [--engine-node electron|PATH] [--no-build]`: what a
 * page load costs once the engine has been quiet (bench/README.md, finding 27). Each cycle
 * loads Portico for 6 s with a new connection per request (its heap grows, as in a busy
 * spell), pauses, then times three bursts of 500 keep-alive GETs over 6 connections, as a
 * browser loads a page. Cycles alternate a pause of 4 s, long enough for the idle memory
 * reclaim (electron/engine/idle-memory-reclaim.ts) to run, and of 0.5 s, too short for it; RSS
 * is read before and after each pause. The first cycle of each kind warms V8 up and is not
 * counted. Several minutes.
 */
import { parseArgs } from 'node:util';
import { positiveIntegers } from './lib/args';
import { buildBundles } from './lib/build';
import { engineNodeVersion, useEngineNode } from './lib/engine-node';
import { runFixedLoad } from './lib/fixed-load';
import { HTTP_HOST, startPortico } from './lib/portico';
import { LOAD_CORE, pinSelf, residentMemory, sleep } from './lib/proc';
import { withUpstream } from './lib/servers';
import { median } from './lib/stats';
import { runWrk } from './lib/wrk';

const { values } = parseArgs({
  options: {
    cycles: { type: 'string', default: '5' },
    'engine-node': { type: 'string' },
    'no-build': { type: 'boolean', default: false },
  },
});
const { cycles } = positiveIntegers({ cycles: values.cycles });
if (values['engine-node'] !== undefined) useEngineNode(values['engine-node']);
if (!values['no-build']) buildBundles();
// The clients run on the load core, as in `npm run bench`.
pinSelf(LOAD_CORE);

const PAUSES_MS = [4_000, 500];
const BURSTS = 3;
const BURST_REQUESTS = 500;
/** A browser opens about six connections to one host. */
const BURST_CONNECTIONS = 6;

await withUpstream('portico-after-pause-', async (dir, upstream) => {
  const portico = await startPortico({ dir, upstreamPort: upstream.port, waitForTls: false });
  try {
    console.log(`Portico on Node ${engineNodeVersion()}; ${cycles} cycles per pause`);
    const burstMs = new Map(PAUSES_MS.map((pause) => [pause, [] as number[][]]));
    for (let cycle = 0; cycle <= cycles; cycle++) {
      for (const pause of PAUSES_MS) {
        await runWrk({
          url: `http://127.0.0.1:${portico.httpPort}/`,
          connections: 10,
          durationSec: 6,
          headers: { Host: HTTP_HOST, Connection: 'close' },
          scriptDir: dir,
        });
        const before = residentMemory(portico.pid).rss;
        await sleep(pause);
        const after = residentMemory(portico.pid).rss;
        const times: number[] = [];
        for (let b = 0; b < BURSTS; b++) {
          const run = await runFixedLoad(
            LOAD_CORE,
            portico.httpPort,
            BURST_REQUESTS,
            BURST_CONNECTIONS,
          );
          times.push(run.seconds * 1000);
        }
        const label = cycle === 0 ? 'warm-up' : `cycle ${cycle}`;
        console.log(
          `${label}, pause ${pause} ms: RSS ${before.toFixed(1)} → ${after.toFixed(1)} MiB; bursts ${times.map((t) => t.toFixed(0)).join(', ')} ms`,
        );
        if (cycle > 0) burstMs.get(pause)?.push(times);
      }
    }
    for (const [pause, runs] of burstMs) {
      const nth = (i: number) => median(runs.map((times) => times[i] as number)).toFixed(0);
      console.log(
        `pause ${pause} ms: median of bursts 1–${BURSTS}: ${Array.from({ length: BURSTS }, (_, i) => nth(i)).join(', ')} ms`,
      );
    }
  } finally {
    await portico.stop();
  }
});
