/**
 * V8 flags every engine process is started with (the CLI's `serve`, the desktop app's utility
 * process, the benchmark). V8 reads them only at start-up, so they must be flags;
 * scripts/build-cli.mjs writes them into the CLI's shebang.
 * - A 2 MiB young generation instead of V8's default 16–32 MiB: proxy garbage is short-lived.
 * - The old generation grows to 2× the live heap before a full collection (V8 picks up to 4×
 *   for small heaps): RSS after 100,000 requests with 1,000 kept exchanges ~100 MiB and flat
 *   over repeated rounds, instead of 108–140 MiB and climbing (`npm run bench -- --scenario
 *   memory`, with and without), at no measurable cost in CPU per request.
 */
export const ENGINE_NODE_FLAGS = ['--max-semi-space-size=2', '--heap-growing-percent=100'] as const;
