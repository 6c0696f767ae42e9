/**
 * A kernel trace of both cores (ftrace, through tracefs), read back as a timeline: which
 * thread ran on each core when, and when each core was delivering packets (NET_RX softirqs:
 * loopback traffic is received there, in the sender's or an idle core's context). Its clock is
 * CLOCK_MONOTONIC, the one the SSE upstream stamps its events with. Needs root.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const TRACEFS = '/sys/kernel/tracing';
const EVENTS = ['sched:sched_switch', 'irq:softirq_entry', 'irq:softirq_exit'];

export interface TracedThread {
  tid: number;
  /** The process (thread group) the thread belongs to; its main thread has tid === tgid. */
  tgid: number | null;
  comm: string;
}

/** Starts tracing (clearing what was traced before); throws a one-line reason where it cannot. */
export function startSchedTrace(): void {
  if (process.getuid?.() !== 0) throw new Error('tracing the scheduler needs root');
  if (!existsSync(`${TRACEFS}/trace`)) {
    try {
      execFileSync('mount', ['-t', 'tracefs', 'nodev', TRACEFS], { stdio: 'ignore' });
    } catch {
      throw new Error(`tracefs is not mounted at ${TRACEFS} and could not be`);
    }
  }
  set('tracing_on', '0');
  set('trace', '');
  set('trace_clock', 'mono');
  set('buffer_size_kb', '131072');
  set('options/record-tgid', '1');
  set('set_event', `${EVENTS.join('\n')}\n`);
  set('tracing_on', '1');
}

/** Stops tracing and reads what it recorded. */
export function stopSchedTrace(): SchedTimeline {
  set('tracing_on', '0');
  const text = readFileSync(`${TRACEFS}/trace`, 'utf8');
  set('set_event', '');
  set('trace', '');
  return new SchedTimeline(text);
}

function set(file: string, value: string): void {
  writeFileSync(`${TRACEFS}/${file}`, value);
}

// `  node-11574   (  11574) [001] d..2. 37025.046001: sched_switch: prev_comm=… ==> next_comm=node next_pid=11651 …`
const LINE = /^\s*(.+?)-(\d+)\s+\(\s*(\d+|-+)\)\s+\[(\d+)\]\s+\S+\s+(\d+\.\d+): (\w+): (.*)$/;
const NEXT = /next_comm=(.*) next_pid=(\d+)/;

export class SchedTimeline {
  /** Per core: the moments (s) a thread was switched in, and which. */
  private readonly switches = new Map<number, { at: number[]; tid: number[] }>();
  /** Per core: NET_RX softirqs as [start, end] (s). */
  private readonly netRx = new Map<number, [number, number][]>();
  private readonly threads = new Map<number, TracedThread>();

  constructor(text: string) {
    const openNetRx = new Map<number, number>();
    for (const line of text.split('\n')) {
      const m = LINE.exec(line);
      if (!m) continue;
      const [, comm, tid, tgid, core, time, event, rest] = m as unknown as string[];
      const [cpu, t] = [Number(core), Number(time)];
      this.note(Number(tid), comm!, /^\d+$/.test(tgid!) ? Number(tgid) : null);
      if (event === 'sched_switch') {
        const next = NEXT.exec(rest!);
        if (!next) continue;
        const lane = this.switches.get(cpu) ?? { at: [], tid: [] };
        this.switches.set(cpu, lane);
        lane.at.push(t);
        lane.tid.push(Number(next[2]));
        this.note(Number(next[2]), next[1]!, null);
      } else if (rest!.includes('action=NET_RX')) {
        if (event === 'softirq_entry') openNetRx.set(cpu, t);
        else if (openNetRx.has(cpu)) {
          const list = this.netRx.get(cpu) ?? [];
          this.netRx.set(cpu, list);
          list.push([openNetRx.get(cpu)!, t]);
          openNetRx.delete(cpu);
        }
      }
    }
  }

  private note(tid: number, comm: string, tgid: number | null): void {
    const known = this.threads.get(tid);
    if (!known) this.threads.set(tid, { tid, tgid, comm });
    else if (known.tgid === null && tgid !== null) known.tgid = tgid;
  }

  thread(tid: number): TracedThread {
    return this.threads.get(tid) ?? { tid, tgid: null, comm: '?' };
  }

  /** Milliseconds each thread ran on `cpu` between `from` and `to` (tid 0: the core idle). */
  ranOn(cpu: number, from: number, to: number): Map<number, number> {
    const ran = new Map<number, number>();
    const lane = this.switches.get(cpu);
    if (!lane) return ran;
    let i = Math.max(0, upperBound(lane.at, from) - 1);
    for (; i < lane.at.length && lane.at[i]! < to; i++) {
      const start = Math.max(lane.at[i]!, from);
      const end = Math.min(lane.at[i + 1] ?? to, to);
      const tid = lane.tid[i]!;
      if (end > start) ran.set(tid, (ran.get(tid) ?? 0) + (end - start) * 1e3);
    }
    return ran;
  }

  /** Milliseconds `cpu` spent delivering packets between `from` and `to`. */
  netRxMs(cpu: number, from: number, to: number): number {
    let ms = 0;
    for (const [start, end] of this.netRx.get(cpu) ?? [])
      if (end > from && start < to) ms += (Math.min(end, to) - Math.max(start, from)) * 1e3;
    return ms;
  }
}

/** The index of the first element greater than `value` in a sorted array. */
function upperBound(sorted: number[], value: number): number {
  let [lo, hi] = [0, sorted.length];
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
