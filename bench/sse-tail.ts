/**
 * `npx tsx bench/sse-tail.ts [--warm-up N] [--blocks B] [--events E]`: the rare late SSE
 * events, counted over many more events than scenario 5 reads. A fresh engine, nginx, the bare
 * Node TCP relay (the floor any Node process reaches) and a direct connection take turns, one
 * stream of E events (one every 10 ms) each per block, after N warm-up streams of 1,000 events
 * per contender (first one: 300); it prints each path's median, p99, p99.9, worst and how
 * many events came later than 2 and 5 ms.
 * Scenario 5 warms up with 300 events; `--warm-up 4` (~35 s of streaming) shows what is left
 * once V8 has compiled the engine's relay code.
 * The event source runs in this process, pinned to the load core as in `npm run bench`.
 */
import { parseArgs } from 'node:util';
import { positiveIntegers } from './lib/args';
import { buildBundles } from './lib/build';
import { SSE_HOST, withSsePaths } from './lib/sse-paths';
import { percentile } from './lib/stats';
import { LATE_MS, sseRawDelays } from './sse-client';

const { values } = parseArgs({
  options: {
    'warm-up': { type: 'string', default: '1' },
    blocks: { type: 'string', default: '6' },
    events: { type: 'string', default: '1000' },
    'no-build': { type: 'boolean', default: false },
  },
});
const {
  'warm-up': warmUps,
  blocks,
  events,
} = positiveIntegers(
  { 'warm-up': values['warm-up'], blocks: values.blocks, events: values.events },
  { events: 1_500 },
);
if (!values['no-build']) buildBundles();

await withSsePaths('portico-sse-tail-', async (paths) => {
  for (let w = 0; w < warmUps; w++)
    for (const { port } of paths) await sseRawDelays(port, SSE_HOST, w === 0 ? 300 : 1_000);
  const delays = new Map(paths.map(({ name }) => [name, [] as number[]]));
  for (let b = 0; b < blocks; b++)
    for (const { name, port } of paths)
      delays.get(name)?.push(...(await sseRawDelays(port, SSE_HOST, events)));
  console.log(`${warmUps} warm-up stream(s) per path, then ${blocks} × ${events} events each:`);
  for (const [name, all] of delays) {
    const figures = [50, 99, 99.9].map((p) => percentile(all, p).toFixed(3)).join(' / ');
    const over = (ms: number) => all.filter((d) => d > ms).length;
    console.log(
      `  ${name}: ${all.length} events, median / p99 / p99.9 ${figures} ms, worst ${Math.max(...all).toFixed(2)} ms, > 2 ms: ${over(2)}, > ${LATE_MS} ms: ${over(LATE_MS)}`,
    );
  }
});
