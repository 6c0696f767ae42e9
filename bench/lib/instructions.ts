/**
 * Work per request counted in instructions instead of time: the bare pipeline host runs
 * under Valgrind's callgrind, an exact number of keep-alive GETs goes through it
 * (bench/fixed-load.mjs), and the instructions its main thread executed for them are read
 * from callgrind's dump. The count does not drift with the machine the way time does (this
 * VM's speed moves ±20–40% within minutes), so it resolves a few percent between two
 * pipelines. What it leaves out: the kernel's work (system calls, the loopback network),
 * which is about a third of the pipeline's CPU time, and what an instruction costs (cache
 * misses, branch mispredictions).
 */
import { existsSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { engineNode } from './engine-node';
import { runFixedLoad } from './fixed-load';
import { proxyHostArgs } from './portico';
import { freePort, have, sleep, spawnPinned, waitForPort } from './proc';

export interface InstructionCount {
  inspector: boolean;
  /** Requests before counting: until then V8 is still optimising the pipeline's code. */
  warmup: number;
  requests: number;
  /** Instructions of the engine's main thread (event loop and garbage collection) per request. */
  perRequest: number;
  /** The main thread's callgrind dump of the counted requests. */
  dumpFile: string;
  /** V8's map of its generated code (`--perf-basic-prof`), when asked for. */
  perfMap: string | null;
}

export function valgrindAvailable(): boolean {
  return have('valgrind') && have('callgrind_control');
}

function callgrindControl(pid: number, command: '--zero' | '--dump'): void {
  const result = spawnSync('callgrind_control', [command, String(pid)], { encoding: 'utf8' });
  if (result.status !== 0)
    throw new Error(`callgrind_control ${command} failed: ${result.stderr || result.stdout}`);
}

/** The "summary:" total of a callgrind dump, once the file is complete (bounded wait). */
async function dumpTotal(file: string): Promise<number> {
  for (let i = 0; i < 600; i++) {
    if (existsSync(file)) {
      const match = /^(?:summary|totals): (\d+)/m.exec(readFileSync(file, 'utf8'));
      if (match) return Number(match[1]);
    }
    await sleep(100);
  }
  throw new Error(`no callgrind dump in ${file}`);
}

/**
 * Counts the instructions per request of the pipeline host with the inspector on or off.
 * `core`: where the host runs; its load runs on `loadCore`. Several minutes: under Valgrind
 * the host runs ~70× slower.
 */
export async function countInstructions(options: {
  dir: string;
  upstreamPort: number;
  inspector: boolean;
  warmup: number;
  requests: number;
  core: string;
  loadCore: string;
  /** Have V8 write /tmp/perf-PID.map, which names its generated code (bench/instructions-diff.ts). */
  nameJitCode?: boolean;
}): Promise<InstructionCount> {
  const port = await freePort();
  const outFile = path.join(options.dir, `callgrind.${options.inspector ? 'on' : 'off'}.${port}`);
  const host = spawnPinned(
    options.core,
    'valgrind',
    [
      '--tool=callgrind',
      // One dump per thread: V8 compiles on worker threads; the main thread is the proxy's work
      // (and, with --single-threaded-gc below, all of the collector's, so that it is counted).
      '--separate-threads=yes',
      // V8 writes and patches machine code; Valgrind must notice.
      '--smc-check=all-non-file',
      '--dump-instr=no',
      `--callgrind-out-file=${outFile}`,
      engineNode(),
      '--single-threaded-gc',
      ...(options.nameJitCode ? ['--perf-basic-prof'] : []),
      ...proxyHostArgs(options.upstreamPort, port, { inspector: options.inspector }),
    ],
    // In the temp dir: with --perf-basic-prof V8 also writes an isolate-*.log where it runs.
    { cwd: options.dir },
  );
  try {
    await waitForPort(port, 120_000, host);
    const pid = host.child.pid ?? 0;
    await runFixedLoad(options.loadCore, port, options.warmup);
    callgrindControl(pid, '--zero');
    await runFixedLoad(options.loadCore, port, options.requests);
    callgrindControl(pid, '--dump');
    // Dump 1, thread 01: the main thread.
    const dumpFile = `${outFile}.1-01`;
    const total = await dumpTotal(dumpFile);
    return {
      inspector: options.inspector,
      warmup: options.warmup,
      requests: options.requests,
      perRequest: total / options.requests,
      dumpFile,
      perfMap: options.nameJitCode ? `/tmp/perf-${pid}.map` : null,
    };
  } finally {
    await host.stop();
  }
}
