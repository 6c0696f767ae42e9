/**
 * Runs wrk (one thread, pinned to the load core) and reads its figures from a Lua `done`
 * hook that prints one JSON line, so nothing depends on wrk's human-readable output.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { LOAD_CORE, tasksetAvailable } from './proc';

export interface WrkResult {
  /** Requests per second. */
  rps: number;
  requests: number;
  errors: number;
  non2xx: number;
  /** Latency percentiles in ms. */
  p50: number;
  p90: number;
  p99: number;
}

export interface WrkOptions {
  url: string;
  connections: number;
  durationSec: number;
  headers?: Record<string, string>;
  /** A hosts file to see instead of /etc/hosts (for TLS by name; needs unshare). */
  hostsFile?: string;
  scriptDir: string;
}

const SCRIPT = `
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('WRKJSON {"requests":%d,"durationUs":%d,"errors":%d,"non2xx":%d,"p50":%d,"p90":%d,"p99":%d}\\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(90), latency:percentile(99)))
end
`;

/** Script files already written, by folder. */
const written = new Set<string>();

/**
 * The `done` hook's file in `dir`, written once: rewriting it for every run would truncate it
 * under a wrk that is reading it at the same moment (side-by-side runs start two at once).
 */
function wrkScript(dir: string): string {
  const file = path.join(dir, 'bench.lua');
  if (!written.has(file)) {
    writeFileSync(file, SCRIPT);
    written.add(file);
  }
  return file;
}

export function runWrk(options: WrkOptions): Promise<WrkResult> {
  const script = wrkScript(options.scriptDir);
  const args = [
    '-t1',
    `-c${options.connections}`,
    `-d${options.durationSec}s`,
    '--timeout',
    '10s',
    '-s',
    script,
  ];
  for (const [name, value] of Object.entries(options.headers ?? {}))
    args.push('-H', `${name}: ${value}`);
  args.push(options.url);
  let command = 'wrk';
  let argv = args;
  if (options.hostsFile) {
    // A private mount namespace sees our hosts file; the rest of the machine is untouched.
    const quoted = args.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
    command = 'unshare';
    argv = [
      '-m',
      '--propagation',
      'private',
      'sh',
      '-c',
      `mount --bind '${options.hostsFile}' /etc/hosts && exec wrk ${quoted}`,
    ];
  }
  if (tasksetAvailable()) {
    argv = ['-c', LOAD_CORE, command, ...argv];
    command = 'taskset';
  }
  return new Promise((resolve, reject) => {
    const child = spawn(command, argv, {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('WRKJSON '));
      if (code !== 0 || !line) {
        reject(new Error(`wrk failed (exit ${code}): ${out.trim().slice(-800)}`));
        return;
      }
      const raw = JSON.parse(line.slice(8)) as Record<string, number>;
      const num = (key: string) => {
        const value = raw[key];
        if (typeof value !== 'number') throw new Error(`wrk output lacks ${key}: ${line}`);
        return value;
      };
      resolve({
        rps: num('requests') / (num('durationUs') / 1e6),
        requests: num('requests'),
        errors: num('errors'),
        non2xx: num('non2xx'),
        p50: num('p50') / 1000,
        p90: num('p90') / 1000,
        p99: num('p99') / 1000,
      });
    });
  });
}
