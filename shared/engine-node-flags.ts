/**
 * V8 flags every engine process is started with (the CLI's `serve`, the desktop app's utility
 * process, the benchmark). A 2 MiB young generation instead of V8's default 16–32 MiB keeps
 * the engine's RSS at ~100 MiB after 100,000 proxied requests instead of ~140 MiB, at no
 * measurable throughput cost: proxy garbage is short-lived (`npm run bench -- --scenario
 * memory` with and without the flag). V8 reads it only at start-up, so it must be a flag.
 * scripts/build-cli.mjs writes the same flag into the CLI's shebang.
 */
export const ENGINE_NODE_FLAGS = ['--max-semi-space-size=2'] as const;
