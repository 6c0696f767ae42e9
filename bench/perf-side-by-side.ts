/**
 * `sudo npx tsx bench/perf-side-by-side.ts [--warm-up S] [--seconds S] [--keep-alive]
 * [--engine-node electron|PATH] [--no-build]`: where the whole engine (`portico serve`) spends
 * more CPU a request than its own bare pipeline (bench/proxy-host.ts, inspector on, as the
 * engine has it). Both run on the proxy core at once, each loaded by its own wrk (a new
 * connection per request, as in scenario 2, unless --keep-alive), so a slow second on the
 * machine slows both alike. After the warm-up (long enough for V8's one-time wave of
 * re-optimisation, ~5–15 s into load), `perf record -g` samples both processes, and the
 * samples are put down, per request, to kinds of work, to functions, and for V8's megamorphic
 * inline caches to the JavaScript that ran them (bench/README.md, finding 29). Needs `perf`
 * and the rights to sample other processes (root, or perf_event_paranoid ≤ 1).
 */
import { spawn, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { positiveIntegers } from './lib/args';
import { buildBundles } from './lib/build';
import { loadContender, type Contender, type Load } from './lib/contenders';
import { engineNode, engineNodeVersion, useEngineNode } from './lib/engine-node';
import { httpGet } from './lib/http';
import {
  MEGAMORPHIC,
  callerOf,
  kindOf,
  microsecondsPerRequest,
  parsePerfScript,
  type Sample,
} from './lib/perf-samples';
import { HTTP_HOST, proxyHostArgs, startPortico, waitFor200 } from './lib/portico';
import {
  LOAD_CORE,
  PROXY_CORE,
  freePort,
  have,
  pinSelf,
  spawnPinned,
  waitForPort,
} from './lib/proc';
import { withUpstream, type RunningServer } from './lib/servers';
import type { BenchContext } from './lib/scenario';

const { values } = parseArgs({
  options: {
    'warm-up': { type: 'string', default: '25' },
    seconds: { type: 'string', default: '12' },
    'keep-alive': { type: 'boolean', default: false },
    'engine-node': { type: 'string' },
    'no-build': { type: 'boolean', default: false },
  },
});
const { warmUp, seconds } = positiveIntegers({
  warmUp: values['warm-up'],
  seconds: values.seconds,
});
if (!have('perf')) {
  console.error('perf-side-by-side: needs `perf` (Debian: apt-get install linux-perf).');
  process.exit(2);
}
if (values['engine-node'] !== undefined) useEngineNode(values['engine-node']);
if (!values['no-build']) buildBundles();
pinSelf(LOAD_CORE);

const HZ = 1999;
/** Names V8's generated code in perf's samples (`/tmp/perf-PID.map`). */
const PERF_MAP = '--perf-basic-prof';
/** The pids whose perf maps to remove at the end. */
const started: number[] = [];
const load: Load = values['keep-alive']
  ? { connections: 50 }
  : { connections: 10, headers: { Connection: 'close' } };

await withUpstream('portico-perf-', async (dir, upstream) => {
  try {
    await sampleBoth(dir, upstream);
  } finally {
    // V8 writes the names of its code next to every run; they are of no use once it ends.
    for (const pid of started) rmSync(`/tmp/perf-${pid}.map`, { force: true });
  }
});

async function sampleBoth(dir: string, upstream: RunningServer): Promise<void> {
  const portico = await startPortico({
    dir,
    upstreamPort: upstream.port,
    waitForTls: false,
    nodeFlags: [PERF_MAP],
  });
  const hostPort = await freePort();
  const host = spawnPinned(PROXY_CORE, engineNode(), [
    PERF_MAP,
    ...proxyHostArgs(upstream.port, hostPort, { inspector: true }),
  ]);
  started.push(portico.pid, host.child.pid ?? 0);
  await waitForPort(hostPort, 10_000, host);
  await waitFor200(() => httpGet(hostPort, HTTP_HOST, '/'), 10_000, host);
  const pair: [Contender, Contender] = [
    {
      name: 'engine',
      url: `http://127.0.0.1:${portico.httpPort}/`,
      headers: { Host: HTTP_HOST },
      pid: portico.pid,
    },
    {
      name: 'pipeline',
      url: `http://127.0.0.1:${hostPort}/`,
      headers: { Host: HTTP_HOST },
      pid: host.child.pid ?? 0,
    },
  ];
  const ctx: BenchContext = {
    dir,
    durationSec: seconds,
    runs: 1,
    quick: false,
    upstream,
    log: (line) => console.log(line),
  };
  console.log(`Node ${engineNodeVersion()}; warm-up ${warmUp} s, then ${seconds} s sampled`);
  await Promise.all(pair.map((c) => loadContender(ctx, c, load, warmUp)));

  const data = path.join(dir, 'perf.data');
  const perf = spawn(
    'perf',
    ['record', '-g', '-F', String(HZ), '-o', data, '-p', pair.map((c) => c.pid).join(',')],
    { stdio: 'ignore' },
  );
  const results = await Promise.all(pair.map((c) => loadContender(ctx, c, load, seconds)));
  perf.kill('SIGINT');
  await new Promise((resolve) => perf.once('exit', resolve));
  const script = spawnSync('perf', ['script', '-i', data, '-F', 'comm,pid,tid,ip,sym,dso'], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  if (script.status !== 0) throw new Error(`perf script failed: ${script.stderr}`);
  const samples = parsePerfScript(script.stdout);

  const requests = results.map((r) => r.requests);
  console.log(
    `requests sampled: engine ${requests[0]}, pipeline ${requests[1]}; ${samples.length} samples\n`,
  );
  const per = (key: (s: Sample) => string | null) =>
    pair.map((c, i) => microsecondsPerRequest(samples, c.pid ?? 0, requests[i] ?? 1, HZ, key));
  printTable('CPU µs a request, by kind of work', per(kindOf), 20);
  printTable('By function (innermost frame), largest differences', per(leafName), 25);
  printTable(
    'Megamorphic inline caches, by the JavaScript that ran them',
    per((s) => (s.frames[0] && MEGAMORPHIC.test(s.frames[0].symbol) ? callerOf(s) : null)),
    15,
  );
}

/** A frame's function, the same in both processes (JavaScript without its bundle's path). */
function leafName(sample: Sample): string {
  const leaf = sample.frames[0];
  if (!leaf) return '?';
  return leaf.symbol.startsWith('JS:') ? `JS ${callerOf(sample)}` : leaf.symbol;
}

function printTable(title: string, [engine, pipeline]: Map<string, number>[], top: number): void {
  const e = engine as Map<string, number>;
  const p = pipeline as Map<string, number>;
  const keys = [...new Set([...e.keys(), ...p.keys()])];
  const diff = (k: string) => (e.get(k) ?? 0) - (p.get(k) ?? 0);
  const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
  console.log(`${title}:  engine ${sum(e).toFixed(1)}, pipeline ${sum(p).toFixed(1)}`);
  console.log('   engine  pipeline  difference');
  for (const k of keys.sort((a, b) => Math.abs(diff(b)) - Math.abs(diff(a))).slice(0, top)) {
    const cells = [e.get(k) ?? 0, p.get(k) ?? 0].map((v) => v.toFixed(2).padStart(9));
    console.log(`${cells.join(' ')} ${diff(k).toFixed(2).padStart(11)}  ${k.slice(0, 100)}`);
  }
  console.log('');
}
