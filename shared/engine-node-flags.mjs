/**
 * V8 flags every engine process is started with (the CLI's `serve`, the desktop app's utility
 * process, as one `--js-flags` switch there (electron/main/engine-process-args.ts), the
 * benchmark). V8 reads them only at start-up, so they must be flags. Plain JavaScript, so that
 * the scripts that start an engine import this list too: scripts/build-cli.mjs writes it into
 * the CLI's shebang, scripts/start.mjs passes it to the headless engine. package.json's
 * `portico` script holds the one copy (test/unit/engine-node-flags.test.ts keeps it in step).
 * - A 2 MiB young generation instead of V8's default 16–32 MiB: proxy garbage is short-lived.
 * - The old generation grows to 1.25× the live heap before a full collection (V8 picks up to
 *   4× for small heaps). Little is promoted per request now that the inspector keeps finished
 *   exchanges off the heap, so full collections stay rare (~2 per 100,000 requests and 1,000
 *   WebSockets); with 2× the garbage of a burst (1,000 WebSockets closing) stayed uncollected
 *   for rounds and RSS climbed to 124–140 MiB; with 1.25× it stays at 98–104 MiB
 *   (`npm run bench -- --scenario memory`, bench/README.md finding 12).
 * - No memory reducer: once traffic is light (an HMR or SSE stream alone) it runs compacting
 *   full collections that paused the engine 14 ms in the middle of a stream (`--trace-gc`:
 *   "Mark-Compact (reduce)"). The engine runs such a collection itself after a burst, only
 *   in a second in which nothing moved through it (electron/engine/idle-memory-reclaim.ts).
 * - `--expose-gc`, for that collection: the global `gc` is the only way JavaScript can ask
 *   for one. Without it the engine runs as before, keeping the heap a burst grew.
 * - Not `--single-threaded-gc` (used until 2026-12-01): on Node 20 it shortened the longest
 *   full-collection pause under load (6.5–7.6 → 3.4–5.9 ms), but on Node 24, which the desktop
 *   app runs on (Electron's), it doubled the heap kept after each full collection (~30 instead
 *   of ~15 MB), left ~26 MB of freed pages pooled, and paused 18–32 ms per full collection:
 *   engine RSS after 100,000 requests 158–172 MiB with it, 117 MiB without; on Node 20, 84–85
 *   instead of 89–94 MiB (bench/README.md, finding 20).
 * - No Maglev, V8's middle compiler (on by default from Node 22; Node 20 does not run it): when
 *   traffic starts, all the request path's functions become hot at once and ~100 Maglev jobs
 *   wait for the one core, each holding 0.2–0.5 MB (`--trace-zone-stats`: 14 MB together); the
 *   allocator keeps that memory after they finish. Without it, RSS after the memory scenario
 *   was 4–5 MiB lower on Node 24, and throughput side by side with Maglev on 0.96–1.02×:
 *   TurboFan, which optimises the hot path either way, sets the pace (finding 22).
 */
export const ENGINE_NODE_FLAGS = Object.freeze([
  '--max-semi-space-size=2',
  '--heap-growing-percent=25',
  '--no-memory-reducer',
  '--no-maglev',
  '--expose-gc',
]);
