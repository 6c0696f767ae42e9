/**
 * `sudo npx tsx bench/perf-side-by-side.ts [--warm-up S] [--seconds S] [--keep-alive]
 * [--engine-node electron|PATH] [--no-build]` (defaults: 25 s, 12 s): where the whole engine
 * (`portico serve`) spends more CPU a request than its own bare pipeline (bench/proxy-host.ts, inspector on, as the
 * engine has it). Both run on the proxy core at once, each loaded by its own wrk (a new
 * connection per request, as in scenario 2, unless --keep-alive), so a slow second on the
 * machine slows both alike. After the warm-up (long enough for V8's one-time wave of
 * re-optimisation, ~5–15 s into load), `perf record -g` samples both processes, and the
 * samples are put down, per request, to kinds of work, to functions, and for V8's megamorphic
 * inline caches to the JavaScript that ran them (bench/README.md, finding 29). The CPU a request
 * from /proc over the same window is printed beside them. Needs `perf` and the rights to sample
 * other processes (root, or perf_event_paranoid ≤ 1).
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { positiveIntegers } from './lib/args';
import { buildBundles } from './lib/build';
import { measureTogether, type Contender, type Load } from './lib/contenders';
import { engineNodeVersion, useEngineNode } from './lib/engine-node';
import {
  MEGAMORPHIC_KIND,
  callerOf,
  kindOf,
  microsecondsPerRequest,
  parsePerfScript,
  type Sample,
} from './lib/perf-samples';
import { HTTP_HOST, startPortico, startProxyHost } from './lib/portico';
import { LOAD_CORE, have, pinSelf, sleep, spawnPinned, stopChild } from './lib/proc';
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
/** Time for perf to attach to both processes before their load starts. */
const ATTACH_MS = 300;
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
  started.push(portico.pid);
  // In the temp dir: with --perf-basic-prof V8 also writes an isolate-*.log where it runs.
  const host = await startProxyHost(upstream.port, {
    inspector: true,
    nodeFlags: [PERF_MAP],
    cwd: dir,
  });
  const hostPid = host.pid;
  started.push(hostPid);
  const pair: [Contender, Contender] = [
    {
      name: 'engine',
      url: `http://127.0.0.1:${portico.httpPort}/`,
      headers: { Host: HTTP_HOST },
      pid: portico.pid,
    },
    {
      name: 'pipeline',
      url: `http://127.0.0.1:${host.port}/`,
      headers: { Host: HTTP_HOST },
      pid: hostPid,
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
  await measureTogether({ ...ctx, durationSec: warmUp }, pair, load);

  const data = path.join(dir, 'perf.data');
  const perf = spawnPinned(LOAD_CORE, 'perf', [
    'record',
    '-g',
    '-F',
    String(HZ),
    '-o',
    data,
    '-p',
    `${portico.pid},${hostPid}`,
  ]);
  await sleep(ATTACH_MS);
  const [engineRun, hostRun] = await measureTogether(ctx, pair, load);
  await stopChild(perf.child, 'SIGINT');
  if (!engineRun || !hostRun) throw new Error('no measurement');
  const script = spawnSync('perf', ['script', '-i', data, '-F', 'comm,pid,tid,ip,sym,dso'], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  if (script.status !== 0) throw new Error(`perf failed: ${perf.output()}\n${script.stderr}`);
  const samples = parsePerfScript(script.stdout);

  const runs = [engineRun, hostRun] as const;
  console.log(
    `\n${samples.length} samples over ${engineRun.requests} and ${hostRun.requests} requests. ` +
      `CPU a request from /proc (sampling included): engine ${engineRun.cpuUsPerRequest?.toFixed(1)} µs, ` +
      `pipeline ${hostRun.cpuUsPerRequest?.toFixed(1)} µs. Sampling at ${HZ} Hz with call chains ` +
      'costs both a share of their CPU; read the differences, not the totals.\n',
  );
  const per = (key: (s: Sample) => string | null): [Map<string, number>, Map<string, number>] => [
    microsecondsPerRequest(samples, portico.pid, runs[0].requests, HZ, key),
    microsecondsPerRequest(samples, hostPid, runs[1].requests, HZ, key),
  ];
  printTable('CPU µs a request, by kind of work', per(kindOf), 20);
  printTable('By function (innermost frame), largest differences', per(leafName), 25);
  printTable(
    'Megamorphic inline caches, by the JavaScript that ran them',
    per((s) => (kindOf(s) === MEGAMORPHIC_KIND ? callerOf(s) : null)),
    15,
  );
}

/** A frame's function, the same in both processes (JavaScript without its bundle's path). */
function leafName(sample: Sample): string {
  const leaf = sample.frames[0];
  if (!leaf) return '?';
  return leaf.symbol.startsWith('JS:') ? `JS ${callerOf(sample)}` : leaf.symbol;
}

function printTable(
  title: string,
  [engine, pipeline]: [Map<string, number>, Map<string, number>],
  top: number,
): void {
  const keys = [...new Set([...engine.keys(), ...pipeline.keys()])];
  const diff = (k: string) => (engine.get(k) ?? 0) - (pipeline.get(k) ?? 0);
  const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
  console.log(`${title}:  engine ${sum(engine).toFixed(1)}, pipeline ${sum(pipeline).toFixed(1)}`);
  console.log('   engine  pipeline  difference');
  for (const k of keys.sort((a, b) => Math.abs(diff(b)) - Math.abs(diff(a))).slice(0, top)) {
    const cells = [engine.get(k) ?? 0, pipeline.get(k) ?? 0].map((v) => v.toFixed(2).padStart(9));
    console.log(`${cells.join(' ')} ${diff(k).toFixed(2).padStart(11)}  ${k.slice(0, 100)}`);
  }
  console.log('');
}
