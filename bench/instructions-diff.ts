/**
 * `npx tsx bench/instructions-diff.ts [--requests N] [--top K]`: where the inspector's
 * instructions go. Both pipelines run under callgrind with the same fixed load (as scenario 3
 * counts them), and this prints the functions whose self cost per request differs most between
 * inspector on and off: garbage collection, builtins such as Array join, the recorder's own
 * JavaScript. Several minutes: under Valgrind the pipeline runs ~70× slower. V8 logging its
 * generated code (`--perf-basic-prof`, to name it) adds a little work of its own (e.g.
 * `Heap::OnMoveEvent`), so the totals run a few thousand above scenario 3's counts: read the
 * differences.
 */
import { rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { positiveIntegers } from './lib/args';
import { buildBundles } from './lib/build';
import { selfCostByFunction } from './lib/callgrind-functions';
import { countInstructions, valgrindAvailable } from './lib/instructions';
import { LOAD_CORE, PROXY_CORE } from './lib/proc';
import { withUpstream } from './lib/servers';

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '40000' },
    top: { type: 'string', default: '40' },
    'no-build': { type: 'boolean', default: false },
  },
});
const { requests, top } = positiveIntegers({ requests: values.requests, top: values.top });
if (!valgrindAvailable()) {
  console.error('valgrind not found (Debian package valgrind)');
  process.exit(1);
}
if (!values['no-build']) buildBundles();

const maps: string[] = [];
await withUpstream('portico-instructions-', async (dir, upstream) => {
  const count = (inspector: boolean, core: string, loadCore: string) =>
    countInstructions({
      dir,
      upstreamPort: upstream.port,
      inspector,
      warmup: 20_000,
      requests,
      core,
      loadCore,
      nameJitCode: true,
    });
  // Counts do not depend on timing: the two run at once, each on its own core.
  const [off, on] = await Promise.all([
    count(false, PROXY_CORE, LOAD_CORE),
    count(true, LOAD_CORE, PROXY_CORE),
  ]);
  for (const map of [off.perfMap, on.perfMap]) if (map) maps.push(map);
  const offCosts = selfCostByFunction(off.dumpFile, off.perfMap);
  const onCosts = selfCostByFunction(on.dumpFile, on.perfMap);
  const perRequest = (cost: number | undefined) => Math.round((cost ?? 0) / requests);
  const rows = [...new Set([...offCosts.keys(), ...onCosts.keys()])]
    .map((name) => {
      const [offCost, onCost] = [perRequest(offCosts.get(name)), perRequest(onCosts.get(name))];
      return { name, offCost, onCost, delta: onCost - offCost };
    })
    .sort((a, b) => Math.abs(b.delta) - Math.abs(a.delta))
    .slice(0, top);
  console.log(
    `instructions per request: off ${Math.round(off.perRequest)}, on ${Math.round(on.perRequest)}` +
      ` (+${Math.round(on.perRequest - off.perRequest)}); the ${top} functions that differ most (self cost):`,
  );
  console.log('     on−off       off        on  function');
  for (const { name, offCost, onCost, delta } of rows) {
    const cells = [delta, offCost, onCost].map((n) => String(n).padStart(9)).join(' ');
    console.log(`  ${cells}  ${name.slice(0, 140)}`);
  }
}).finally(() => {
  for (const map of maps) rmSync(map, { force: true });
});
