/**
 * Gives the heap's spare memory back to the system once the engine goes quiet after a burst.
 *
 * V8 grows its heap for a burst (1,000 WebSockets, the page load of a big app) and keeps the
 * grown heap afterwards. Its own memory reducer would return it, but the engine runs without
 * it: it ran compacting collections in the middle of streams (shared/engine-node-flags.ts).
 * So the engine asks for one memory-reducing collection itself, and only when both hold:
 * - the heap has grown by `growthBytes` since the last one (or since start), so a steady
 *   engine is left alone however long it idles;
 * - the event loop was busy for less than `idleUtilization` of the last interval. An SSE
 *   stream of 100 events a second keeps it at 2.7–4.1%, an idle engine at 0.1–0.3%.
 * The collection pauses the engine once per burst, 84–109 ms on one core, in a second in which
 * it had nothing to do (bench/README.md, finding 23).
 */
import { performance } from 'node:perf_hooks';
import v8 from 'node:v8';

export interface ReclaimOptions {
  /** Event-loop utilization (0–1) since the previous call. */
  utilization(): number;
  /** The heap's size as committed from the system (V8's total heap size), in bytes. */
  heapBytes(): number;
  /** Runs a memory-reducing garbage collection. */
  collect(): void;
  growthBytes?: number;
  idleUtilization?: number;
}

export const DEFAULT_GROWTH_BYTES = 8 * 1024 * 1024;
export const DEFAULT_IDLE_UTILIZATION = 0.01;
const INTERVAL_MS = 1_000;

/** The decision, one interval at a time; `tick` says whether it collected. */
export function createIdleMemoryReclaim(options: ReclaimOptions): { tick(): boolean } {
  const growthBytes = options.growthBytes ?? DEFAULT_GROWTH_BYTES;
  const idleUtilization = options.idleUtilization ?? DEFAULT_IDLE_UTILIZATION;
  let baselineBytes = options.heapBytes();
  return {
    tick() {
      if (options.utilization() >= idleUtilization) return false;
      if (options.heapBytes() < baselineBytes + growthBytes) return false;
      options.collect();
      baselineBytes = options.heapBytes();
      return true;
    },
  };
}

/**
 * A memory-reducing collection, where this runtime offers one: `gc` exists only with
 * `--expose-gc` (one of the engine's flags), and its `last-resort` flavour, which compacts the
 * heap and returns the freed pages, from V8 12 (Node 22). V8 11 (Node 20) has no such flavour
 * and reads a sync call's options wrongly (it runs a young-generation collection).
 */
export function memoryReducingCollection(): (() => void) | null {
  const gc = globalThis.gc;
  if (typeof gc !== 'function') return null;
  if (Number(process.versions.v8.split('.')[0]) < 12) return null;
  return () => gc({ type: 'major', execution: 'sync', flavor: 'last-resort' });
}

/** Checks once a second; returns the stop function. Does nothing where `collect` is null. */
export function startIdleMemoryReclaim(
  collect: (() => void) | null = memoryReducingCollection(),
): () => void {
  if (!collect) return () => {};
  let previous = performance.eventLoopUtilization();
  const reclaim = createIdleMemoryReclaim({
    utilization() {
      const now = performance.eventLoopUtilization();
      const { utilization } = performance.eventLoopUtilization(now, previous);
      previous = now;
      return utilization;
    },
    heapBytes: () => v8.getHeapStatistics().total_heap_size,
    collect,
  });
  const timer = setInterval(() => reclaim.tick(), INTERVAL_MS).unref();
  return () => clearInterval(timer);
}
