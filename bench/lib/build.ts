/**
 * Bundles what the benchmark runs, with the project's own CLI build script, into
 * out/bench (git- and lint-ignored, like out/): the CLI (`portico serve`, the same bundle as out/cli), the
 * bare pipeline host and the recorder's in-process cost measurement. The bundled JS is measured, not tsx.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CLI_BUNDLE = path.join(ROOT, 'out/bench/cli/portico.mjs');
export const HOST_BUNDLE = path.join(ROOT, 'out/bench/proxy-host/proxy-host.mjs');
export const RECORDER_COST_BUNDLE = path.join(ROOT, 'out/bench/recorder-cost/recorder-cost.mjs');

export function buildBundles(): void {
  for (const [entry, out] of [
    ['electron/cli/main.ts', CLI_BUNDLE],
    ['bench/proxy-host.ts', HOST_BUNDLE],
    ['bench/recorder-cost.ts', RECORDER_COST_BUNDLE],
  ] as const) {
    const result = spawnSync(process.execPath, ['scripts/build-cli.mjs', entry, out], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    if (result.status !== 0)
      throw new Error(`bundling ${entry} failed:\n${result.stdout}\n${result.stderr}`);
  }
}
