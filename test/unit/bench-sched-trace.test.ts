// The kernel trace behind bench/sse-trace.ts, read back: which thread ran on a core over a
// window, and how long the core spent delivering packets (lines as tracefs writes them).
import { describe, expect, it } from 'vitest';
import { SchedTimeline } from '../../bench/lib/sched-trace';

const TRACE = `# tracer: nop
#
          <idle>-0       (-------) [000] d..2. 100.000000: sched_switch: prev_comm=swapper/0 prev_pid=0 prev_prio=120 prev_state=R ==> next_comm=node next_pid=500 next_prio=120
            node-500     (    500) [000] ..s1. 100.001000: softirq_entry: vec=3 [action=NET_RX]
            node-500     (    500) [000] ..s1. 100.004000: softirq_exit: vec=3 [action=NET_RX]
            node-500     (    500) [000] d..2. 100.005000: sched_switch: prev_comm=node prev_pid=500 prev_prio=120 prev_state=S ==> next_comm=node next_pid=503 next_prio=120
            node-503     (    500) [000] ..s1. 100.005500: softirq_entry: vec=1 [action=TIMER]
            node-503     (    500) [000] ..s1. 100.005600: softirq_exit: vec=1 [action=TIMER]
            node-503     (    500) [000] d..2. 100.007000: sched_switch: prev_comm=node prev_pid=503 prev_prio=120 prev_state=S ==> next_comm=swapper/0 next_pid=0 next_prio=120
          <idle>-0       (-------) [001] d..2. 100.002000: sched_switch: prev_comm=swapper/1 prev_pid=0 prev_prio=120 prev_state=R ==> next_comm=nginx next_pid=600 next_prio=120
`;

describe('SchedTimeline', () => {
  const timeline = SchedTimeline.parse(TRACE);

  it('says how long each thread ran on a core within a window, idle as thread 0', () => {
    const ran = timeline.ranOn(0, 100.004, 100.01);
    expect([...ran].map(([tid, ms]) => [tid, Number(ms.toFixed(3))])).toEqual([
      [500, 1],
      [503, 2],
      [0, 3],
    ]);
  });

  it('counts only NET_RX softirqs, clipped to the window', () => {
    expect(timeline.netRxMs(0, 100.002, 100.01)).toBeCloseTo(2, 6);
    expect(timeline.netRxMs(0, 100.005, 100.01)).toBe(0);
    expect(timeline.netRxMs(1, 100, 100.01)).toBe(0);
  });

  it('knows which process a thread belongs to, and its name', () => {
    expect(timeline.thread(503)).toEqual({ tid: 503, tgid: 500, comm: 'node' });
    expect(timeline.thread(600)).toEqual({ tid: 600, tgid: null, comm: 'nginx' });
  });

  it('takes a name from a later line where the first had none (<...>)', () => {
    const named = SchedTimeline.parse(
      [
        '           <...>-700     (    700) [000] d..2. 100.000000: sched_switch: prev_comm=x prev_pid=700 prev_prio=120 prev_state=S ==> next_comm=swapper/0 next_pid=0 next_prio=120',
        '          <idle>-0       (-------) [000] d..2. 100.001000: sched_switch: prev_comm=swapper/0 prev_pid=0 prev_prio=120 prev_state=R ==> next_comm=nginx next_pid=700 next_prio=120',
      ].join('\n'),
    );
    expect(named.thread(700)).toEqual({ tid: 700, tgid: 700, comm: 'nginx' });
  });

  it('covers a core only from its first traced switch on', () => {
    expect(timeline.covers(0, 99.9)).toBe(false);
    expect(timeline.covers(0, 100.001)).toBe(true);
    expect(timeline.covers(1, 100.001)).toBe(false);
    expect(timeline.covers(2, 100.5)).toBe(false);
  });
});
