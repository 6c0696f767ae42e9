/**
 * CPU samples from `perf script -F comm,pid,tid,ip,sym,dso` (a `perf record -g` of Node
 * processes started with `--perf-basic-prof`, so that V8's generated code has names), put in
 * kinds of work and turned into CPU time per request. Sampling sees what a V8 CPU profile does
 * not: the kernel, V8's helper threads, and the inline-cache builtins that a profile folds into
 * the JavaScript function that called them (bench/README.md, finding 29).
 */

export interface Frame {
  symbol: string;
  /** The file the code lies in: `[kernel.kallsyms]`, the node binary, `/tmp/perf-PID.map`… */
  dso: string;
}

export interface Sample {
  pid: number;
  /** The thread's name: `MainThread` for the event loop, `V8Worker` for V8's helpers. */
  thread: string;
  /** Innermost first. */
  frames: Frame[];
}

const HEADER = /^(\S.*?)\s+(\d+)\/(\d+)\s*$/;
const FRAME = /^\s+[0-9a-f]+ (.*) \((.*)\)$/;

/** The samples of a `perf script` text, one per blank-line-separated block. */
export function parsePerfScript(text: string): Sample[] {
  const samples: Sample[] = [];
  let current: Sample | null = null;
  for (const line of text.split('\n')) {
    const header = HEADER.exec(line);
    if (header) {
      current = { thread: header[1] as string, pid: Number(header[2]), frames: [] };
      samples.push(current);
      continue;
    }
    const frame = FRAME.exec(line);
    if (frame && current)
      current.frames.push({ symbol: frame[1] as string, dso: frame[2] as string });
  }
  return samples;
}

/** V8's inline caches that found no shape they know: a lookup in the shared stub cache. */
export const MEGAMORPHIC = /^Builtins_\w*IC\w*Megamorphic$|^Builtins_CloneObjectIC_Slow$/;

const GC =
  /Scaveng|MarkCompact|Sweeper|ConcurrentMarking|Marking|Evacuat|RememberedSet|SlotSet|Heap::|NewSpace|PagedSpace/;

/** The kind of work a sample's innermost frame was doing. */
export function kindOf(sample: Sample): string {
  if (sample.thread !== 'MainThread') return "V8's helper threads";
  const leaf = sample.frames[0];
  if (!leaf) return 'unknown';
  if (leaf.dso.includes('kernel')) return 'kernel';
  if (leaf.symbol.startsWith('JS:')) return 'JavaScript';
  if (GC.test(leaf.symbol)) return 'garbage collector';
  if (MEGAMORPHIC.test(leaf.symbol)) return 'megamorphic inline caches';
  if (/^Builtins_\w*IC/.test(leaf.symbol)) return 'other inline caches';
  if (leaf.symbol.startsWith('Builtins_')) return 'other builtins';
  if (leaf.symbol.startsWith('v8::')) return 'V8 runtime';
  if (/^node::|^uv_|^uv__/.test(leaf.symbol)) return 'Node and libuv';
  return 'C library and other';
}

/** The innermost JavaScript function on a sample's stack (who called a builtin). */
export function callerOf(sample: Sample): string {
  const js = sample.frames.find((f) => f.symbol.startsWith('JS:'));
  if (!js) return '?';
  // `JS:*'name place`: the tier marks (* optimised, ^ baseline, ~ interpreted) differ between
  // processes, and so does the place of our own code, bundled differently in each; Node's
  // built-in modules and the packages keep theirs.
  return js.symbol
    .replace(/^JS:[*^~+']*/, '')
    .replace(/\S*\/out\/bench\/\S+\.mjs:\d+:\d+$/, '(Portico)')
    .replace(/\S*\/node_modules\//, '');
}

/** CPU µs per request, by `key`, over one process's samples. */
export function microsecondsPerRequest(
  samples: readonly Sample[],
  pid: number,
  requests: number,
  hz: number,
  key: (sample: Sample) => string | null,
): Map<string, number> {
  const perSample = 1e6 / hz / requests;
  const totals = new Map<string, number>();
  for (const sample of samples) {
    if (sample.pid !== pid) continue;
    const k = key(sample);
    if (k !== null) totals.set(k, (totals.get(k) ?? 0) + perSample);
  }
  return totals;
}
