// The config survives SIGKILL at any moment: a child process changes the config in a loop
// and is killed at random times, hundreds of times (bounded to ~20 s). After every kill the
// file on disk parses and holds the last acknowledged version or the one being written.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { parseConfigText } from '../../electron/engine/config/config-file';

let dir: string;
let script: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'portico-kill-'));
  script = join(dir, 'writer.mjs');
  // Bundled once so that each child starts in plain node in tens of milliseconds.
  await build({
    entryPoints: [join(import.meta.dirname, '../helpers/hardening-config-writer.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile: script,
    logLevel: 'silent',
    banner: {
      js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
    },
  });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Runs one child and kills it `afterMs` after its `afterAcks`-th acknowledged write (0: after it
 * is ready); returns the version it started from and the last one it acknowledged. Counting
 * writes instead of only milliseconds keeps the kills landing before, between and inside
 * writes however long a write takes on the machine (fsync on a busy VM: tens of ms).
 */
function runAndKill(
  dataDir: string,
  afterAcks: number,
  afterMs: number,
): Promise<{ start: number; acked: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let start = -1;
    let timer: NodeJS.Timeout | undefined;
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      if (start < 0) {
        const ready = /ready (\d+)\n/.exec(out);
        if (ready) start = Number(ready[1]);
      }
      if (start >= 0 && !timer && out.split('wrote ').length - 1 >= afterAcks) {
        timer = setTimeout(() => child.kill('SIGKILL'), afterMs);
      }
    });
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('error', reject);
    const hardStop = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      clearTimeout(hardStop);
      if (signal !== 'SIGKILL') return reject(new Error(`writer exited ${code}: ${err}`));
      const wrote = [...out.matchAll(/wrote (\d+)\n/g)].map((m) => Number(m[1]));
      resolve({ start, acked: wrote.length ? (wrote.at(-1) as number) : start });
    });
  });
}

/** One lane: kill-restart cycles on its own data dir until the deadline. */
async function lane(dataDir: string, deadline: number): Promise<number> {
  let runs = 0;
  let lastOnDisk = 0;
  while (Date.now() < deadline) {
    // 0, 1 or 2 writes acknowledged, then a random moment: before, between or inside writes.
    const { start, acked } = await runAndKill(dataDir, runs % 3, Math.random() * 30);
    runs++;
    // Whatever the previous child left is what this one started from.
    if (start >= 0) expect(start).toBe(lastOnDisk);
    const file = join(dataDir, 'config.json');
    if (!existsSync(file)) {
      // Killed before the very first write: there is no previous config, and none appeared.
      expect(lastOnDisk).toBe(0);
      continue;
    }
    const read = parseConfigText(readFileSync(file, 'utf8'), 'config.json');
    if (read.kind !== 'ok') throw new Error(`run ${runs}: ${read.problem}`);
    const onDisk = Number(/^v(\d+)\./.exec(read.config.domains[0]?.host ?? 'v0.')?.[1] ?? 0);
    // The last acknowledged write, or the one in flight when the kill came.
    expect([acked, acked + 1], `run ${runs}`).toContain(onDisk);
    lastOnDisk = onDisk;
  }
  // Every run kept what it acknowledged: a run waits for one write on average before its kill.
  expect(lastOnDisk).toBeGreaterThanOrEqual(runs - 2);
  // Temp files of interrupted writes may remain; they are never mistaken for the config.
  expect(readdirSync(dataDir).filter((f) => f.endsWith('.tmp')).length).toBeLessThanOrEqual(runs);
  return runs;
}

it('always leaves the previous or the new valid config on disk', async () => {
  // ~20 s: hundreds of kills on an idle machine, fewer when the CPU is shared.
  const deadline = Date.now() + 18_000;
  const runs = await Promise.all([0, 1, 2].map((i) => lane(join(dir, `data-${i}`), deadline)));
  const total = runs.reduce((a, b) => a + b, 0);
  console.log(`config kill test: ${total} SIGKILLs`);
  expect(total).toBeGreaterThanOrEqual(40);
}, 40_000);
