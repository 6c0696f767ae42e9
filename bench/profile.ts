/**
 * `npx tsx bench/profile.ts [--seconds N] [--connections N] [--host] [--close]`: runs Portico
 * (the bundled CLI, or with --host the bare pipeline; INSPECTOR=on: with the recorder) under
 * `node --cpu-prof` with wrk load (keep-alive, or with --close a new connection per request),
 * then prints the functions with the most self time and the share per file. The .cpuprofile
 * is kept under out/bench/profiles for Chrome DevTools.
 */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT, buildBundles } from './lib/build';
import { HTTP_HOST, startPortico, startProxyHost } from './lib/portico';
import { LOAD_CORE, pinSelf, stopAll } from './lib/proc';
import { startUpstream } from './lib/servers';
import { runWrk } from './lib/wrk';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '8' },
    connections: { type: 'string', default: '50' },
    host: { type: 'boolean', default: false },
    /** A new connection per request (`Connection: close`), as in scenario 2. */
    close: { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
  },
});
pinSelf(LOAD_CORE);
if (!values['no-build']) buildBundles();
const dir = mkdtempSync(path.join(os.tmpdir(), 'portico-prof-'));
const profDir = path.join(ROOT, 'out/bench/profiles', String(Date.now()));
mkdirSync(profDir, { recursive: true });
const flags = ['--cpu-prof', `--cpu-prof-dir=${profDir}`];
const upstream = await startUpstream(dir);
try {
  let port: number;
  let stop: () => Promise<void>;
  if (values.host) {
    const host = await startProxyHost(upstream.port, {
      inspector: process.env.INSPECTOR === 'on',
      nodeFlags: flags,
    });
    port = host.port;
    stop = host.stop;
  } else {
    const portico = await startPortico({
      dir,
      upstreamPort: upstream.port,
      nodeFlags: flags,
      waitForTls: false,
    });
    port = portico.httpPort;
    stop = portico.stop;
  }
  const result = await runWrk({
    url: `http://127.0.0.1:${port}/`,
    connections: Number(values.connections),
    durationSec: Number(values.seconds),
    headers: { Host: HTTP_HOST, ...(values.close ? { Connection: 'close' } : {}) },
    scriptDir: dir,
  });
  console.log(
    `${Math.round(result.rps)} req/s, p50 ${result.p50} ms, p99 ${result.p99} ms (under the profiler)`,
  );
  await stop();
} finally {
  await upstream.stop();
  await stopAll();
  rmSync(dir, { recursive: true, force: true });
}

const file = readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'));
if (!file) throw new Error(`no profile in ${profDir}`);
const profile = JSON.parse(readFileSync(path.join(profDir, file), 'utf8')) as {
  nodes: ProfileNode[];
};
const total = profile.nodes.reduce((sum, n) => sum + (n.hitCount ?? 0), 0);
const byFunction = new Map<string, number>();
const byFile = new Map<string, number>();
for (const node of profile.nodes) {
  const hits = node.hitCount ?? 0;
  const { functionName, url, lineNumber } = node.callFrame;
  const short = url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/out\/bench\//, '');
  const key = `${functionName || '(anonymous)'} ${short}:${lineNumber + 1}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + hits);
  const fileKey = short || functionName;
  byFile.set(fileKey, (byFile.get(fileKey) ?? 0) + hits);
}
const top = (map: Map<string, number>, n: number) =>
  [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, v]) => `${((v / total) * 100).toFixed(1).padStart(5)}%  ${k}`)
    .join('\n');
console.log(`\nSelf time by function (top 40):\n${top(byFunction, 40)}`);
console.log(`\nSelf time by file (top 25):\n${top(byFile, 25)}`);
console.log(`\nProfile: ${path.join(profDir, file)}`);
