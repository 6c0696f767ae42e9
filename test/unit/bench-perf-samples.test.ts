import { describe, expect, it } from 'vitest';
import {
  MEGAMORPHIC_KIND,
  callerOf,
  kindOf,
  microsecondsPerRequest,
  parsePerfScript,
} from '../../bench/lib/perf-samples';

// Samples as `perf script -F comm,pid,tid,ip,sym,dso` printed them for a `perf record -g` of an
// engine (pid 18476) and a pipeline host (pid 18493) on Node 24, cut to their first frames.
// Threads of one process share its pid; V8's code is named from /tmp/perf-PID.map.
const NODE = '/root/.cache/portico-dev/node-v24.22.3-linux-x64/bin/node';
const SCRIPT = `MainThread 18476/18476 
\t         16a8b8d Builtins_LoadIC_Megamorphic (${NODE})
\t    7f4d369a20cc JS:*'Socket node:net:611:16 (/tmp/perf-18476.map)
\t         165d39a Builtins_JSConstructStubGeneric (${NODE})
\t    7f4d369676ac JS:*'onconnection node:net:2757:22 (/tmp/perf-18476.map)

MainThread 18476/18476 
\tffffffff8225f759 pvm_irq_enable ([kernel.kallsyms])
\tffffffff8225f681 __raw_callee_save_pvm_irq_enable ([kernel.kallsyms])
\tffffffff813ae452 finish_task_switch.isra.0 ([kernel.kallsyms])

V8Worker 18476/18481 
\t         24fb643 v8::internal::compiler::GraphReducer::Reduce (${NODE})
\t         24fd3bc v8::internal::compiler::GraphReducer::ReduceTop (${NODE})

MainThread 18476/18476 
\t          be8a37 v8::internal::ScavengerCollector::ClearOldEphemerons (${NODE})
\t          b36fdb v8::internal::Heap::Scavenge (${NODE})

MainThread 18476/18476 
\t          a4db81 v8::internal::(anonymous namespace)::Invoke (${NODE})
\t          a4ea2f v8::internal::Execution::Call (${NODE})

MainThread 18493/18493 
\t    7f4d369a20cc JS:^onResponseClose file:///work/main/out/bench/proxy-host/proxy-host.mjs:31637:25 (/tmp/perf-18493.map)

MainThread 18493/18493 
\t         16c5d93 Builtins_CloneObjectIC_Slow (${NODE})
\t          a4db81 Builtins_CallFunction_ReceiverIsAny (${NODE})
\t    7f4d369a20cc JS:*'onHeaderValue /work/main/node_modules/undici/lib/dispatcher/client-h1.js:490:17 (/tmp/perf-18493.map)

MainThread 18493/18493 
\t    7f4d3695e2b0 [unknown] (/tmp/perf-18493.map)
`;

describe('perf samples (bench/perf-side-by-side.ts)', () => {
  const samples = parsePerfScript(SCRIPT);

  it('reads each sample with its process, thread and stack, innermost first', () => {
    expect(samples.map((s) => [s.pid, s.tid, s.frames.length])).toEqual([
      [18476, 18476, 4],
      [18476, 18476, 3],
      [18476, 18481, 2],
      [18476, 18476, 2],
      [18476, 18476, 2],
      [18493, 18493, 1],
      [18493, 18493, 3],
      [18493, 18493, 1],
    ]);
    expect(samples[1]?.frames[0]).toEqual({
      symbol: 'pvm_irq_enable',
      dso: '[kernel.kallsyms]',
      kernel: true,
    });
    // A symbol with parentheses of its own keeps them; the dso is the last group.
    expect(samples[4]?.frames[0]).toEqual({
      symbol: 'v8::internal::(anonymous namespace)::Invoke',
      dso: NODE,
      kernel: false,
    });
  });

  it('puts each sample down to a kind of work by its innermost frame and thread', () => {
    expect(samples.map(kindOf)).toEqual([
      MEGAMORPHIC_KIND,
      'kernel',
      'other threads (V8’s helpers, libuv’s)',
      'garbage collector',
      'V8 runtime',
      'JavaScript',
      MEGAMORPHIC_KIND,
      'unknown',
    ]);
  });

  it('names the JavaScript that ran a builtin the same way in the engine and the pipeline', () => {
    expect(samples.map(callerOf)).toEqual([
      'Socket node:net:611:16',
      '?',
      '?',
      '?',
      '?',
      'onResponseClose (Portico)',
      'onHeaderValue undici/lib/dispatcher/client-h1.js:490:17',
      '?',
    ]);
  });

  it('turns one process’s samples into CPU µs a request', () => {
    // 1,000 Hz: a sample is 1 ms of CPU; over 10 requests, 100 µs a request.
    const perKind = microsecondsPerRequest(samples, 18476, 10, 1_000, kindOf);
    expect(Object.fromEntries(perKind)).toEqual({
      [MEGAMORPHIC_KIND]: 100,
      kernel: 100,
      'other threads (V8’s helpers, libuv’s)': 100,
      'garbage collector': 100,
      'V8 runtime': 100,
    });
    const callers = microsecondsPerRequest(samples, 18493, 4, 1_000, (s) =>
      kindOf(s) === MEGAMORPHIC_KIND ? callerOf(s) : null,
    );
    expect([...callers]).toEqual([
      ['onHeaderValue undici/lib/dispatcher/client-h1.js:490:17', 250],
    ]);
  });
});
