/**
 * Delays of Server-Sent Events from the upstream's write to the client's read, measured by
 * bench/sse-client.mjs in its own process on the load core (see there why).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LOAD_CORE, runNodeForJson } from './lib/proc';
import { percentile } from './lib/stats';

const SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'sse-client.mjs');

/** What the benchmark counts as late (the target: within 5 ms of being written). */
export const LATE_MS = 5;

export interface SseRun {
  median: number;
  p99: number;
  max: number;
  events: number;
  late: number;
}

/** A late event's moments, in seconds of CLOCK_MONOTONIC (the kernel trace's clock). */
export interface LateEvent {
  written: number;
  read: number;
}

/**
 * One stream of `count` events: the delay of each, in ms, in arrival order, and with
 * `lateMs` the moments of those later than it. At most ~1,500 events per stream: the
 * client's one line of output must fit what `runNodeForJson` keeps.
 */
export async function sseStream(
  port: number,
  host: string,
  count: number,
  lateMs?: number,
): Promise<{ delays: number[]; late: LateEvent[] }> {
  const { delays, late } = await runNodeForJson<{ delays: number[]; late: [string, string][] }>(
    LOAD_CORE,
    [SCRIPT, String(port), host, String(count), ...(lateMs === undefined ? [] : [String(lateMs)])],
    'the SSE client',
  );
  if (delays.length !== count) throw new Error(`SSE: ${delays.length} of ${count} events arrived`);
  return {
    delays,
    late: late.map(([written, read]) => ({
      written: Number(written) / 1e9,
      read: Number(read) / 1e9,
    })),
  };
}

/** The delay of each of `count` events, in ms, in arrival order. */
export async function sseRawDelays(port: number, host: string, count: number): Promise<number[]> {
  return (await sseStream(port, host, count)).delays;
}

export async function sseDelays(port: number, host: string, count: number): Promise<SseRun> {
  const delays = await sseRawDelays(port, host, count);
  return {
    median: percentile(delays, 50),
    p99: percentile(delays, 99),
    max: Math.max(...delays),
    events: delays.length,
    late: delays.filter((d) => d > LATE_MS).length,
  };
}
