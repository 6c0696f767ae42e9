/**
 * Scenario 3: what the inspector costs. The bare pipeline (bundled, same as the engine's)
 * with the recorder on (headers only, 1,000 entries) and off, keep-alive at 50 connections,
 * over HTTP and over HTTPS (how a browser reaches a dev domain through Portico), and the HTTP
 * pair again side by side on one core (bench/lib/side-by-side.ts), which the drift between
 * rounds cannot reach; the HTTP pipelines' instructions per request under Valgrind
 * (bench/lib/instructions.ts);
 * and the recorder alone in one process (bench/recorder-cost.ts). The last two are what the
 * machine's drift cannot blur the way it blurs a few percent between two proxies.
 */
import {
  CPU,
  measureAll,
  ratioIntervalTo,
  ratioTo,
  RPS,
  tlsHostsFile,
  type Contender,
  type Measured,
} from '../lib/contenders';
import { PAIRED_NOTE } from './throughput';
import {
  HTTP_HOST,
  TLS_HOST,
  issueHostCertificate,
  startProxyHost,
  type RunningHost,
} from '../lib/portico';
import {
  roundsAtLeast,
  type BenchContext,
  type Cell,
  type Scenario,
  type ScenarioResult,
} from '../lib/scenario';
import { round, median } from '../lib/stats';
import { RECORDER_COST_BUNDLE } from '../lib/build';
import { ENGINE_NODE_FLAGS } from '../../shared/engine-node-flags.mjs';
import { engineNode } from '../lib/engine-node';
import { LOAD_CORE, PROXY_CORE, runNodeForJson } from '../lib/proc';
import { countInstructions, valgrindAvailable, type InstructionCount } from '../lib/instructions';
import { measureSideBySide } from '../lib/side-by-side';
import { formatSyscalls, straceAvailable, syscallsPerRequest } from '../lib/syscalls';

const COST_RUNS = 3;
/** Requests before counting (V8 has optimised the pipeline by then) and counted. */
const COUNT_WARMUP = 20_000;
const COUNTED = 60_000;
/** Requests whose system calls are counted, per pipeline. */
const SYSCALL_REQUESTS = 20_000;
/** The third pipeline's inspector capacity (the others: the default, 1,000). */
const SMALL_CAPACITY = 100;
/**
 * Rounds at least (each measures the three pipelines back to back): the cost is a few percent,
 * and single rounds on a shared machine move by more than that. Fifteen give a 95% interval for
 * the median that leaves out the three most extreme rounds on each side (stats.medianInterval).
 */
const MIN_ROUNDS = 15;
const HTTP_OFF = 'inspector off';
const HTTPS_OFF = 'inspector off, HTTPS';

/** A pipeline of the scenario, and the one its cost is measured against. */
interface Pipeline {
  name: string;
  inspector: boolean;
  capacity?: number;
  tls: boolean;
  baseline: string;
  /** Which instruction count its row shows (Valgrind counts the HTTP off and on pipelines). */
  counted?: 'off' | 'on';
}

/**
 * Off, on, and on keeping a tenth as many (what the kept records cost, as against recording);
 * then the same pair over HTTPS, how a browser reaches a dev domain through Portico. One
 * process each, so no row warms another's code or caches.
 */
const PIPELINES: readonly Pipeline[] = [
  { name: HTTP_OFF, inspector: false, tls: false, baseline: HTTP_OFF, counted: 'off' },
  { name: 'inspector on', inspector: true, tls: false, baseline: HTTP_OFF, counted: 'on' },
  {
    name: `inspector on, ${SMALL_CAPACITY} entries`,
    inspector: true,
    capacity: SMALL_CAPACITY,
    tls: false,
    baseline: HTTP_OFF,
  },
  { name: HTTPS_OFF, inspector: false, tls: true, baseline: HTTPS_OFF },
  { name: 'inspector on, HTTPS', inspector: true, tls: true, baseline: HTTPS_OFF },
];

/** wrk's way to a pipeline's host. */
function contender(pipeline: Pipeline, host: RunningHost, hostsFile: string): Contender {
  return pipeline.tls
    ? {
        name: pipeline.name,
        url: `https://${TLS_HOST}:${host.httpsPort}/`,
        headers: {},
        hostsFile,
        pid: host.pid,
      }
    : {
        name: pipeline.name,
        url: `http://127.0.0.1:${host.port}/`,
        headers: { Host: HTTP_HOST },
        pid: host.pid,
      };
}

/** ns the recorder adds per exchange, from recorder-cost.mjs (median of a few processes). */
async function recorderNs(): Promise<number[]> {
  const figures: number[] = [];
  for (let i = 0; i < COST_RUNS; i++) {
    const { nsPerExchange } = await runNodeForJson<{ nsPerExchange: number }>(
      PROXY_CORE,
      [...ENGINE_NODE_FLAGS, RECORDER_COST_BUNDLE],
      'recorder-cost',
      engineNode(),
    );
    figures.push(nsPerExchange);
  }
  return figures;
}

