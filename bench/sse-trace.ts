/**
 * `sudo npx tsx bench/sse-trace.ts [--blocks B] [--events E]`: where each late SSE event's
 * time went. Like bench/sse-tail.ts (direct, a fresh Portico, nginx and the bare Node TCP
 * relay take turns, E events per stream, B blocks, after one warm-up stream each), with the
 * kernel tracing both cores (bench/lib/sched-trace.ts); each event later than 5 ms is then
 * put down to the first of:
 * - the kernel delivering packets: ≥ 1 ms in NET_RX softirqs on either core;
 * - the proxy's own helper thread on the proxy core ≥ 1 ms (a Node proxy's V8 workers);
 * - another program on the proxy core ≥ 1 ms (named);
 * - the load core: the proxy core was idle for most of the delay, so the time went on the
 *   core of the event source and the client (named: what ran there most), or both cores idle;
 * - the proxy: its main thread ran for most of the delay;
 * - unexplained;
 * and "not traced" where the kernel's buffer overflowed before the event.
 * The direct path never passes the proxy core: its events are put down to the kernel or
 * the load core. Needs root (tracefs).
 */
import { parseArgs } from 'node:util';
import { positiveIntegers } from './lib/args';
import { buildBundles } from './lib/build';
import { LOAD_CORE, PROXY_CORE } from './lib/proc';
import { startSchedTrace, type SchedTimeline } from './lib/sched-trace';
import { SSE_HOST, withSsePaths, type SsePath } from './lib/sse-paths';
import { LATE_MS, sseStream, type LateEvent } from './sse-client';

const { values } = parseArgs({
  options: {
    blocks: { type: 'string', default: '4' },
    events: { type: 'string', default: '1000' },
    'no-build': { type: 'boolean', default: false },
  },
});
const { blocks, events } = positiveIntegers(
  { blocks: values.blocks, events: values.events },
  { events: 1_500 },
);
const [proxyCore, loadCore] = [Number(PROXY_CORE), Number(LOAD_CORE)];
/** What counts as a cause: this much time (ms) within the event's delay. */
const CAUSE_MS = 1;

if (!values['no-build']) buildBundles();
await withSsePaths('portico-sse-trace-', async (paths) => {
  for (const { port } of paths) await sseStream(port, SSE_HOST, 300);
  const late = new Map(paths.map(({ name }) => [name, [] as LateEvent[]]));
  const counts = new Map(paths.map(({ name }) => [name, 0]));
  const trace = startSchedTrace();
  let timeline: SchedTimeline;
  try {
    for (let b = 0; b < blocks; b++)
      for (const { name, port } of paths) {
        const stream = await sseStream(port, SSE_HOST, events, LATE_MS);
        late.get(name)?.push(...stream.late);
        counts.set(name, (counts.get(name) ?? 0) + stream.delays.length);
      }
    timeline = await trace.stop();
  } finally {
    trace.restore();
  }
  if (timeline.lost > 0)
    console.log(
      `The trace buffer lost ${timeline.lost} events: the earliest late events are "not traced".`,
    );
  for (const path of paths) {
    const causes = new Map<string, number[]>();
    for (const event of late.get(path.name) ?? []) {
      const cause = lateEventCause(timeline, path, event);
      const delays = causes.get(cause) ?? [];
      causes.set(cause, delays);
      delays.push((event.read - event.written) * 1e3);
    }
    const lateCount = late.get(path.name)?.length ?? 0;
    console.log(
      `${path.name}: ${lateCount} of ${counts.get(path.name)} events later than ${LATE_MS} ms`,
    );
    for (const [cause, delays] of [...causes].sort((a, b) => b[1].length - a[1].length))
      console.log(`  ${delays.length} × ${cause} (worst ${Math.max(...delays).toFixed(1)} ms)`);
  }
});

function lateEventCause(timeline: SchedTimeline, path: SsePath, event: LateEvent): string {
  const { written: from, read: to } = event;
  const delayMs = (to - from) * 1e3;
  if (!timeline.covers(proxyCore, from) || !timeline.covers(loadCore, from)) return 'not traced';
  if (
    Math.max(timeline.netRxMs(proxyCore, from, to), timeline.netRxMs(loadCore, from, to)) >=
    CAUSE_MS
  )
    return 'the kernel delivering packets';
  const loadCoreProgram = busiest(timeline, loadCore, from, to);
  const onLoadCore = loadCoreProgram
    ? `the load core (most: ${loadCoreProgram})`
    : 'both cores idle';
  if (!path.isProxy) return onLoadCore;
  const isProxy = path.isProxy;
  const ran = [...timeline.ranOn(proxyCore, from, to)].map(([tid, ms]) => ({
    thread: timeline.thread(tid),
    ms,
  }));
  const helper = ran.filter(
    ({ thread, ms }) =>
      isProxy(thread) && thread.tgid !== null && thread.tid !== thread.tgid && ms >= CAUSE_MS,
  );
  if (helper.length > 0) return "the proxy's own helper thread on its core";
  const other = ran.filter(
    ({ thread, ms }) => thread.tid !== 0 && !isProxy(thread) && ms >= CAUSE_MS,
  );
  if (other.length > 0)
    return `another program on the proxy core (${other.map(({ thread }) => thread.comm).join(', ')})`;
  const idleMs = ran.find(({ thread }) => thread.tid === 0)?.ms ?? 0;
  if (idleMs > delayMs / 2) return onLoadCore;
  const proxyMs = ran.filter(({ thread }) => isProxy(thread)).reduce((sum, { ms }) => sum + ms, 0);
  if (proxyMs > delayMs / 2) return 'the proxy itself';
  return 'unexplained';
}

/** The program that ran longest on `cpu` in the window (null: only the idle task, < 1 ms else). */
function busiest(timeline: SchedTimeline, cpu: number, from: number, to: number): string | null {
  const byProgram = new Map<string, number>();
  for (const [tid, ms] of timeline.ranOn(cpu, from, to)) {
    if (tid === 0) continue;
    const { tgid, comm } = timeline.thread(tid);
    const name =
      tgid === process.pid
        ? 'the event source (this process)'
        : tgid !== null
          ? timeline.thread(tgid).comm
          : comm;
    byProgram.set(name, (byProgram.get(name) ?? 0) + ms);
  }
  const [top] = [...byProgram].sort((a, b) => b[1] - a[1]);
  return top && top[1] >= CAUSE_MS ? top[0] : null;
}
