/**
 * Child processes for the benchmark: spawn pinned to a core (taskset), wait until a port
 * answers, read a process's resident memory, and stop everything that was started (by pid,
 * never by name).
 */
import { spawn, spawnSync, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import net from 'node:net';

/** Cores: the proxy under test gets its own; wrk, upstreams and the clients share the other. */
export const PROXY_CORE = '0';
export const LOAD_CORE = '1';

const hasTaskset = spawnSync('taskset', ['-V']).status === 0;
const started = new Set<ChildProcess>();

// A reader that goes away (`… | head`) makes the next write fail with EPIPE, which would end
// this process without its cleanup and leave every engine, proxy and wrk it started running.
// Stop them and leave quietly instead (the run's temp dir stays behind in the system's).
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    void stopAll().finally(() => process.exit(0));
  });
}

export interface Spawned {
  child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

/** Spawns `command args` pinned to `core` (when taskset exists), keeping its output for errors. */
export function spawnPinned(
  core: string | null,
  command: string,
  args: string[],
  options: SpawnOptions = {},
): Spawned {
  const [cmd, argv] =
    core !== null && hasTaskset ? ['taskset', ['-c', core, command, ...args]] : [command, args];
  const child = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
  started.add(child);
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  child.on('error', (error) => {
    output += `\nspawn error: ${error.message}`;
  });
  child.on('exit', () => started.delete(child));
  return {
    child,
    output: () => output,
    stop: () => stopChild(child),
  };
}

/**
 * Runs a short Node program pinned to `core` (on `node`) and returns the JSON of its last
 * output line (bench/sse-client.mjs, bench/recorder-cost.ts).
 */
export async function runNodeForJson<T>(
  core: string,
  args: string[],
  what: string,
  node = process.execPath,
): Promise<T> {
  const proc = spawnPinned(core, node, args);
  const code = await new Promise<number | null>((resolve) => proc.child.on('close', resolve));
  const line = proc.output().trim().split('\n').at(-1) ?? '';
  if (code !== 0 || !line.startsWith('{')) throw new Error(`${what} failed: ${proc.output()}`);
  return JSON.parse(line) as T;
}

export function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill(signal);
  });
}

/** Stops every child this process started and has not seen exit (on the way out). */
export async function stopAll(): Promise<void> {
  await Promise.all([...started].map((child) => stopChild(child)));
}

/** Pins this process (and so the clients it runs in-process) to the load core. */
export function pinSelf(core: string): boolean {
  if (!hasTaskset) return false;
  return spawnSync('taskset', ['-pc', core, String(process.pid)]).status === 0;
}

export function tasksetAvailable(): boolean {
  return hasTaskset;
}

/** A port that was free a moment ago (listen on 0, close). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once a TCP connect to 127.0.0.1:port succeeds; bounded by `timeoutMs`. */
export async function waitForPort(port: number, timeoutMs = 10_000, proc?: Spawned): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc && proc.child.exitCode !== null)
      throw new Error(`process exited early:\n${proc.output()}`);
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    await sleep(20);
  }
  throw new Error(
    `nothing listened on port ${port} within ${timeoutMs} ms${proc ? `:\n${proc.output()}` : ''}`,
  );
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * A process's resident memory in MiB, from /proc/<pid>/status: `rss` (VmRSS) and its parts,
 * `anon` (RssAnon: the process's own heap, stacks and allocator arenas) and `file` (RssFile:
 * pages of the node binary and libraries, shared with every process of the same binary; in
 * the desktop app, Electron's). Shared memory (RssShmem) is the small rest.
 */
export interface ResidentMemory {
  rss: number;
  anon: number;
  file: number;
}

export function residentMemory(pid: number): ResidentMemory {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const mib = (field: string) => {
    const match = new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, 'm').exec(status);
    if (!match) throw new Error(`no ${field} for pid ${pid}`);
    return Number(match[1]) / 1024;
  };
  return { rss: mib('VmRSS'), anon: mib('RssAnon'), file: mib('RssFile') };
}

/** Whether a program is on PATH. */
export function have(program: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${program}`]).status === 0;
}

const CLOCK_TICKS_PER_SECOND = Number(
  spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim() || 100,
);

/** CPU seconds a process has used so far, in user space and in the kernel on its behalf. */
export interface CpuTime {
  user: number;
  system: number;
}

/**
 * CPU time a process and its direct children have used so far, from /proc (children: nginx's
 * worker under its master). On a shared machine CPU per request is steadier than requests
 * per second: a neighbour's load slows the wall clock, not the work.
 */
export function cpuTime(pid: number): CpuTime | null {
  try {
    const pids = [pid];
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      const children = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
      if (children) pids.push(...children.split(/\s+/).map(Number));
    }
    let userTicks = 0;
    let systemTicks = 0;
    for (const p of pids) {
      // Fields after the command name (which may contain spaces): utime is 14th, stime 15th.
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      userTicks += Number(fields[11]);
      systemTicks += Number(fields[12]);
    }
    return {
      user: userTicks / CLOCK_TICKS_PER_SECOND,
      system: systemTicks / CLOCK_TICKS_PER_SECOND,
    };
  } catch {
    return null;
  }
}