/**
 * Instructions per request of both pipelines, each under Valgrind on its own core (counts do
 * not depend on timing, so the two may run at once). Null with --quick or without Valgrind.
 */
async function instructionCounts(
  ctx: BenchContext,
): Promise<{ off: InstructionCount; on: InstructionCount } | null> {
  if (ctx.quick) return null;
  if (!valgrindAvailable()) {
    ctx.log('  Valgrind not found (Debian package valgrind): instruction counts skipped');
    return null;
  }
  ctx.log(`  counting instructions under Valgrind (${COUNT_WARMUP} + ${COUNTED} requests each)…`);
  const count = (inspector: boolean, core: string, loadCore: string) =>
    countInstructions({
      dir: ctx.dir,
      upstreamPort: ctx.upstream.port,
      inspector,
      warmup: COUNT_WARMUP,
      requests: COUNTED,
      core,
      loadCore,
    });
  const [off, on] = await Promise.all([
    count(false, PROXY_CORE, LOAD_CORE),
    count(true, LOAD_CORE, PROXY_CORE),
  ]);
  ctx.log(
    `  instructions per request: off ${Math.round(off.perRequest)}, on ${Math.round(on.perRequest)}`,
  );
  return { off, on };
}

/**
 * System calls per request of both pipelines (strace), the kernel's side of the work the
 * instruction counts leave out. Null with --quick, without strace, or when it fails.
 */
async function systemCalls(ctx: BenchContext): Promise<{ off: string; on: string } | null> {
  if (ctx.quick) return null;
  if (!straceAvailable()) {
    ctx.log('  strace not found (Debian package strace): system calls not counted');
    return null;
  }
  try {
    const count = async (inspector: boolean) =>
      formatSyscalls(
        await syscallsPerRequest(ctx.dir, ctx.upstream.port, inspector, SYSCALL_REQUESTS),
      );
    const result = { off: await count(false), on: await count(true) };
    ctx.log(`  system calls per request: off ${result.off}; on ${result.on}`);
    return result;
  } catch (error) {
    ctx.log(`  system calls not counted: ${(error as Error).message}`);
    return null;
  }
}

export const inspector: Scenario = {
  id: 'inspector',
  title:
    '3. Inspector on (headers only, 1,000 entries) vs off, 50 keep-alive connections, HTTP and HTTPS',
  async run(ctx: BenchContext): Promise<ScenarioResult> {
    const certificate = issueHostCertificate(ctx.dir);
    const hostsFile = tlsHostsFile(ctx.dir);
    const hosts: RunningHost[] = [];
    try {
      const list: Contender[] = [];
      for (const pipeline of PIPELINES) {
        const { inspector, capacity } = pipeline;
        const host = await startProxyHost(ctx.upstream.port, {
          inspector,
          capacity,
          certificate: pipeline.tls ? certificate : undefined,
        });
        hosts.push(host);
        list.push(contender(pipeline, host, hostsFile));
      }
      const rounds = roundsAtLeast(ctx, MIN_ROUNDS);
      const measured = await measureAll({ ...ctx, runs: rounds }, list, { connections: 50 });
      const sideBySide = await offAndOnSideBySide({ ...ctx, runs: rounds }, list);
      const instructions = await instructionCounts(ctx);
      const syscalls = await systemCalls(ctx);
      const alone = await recorderNs();
      const aloneUs = median(alone) / 1000;
      ctx.log(`  recorder alone: ${aloneUs.toFixed(2)} µs per exchange`);
      const base = measured[0];
      const rows: Row[] = measured.map((m, i) => ({
        m,
        reference: measured.find((other) => other.name === PIPELINES[i]?.baseline),
        counted: PIPELINES[i]?.counted ?? null,
      }));
      const [offBeside, onBeside] = sideBySide;
      rows.push({ m: offBeside, reference: offBeside, counted: null });
      rows.push({ m: onBeside, reference: offBeside, counted: null });
      const percent = (value: number | null) =>
        value === null ? null : `${round(value * 100, 1)}%`;
      /** The throughput cost's 95% interval over the rounds, as "low–high%". */
      const costInterval = (m: Measured, reference: Measured | undefined): string | null => {
        if (m === reference || !reference) return null;
        const interval = ratioIntervalTo(m, reference, RPS);
        if (!interval) return null;
        return `${round((1 - interval.high) * 100, 1)}–${round((1 - interval.low) * 100, 1)}%`;
      };
      const slower = (m: Measured, reference: Measured | undefined) => {
        const r = ratioTo(m, reference, RPS);
        return r === null ? null : 1 - r;
      };
      const moreCpu = (m: Measured, reference: Measured | undefined) => {
        const r = ratioTo(m, reference, CPU);
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
          '95% interval',
          'CPU µs/req',
          'of it kernel',
          'CPU cost',
          'instructions/req',
          'instruction cost',
        ],
        rows: rows
          .map(({ m, reference, counted }): Record<string, Cell> => ({
            pipeline: m.name,
            'req/s': Math.round(m.rps),
            'p50 ms': round(m.p50, 3),
            'p99 ms': round(m.p99, 3),
            'throughput cost': percent(slower(m, reference)),
            '95% interval': costInterval(m, reference),
            'CPU µs/req': round(m.cpuUsPerRequest, 1),
            'of it kernel': round(m.systemUsPerRequest, 1),
            'CPU cost': percent(moreCpu(m, reference)),
            ...instructionCells(instructions, counted),
          }))
          .concat({
            pipeline: 'the recorder alone, in one process',
            'req/s': null,
            'p50 ms': null,
            'p99 ms': null,
            'throughput cost': null,
            '95% interval': null,
            'CPU µs/req': round(aloneUs, 2),
            'CPU cost':
              base?.cpuUsPerRequest == null ? null : percent(aloneUs / base.cpuUsPerRequest),
            'of it kernel': null,
            'instructions/req': null,
            'instruction cost': null,
          }),
        notes: [
          'Target: inspector on costs ≤ 10% throughput. Each HTTPS row is measured against the HTTPS pipeline with the inspector off, each HTTP row against the HTTP one.',
          `Rounds: ${rounds} (at least ${MIN_ROUNDS} without --quick). 95% interval: where the median throughput cost over such rounds lies, with 95% confidence and no assumption about how the rounds scatter: the k-th lowest to the k-th highest paired round (the sign test's interval for a median). The target is met with that confidence when the interval's upper end is at most 10%.`,
          'CPU cost: extra CPU time per request with the recorder on — the same cost measured as work instead of wall-clock rate, which a busy neighbour on a shared machine disturbs far less.',
          PAIRED_NOTE,
          `Side by side: the HTTP pipelines off and on once more, ${rounds} rounds in which both are loaded at the same time on the proxy core, each by its own wrk (bench/lib/side-by-side.ts), so each gets half of the core and the machine's drift hits both alike. Their ratio is the cost without the drift between rounds taken in turn; each one's req/s is half of the core's.`,
          instructionsNote(instructions, syscalls),
          `The recorder alone: the hooks of ${COST_RUNS}× 2,000,000 keep-alive GET exchanges into a store of 1,000, garbage collection included, minus the same loop without recording (bench/recorder-cost.ts; median µs per exchange; its CPU cost is relative to the pipeline's CPU per request with the inspector off). What it leaves out: the extra garbage collection its kept records cause in the rest of the pipeline.`,
        ],
        raw: { measured, sideBySide, recorderAloneNs: alone, instructions, syscalls },
      };
    } finally {
      await Promise.all(hosts.map((host) => host.stop()));
    }
  },
};

