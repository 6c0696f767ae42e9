/**
 * Gives the heap's spare memory back to the system once the engine goes quiet after a burst.
 *
 * V8 grows its heap for a burst (1,000 WebSockets, the page load of a big app) and keeps the
 * grown heap afterwards. Its own memory reducer would return it, but the engine runs without
 * it: it ran compacting collections in the middle of streams (shared/engine-node-flags.mjs).
 * So the engine asks for one memory-reducing collection itself, and only when all hold:
 * - nothing moved through the proxy for a whole interval: no request, no chunk of a body
 *   (either way), no WebSocket data. A slow stream (an HMR socket, an SSE feed) leaves the
 *   event loop almost idle, so the loop's load alone cannot tell it from a quiet engine;
 * - the event loop was busy for less than 1% of that interval (the engine's own work: the
 *   admin API, certificates);
 * - the heap has grown by 8 MiB since the last collection (or since start), so a steady
 *   engine is left alone however long it idles;
 * - the heap holds 32 MiB or more: twice what an idle engine holds, above the 17–26 MiB that
 *   page loads and bursts of new connections leave, below the 37–38 MiB of 1,000 WebSockets.
 * The collection pauses the engine for as long as compacting its heap takes (~0.1 s for a
 * heap of ~40 MB on one core; it grows with the heap): bench/README.md, finding 23. It also
 * costs the next requests: a memory-reducing collection drops the object shapes (maps) no
 * live object has, and V8 throws away the optimised code that embeds them (~170 functions of
 * the request path), so the requests after it run slower until V8 has optimised them again
 * (three bursts of 500 took 1.4–2.1× as long: finding 27). Hence the floor: the heap that
 * everyday traffic leaves is not worth that.
 */
import { performance } from 'node:perf_hooks';
import v8 from 'node:v8';
import { v8MajorVersion } from './v8-version';

export interface ReclaimOptions {
  /** A count of what moved through the proxy (TrafficCounter.moved); only compared. */
  activity(): number;
  /** Event-loop utilization (0–1) since the previous call. */
  utilization(): number;
  /** The heap's size as committed from the system (V8's total heap size), in bytes. */
  heapBytes(): number;
  /** Runs a memory-reducing garbage collection. */
  collect(): void;
}

/** Heap growth since the last collection that makes one worth its pause. */
export const GROWTH_BYTES = 8 * 1024 * 1024;
/** The heap below which the engine keeps what it holds (the floor above). */
export const RECLAIM_FLOOR_BYTES = 32 * 1024 * 1024;
/** The event loop's busy share below which the engine counts as quiet. */
export const IDLE_UTILIZATION = 0.01;
const INTERVAL_MS = 1_000;

/** The decision, one interval at a time; `tick` says whether it collected. */
export function createIdleMemoryReclaim(options: ReclaimOptions): { tick(): boolean } {
  let baselineBytes = options.heapBytes();
  let lastActivity = options.activity();
  return {
    tick() {
      const activity = options.activity();
      const moved = activity !== lastActivity;
      lastActivity = activity;
      // Read every interval, so that each reading covers one interval only.
      const utilization = options.utilization();
      if (moved || utilization >= IDLE_UTILIZATION) return false;
      const heap = options.heapBytes();
      if (heap < baselineBytes + GROWTH_BYTES || heap < RECLAIM_FLOOR_BYTES) return false;
      options.collect();
      baselineBytes = options.heapBytes();
      return true;
    },
  };
}

/**
 * Whether this runtime can reduce memory on request: `gc` exists only with `--expose-gc` (one
 * of the engine's flags), and its `last-resort` flavour, which compacts the heap and returns
 * the freed pages, from V8 12 (Node 22). V8 11 (Node 20) has no such flavour and reads a sync
 * call's options wrongly (it runs a young-generation collection).
 */
export function v8CanReduceMemory(): boolean {
  return v8MajorVersion() >= 12;
}

/** The memory-reducing collection, or null where there is none (see `v8CanReduceMemory`). */
function memoryReducingCollection(): (() => void) | null {
  const gc = globalThis.gc;
  if (typeof gc !== 'function' || !v8CanReduceMemory()) return null;
  return () => gc({ type: 'major', execution: 'sync', flavor: 'last-resort' });
}

export interface StartOptions {
  /** A count of what moved through the proxy (the proxy's TrafficCounter). */
  activity(): number;
  log(line: string): void;
}

/** Checks once a second; returns the stop function. Does nothing where there is no collection. */
export function startIdleMemoryReclaim(options: StartOptions): () => void {
  const collect = memoryReducingCollection();
  if (!collect) {
    // Say so where the runtime could do it: the engine was started without its flags.
    if (v8CanReduceMemory())
      options.log(
        'memory: gc is not exposed (--expose-gc), so memory a burst grows stays with V8.',
      );
    return () => {};
  }
  let previous = performance.eventLoopUtilization();
  const reclaim = createIdleMemoryReclaim({
    activity: options.activity,
    utilization() {
      const now = performance.eventLoopUtilization();
      const { utilization } = performance.eventLoopUtilization(now, previous);
      previous = now;
      return utilization;
    },
    heapBytes: () => v8.getHeapStatistics().total_heap_size,
    collect,
  });
  const timer = setInterval(() => {
    try {
      reclaim.tick();
    } catch (error) {
      // Never take the engine down for a memory nicety: stop asking instead.
      clearInterval(timer);
      options.log(`memory: idle reclaim stopped: ${String(error)}`);
    }
  }, INTERVAL_MS).unref();
  return () => clearInterval(timer);
}
