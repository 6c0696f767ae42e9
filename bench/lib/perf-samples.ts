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
  /** Where the code lies: the kernel's addresses are in the top half of the address space. */
  kernel: boolean;
}

export interface Sample {
  pid: number;
  /** The thread: the process's main thread (the event loop) has the process's id. */
  tid: number;
  /** Innermost first. */
  frames: Frame[];
}

const HEADER = /^\S.*?\s+(\d+)\/(\d+)\s*$/;
// The dso is the last group in parentheses and is a path or a `[name]`; symbols have spaces
// and parentheses of their own (`v8::internal::(anonymous namespace)::Invoke`).
const FRAME = /^\s+([0-9a-f]+) (.*?) \(([/[].*)\)$/;

/** The samples of a `perf script` text; a header line starts each one. */
export function parsePerfScript(text: string): Sample[] {
  const samples: Sample[] = [];
  let current: Sample | null = null;
  for (const line of text.split('\n')) {
    const header = HEADER.exec(line);
    if (header) {
      current = { pid: Number(header[1]), tid: Number(header[2]), frames: [] };
      samples.push(current);
      continue;
    }
    const frame = FRAME.exec(line);
    if (!frame || !current) continue;
    const [, ip, symbol, dso] = frame as unknown as [string, string, string, string];
    current.frames.push({ symbol, dso, kernel: ip.length === 16 && ip.startsWith('ffff') });
  }
  return samples;
}

/** V8's inline caches that found no shape they know: a lookup in the shared stub cache. */
const MEGAMORPHIC = /^Builtins_\w*IC\w*Megamorphic$|^Builtins_CloneObjectIC_Slow$/;
export const MEGAMORPHIC_KIND = 'megamorphic inline caches';

const GC =
  /Scaveng|MarkCompact|Sweeper|ConcurrentMarking|Marking|Evacuat|RememberedSet|SlotSet|Heap::|NewSpace|PagedSpace/;

/** The kind of work a sample's innermost frame was doing. */
export function kindOf(sample: Sample): string {
  if (sample.tid !== sample.pid) return 'other threads (V8’s helpers, libuv’s)';
  const leaf = sample.frames[0];
  if (!leaf || leaf.symbol === '[unknown]') return 'unknown';
  if (leaf.kernel) return 'kernel';
  if (leaf.symbol.startsWith('JS:')) return 'JavaScript';
  if (GC.test(leaf.symbol)) return 'garbage collector';
  if (MEGAMORPHIC.test(leaf.symbol)) return MEGAMORPHIC_KIND;
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

/** CPU µs per request, by `key`, over one process's samples (each 1/`hz` s of CPU). */
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