/** A row of the table: a pipeline's figures, the pipeline its cost is measured against. */
interface Row {
  m: Measured;
  reference: Measured | undefined;
  /** Which instruction count it shows, if any. */
  counted: 'off' | 'on' | null;
}

/** The HTTP pipelines off and on (the list's first two) measured at the same time. */
function offAndOnSideBySide(
  ctx: BenchContext,
  list: readonly Contender[],
): Promise<[Measured, Measured]> {
  const [off, on] = list as [Contender, Contender];
  return measureSideBySide(
    ctx,
    [
      { ...off, name: `${off.name}, side by side` },
      { ...on, name: `${on.name}, side by side` },
    ],
    { connections: 50 },
  );
}

type Counts = { off: InstructionCount; on: InstructionCount } | null;

function instructionCells(counts: Counts, which: 'off' | 'on' | null): Record<string, Cell> {
  if (!counts || which === null) return { 'instructions/req': null, 'instruction cost': null };
  const own = counts[which].perRequest;
  return {
    'instructions/req': Math.round(own),
    'instruction cost':
      which === 'off' ? null : `${round((own / counts.off.perRequest - 1) * 100, 1)}%`,
  };
}

function instructionsNote(counts: Counts, syscalls: { off: string; on: string } | null): string {
  const calls = syscalls
    ? `off ${syscalls.off}; on ${syscalls.on}`
    : 'not counted in this run; npx tsx bench/syscalls.ts';
  const counted = counts
    ? `each pipeline under Valgrind (callgrind), ${COUNT_WARMUP.toLocaleString('en')} requests to warm up, then ${COUNTED.toLocaleString('en')} counted (50 keep-alive connections, bench/fixed-load.mjs); the engine's main thread (event loop and garbage collection; V8 compiles on other threads). They do not drift with the machine.`
    : 'not counted (--quick, or Valgrind missing).';
  return `Instructions: ${counted} They understate the time the recorder costs: the same system calls per request with it on and off (strace -c: ${calls}) take more kernel time with it on (column "of it kernel"), and in a CPU profile (bench/profile.ts) most of the pipeline's functions take a little longer too. Callgrind's cache simulation counts ~10% more instruction-cache misses per request with the recorder on, spread over its own functions, pipeline functions that no longer inline their callees, and builtins only it uses (bench/README.md, findings 13 and 14). The third row shows how much of the cost is keeping 1,000 records rather than recording.`;
}
