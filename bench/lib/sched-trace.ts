/**
 * A kernel trace of both cores (ftrace, through tracefs), read back as a timeline: which
 * thread ran on each core when, and when each core was delivering packets (NET_RX softirqs:
 * loopback traffic is received there, in the sender's or an idle core's context). Its clock is
 * CLOCK_MONOTONIC, the one the SSE upstream stamps its events with. Needs root.
 */
import { createReadStream, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createInterface } from 'node:readline';

const TRACEFS = '/sys/kernel/tracing';
const EVENTS = ['sched:sched_switch', 'irq:softirq_entry', 'irq:softirq_exit'];

export interface TracedThread {
  tid: number;
  /** The process (thread group) the thread belongs to; its main thread has tid === tgid. */
  tgid: number | null;
  comm: string;
}

/** What tracing changes, put back as it was when it ends. */
const SETTINGS = ['trace_clock', 'buffer_size_kb', 'options/record-tgid'];

export interface SchedTrace {
  /** Stops tracing and reads what it recorded (with how many events the buffer lost). */
  stop(): Promise<SchedTimeline>;
  /** Stops tracing and puts tracefs back as it was; safe to call more than once. */
  restore(): void;
}

/** Starts tracing (clearing what was traced before); throws a one-line reason where it cannot. */
export function startSchedTrace(): SchedTrace {
  if (process.getuid?.() !== 0) throw new Error('tracing the scheduler needs root');
  if (!existsSync(`${TRACEFS}/trace`)) {
    try {
      execFileSync('mount', ['-t', 'tracefs', 'nodev', TRACEFS], { stdio: 'ignore' });
    } catch {
      throw new Error(`tracefs is not mounted at ${TRACEFS} and could not be`);
    }
  }
  // trace_clock reads "local [mono] …" (the one in use in brackets), buffer_size_kb "7
  // (expanded: 1408)" before its first use, record-tgid "0".
  const before = SETTINGS.map((file) => {
    const text = readFileSync(`${TRACEFS}/${file}`, 'utf8').trim();
    const value = /\[(\S+)\]/.exec(text)?.[1] ?? /expanded: (\d+)/.exec(text)?.[1];
    return [file, value ?? text.split(/\s/)[0]!] as const;
  });
  set('tracing_on', '0');
  set('trace', '');
  set('trace_clock', 'mono');
  set('buffer_size_kb', '131072');
  set('options/record-tgid', '1');
  set('set_event', `${EVENTS.join('\n')}\n`);
  set('tracing_on', '1');
  let restored = false;
  const restore = () => {
    if (restored) return;
    restored = true;
    set('tracing_on', '0');
    set('set_event', '');
    set('trace', '');
    for (const [file, value] of before) set(file, value);
  };
  return {
    restore,
    async stop() {
      set('tracing_on', '0');
      try {
        const timeline = new SchedTimeline(lostEvents());
        const lines = createInterface({ input: createReadStream(`${TRACEFS}/trace`) });
        for await (const line of lines) timeline.add(line);
        return timeline;
      } finally {
        restore();
      }
    },
  };
}

function set(file: string, value: string): void {
  writeFileSync(`${TRACEFS}/${file}`, value);
}

/** Events the buffer overwrote, over all cores (its per-core `overrun` counts). */
function lostEvents(): number {
  let lost = 0;
  for (let cpu = 0; existsSync(`${TRACEFS}/per_cpu/cpu${cpu}`); cpu++) {
    const stats = readFileSync(`${TRACEFS}/per_cpu/cpu${cpu}/stats`, 'utf8');
    lost += Number(/^overrun: (\d+)/m.exec(stats)?.[1] ?? 0);
  }
  return lost;
}

// `  node-11574   (  11574) [001] d..2. 37025.046001: sched_switch: prev_comm=… ==> next_comm=node next_pid=11651 …`
const LINE = /^\s*(.+?)-(\d+)\s+\(\s*(\d+|-+)\)\s+\[(\d+)\]\s+\S+\s+(\d+\.\d+): (\w+): (.*)$/;
const NEXT = /next_comm=(.*) next_pid=(\d+)/;

export class SchedTimeline {
  /** Per core: the moments (s) a thread was switched in, and which. */
  private readonly switches = new Map<number, { at: number[]; tid: number[] }>();
  /** Per core: NET_RX softirqs as [start, end] (s). */
  private readonly netRx = new Map<number, [number, number][]>();
  private readonly openNetRx = new Map<number, number>();
  private readonly threads = new Map<number, TracedThread>();

  /** `lost`: events the kernel's buffer overwrote; the earliest windows then lack them. */
  constructor(readonly lost = 0) {}

  /** Reads one line of the trace, in the order the trace gives them. */
  add(line: string): void {
    const m = LINE.exec(line);
    if (!m) return;
    const [, comm, tid, tgid, core, time, event, rest] = m as unknown as string[];
    const [cpu, t] = [Number(core), Number(time)];
    this.note(Number(tid), comm!, /^\d+$/.test(tgid!) ? Number(tgid) : null);
    if (event === 'sched_switch') {
      const next = NEXT.exec(rest!);
      if (!next) return;
      const lane = this.switches.get(cpu) ?? { at: [], tid: [] };
      this.switches.set(cpu, lane);
      lane.at.push(t);
      lane.tid.push(Number(next[2]));
      this.note(Number(next[2]), next[1]!, null);
    } else if (rest!.includes('action=NET_RX')) {
      if (event === 'softirq_entry') this.openNetRx.set(cpu, t);
      else if (this.openNetRx.has(cpu)) {
        const list = this.netRx.get(cpu) ?? [];
        this.netRx.set(cpu, list);
        list.push([this.openNetRx.get(cpu)!, t]);
        this.openNetRx.delete(cpu);
      }
    }
  }

  /** Reads a whole trace at once (tests). */
  static parse(text: string): SchedTimeline {
    const timeline = new SchedTimeline();
    for (const line of text.split('\n')) timeline.add(line);
    return timeline;
  }

  /** Whether the trace covers `cpu` from `from` on (it starts where its first switch is). */
  covers(cpu: number, from: number): boolean {
    const first = this.switches.get(cpu)?.at[0];
    return first !== undefined && first <= from;
  }

  /** `<...>`: the trace had no name for the thread at that moment; a later line may. */
  private note(tid: number, comm: string, tgid: number | null): void {
    const known = this.threads.get(tid);
    if (!known) this.threads.set(tid, { tid, tgid, comm });
    else {
      if (known.tgid === null && tgid !== null) known.tgid = tgid;
      if (known.comm === '<...>' && comm !== '<...>') known.comm = comm;
    }
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
