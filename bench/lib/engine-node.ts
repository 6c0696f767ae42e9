/**
 * The Node that Portico's processes run on in a benchmark run (`--engine-node`): this one by
 * default, `electron` for the Node that Electron embeds (the desktop app's runtime, fetched by
 * scripts/electron-node.mjs), or a binary's path. Load generators and clients stay on this
 * Node; the bare Node relay, the floor Portico's tunnels are compared with, runs on Portico's.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ROOT } from './build';

let binary = process.execPath;
let version = process.version;

/** Runs Portico's processes on `choice` from now on (checked by running it once). */
export function useEngineNode(choice: string): void {
  const chosen = choice === 'electron' ? electronNodePath() : path.resolve(choice);
  const probe = spawnSync(chosen, ['-p', 'process.version'], { encoding: 'utf8' });
  if (probe.status !== 0) {
    throw new Error(
      `--engine-node ${choice}: ${chosen} does not run (${probe.error?.message ?? probe.stderr.trim()})`,
    );
  }
  binary = chosen;
  version = probe.stdout.trim();
}

/** The binary to start Portico's processes with. */
export function engineNode(): string {
  return binary;
}

/** Its `process.version`. */
export function engineNodeVersion(): string {
  return version;
}

function electronNodePath(): string {
  const result = spawnSync(
    process.execPath,
    [path.join(ROOT, 'scripts/electron-node.mjs'), '--path'],
    {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const found = result.stdout.trim();
  if (result.status !== 0 || !found)
    throw new Error("--engine-node electron: Electron's Node is not available (see above)");
  return found;
}
