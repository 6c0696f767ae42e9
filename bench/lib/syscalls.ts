/**
 * The system calls per request of the bare pipeline host (strace -c attached after a warm-up,
 * an exact number of keep-alive GETs at 50 connections). The instruction counts of the
 * inspector scenario leave the kernel's work out; this shows whether that work differs
 * between the two pipelines.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { engineNode } from './engine-node';
import { runFixedLoad } from './fixed-load';
import { proxyHostArgs } from './portico';
import {
  LOAD_CORE,
  PROXY_CORE,
  freePort,
  have,
  sleep,
  spawnPinned,
  stopChild,
  waitForPort,
} from './proc';

export function straceAvailable(): boolean {
  return have('strace');
}

/** System call name → calls, from the table `strace -c` writes. */
function parseStraceSummary(text: string): Map<string, number> {
  const calls = new Map<string, number>();
  for (const line of text.split('\n')) {
    // "% time  seconds  usecs/call  calls  [errors]  syscall"
    const parts = line.trim().split(/\s+/);
    if (parts.length < 5 || !/^[\d.]+$/.test(parts[0] ?? '')) continue;
    const name = parts.at(-1)!;
    if (name !== 'total') calls.set(name, Number(parts[3]));
  }
  return calls;
}

/** System call name → calls per request. */
export async function syscallsPerRequest(
  dir: string,
  upstreamPort: number,
  inspector: boolean,
  requests: number,
): Promise<Map<string, number>> {
  const port = await freePort();
  const host = spawnPinned(
    PROXY_CORE,
    engineNode(),
    proxyHostArgs(upstreamPort, port, { inspector }),
  );
  try {
    await waitForPort(port, 10_000, host);
    await runFixedLoad(LOAD_CORE, port, requests); // warm-up: V8 optimises, pools fill
    const out = path.join(dir, `strace.${port}`);
    // Detaches and writes its table on SIGINT (stopChild's first signal).
    const strace = spawnPinned(LOAD_CORE, 'strace', [
      '-f',
      '-c',
      '-o',
      out,
      '-p',
      String(host.child.pid),
    ]);
    try {
      await sleep(1_000); // strace attaches to every thread
      await runFixedLoad(LOAD_CORE, port, requests);
    } finally {
      await stopChild(strace.child, 'SIGINT');
    }
    if (!existsSync(out)) throw new Error(`strace wrote nothing: ${strace.output()}`);
    const perRequest = new Map<string, number>();
    for (const [name, calls] of parseStraceSummary(readFileSync(out, 'utf8')))
      perRequest.set(name, calls / requests);
    return perRequest;
  } finally {
    await host.stop();
  }
}

/** "4.090 (read 2.009, write 1.008, …)": the total per request, then each call made at least once per 100 requests. */
export function formatSyscalls(calls: Map<string, number>): string {
  const shown = [...calls].filter(([, n]) => n >= 0.01).sort((a, b) => b[1] - a[1]);
  const total = [...calls.values()].reduce((a, b) => a + b, 0);
  return `${total.toFixed(3)} (${shown.map(([name, n]) => `${name} ${n.toFixed(3)}`).join(', ')})`;
}
