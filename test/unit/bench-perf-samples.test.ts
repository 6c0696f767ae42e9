import { describe, expect, it } from 'vitest';
import {
  MEGAMORPHIC,
  callerOf,
  kindOf,
  microsecondsPerRequest,
  parsePerfScript,
} from '../../bench/lib/perf-samples';

// What `perf script -F comm,pid,tid,ip,sym,dso` prints for a `perf record -g` of two engines
// (threads of one process share its pid; V8's code is named from /tmp/perf-PID.map).
const NODE = '/opt/node/bin/node';
const SCRIPT = `MainThread 100/100 
\t         16a8b8d Builtins_LoadIC_Megamorphic (${NODE})
\t    7f4d369a20cc JS:*'Socket node:net:611:16 (/tmp/perf-100.map)
\t    7f4d369676ac JS:*'onconnection node:net:2757:22 (/tmp/perf-100.map)

MainThread 100/100 
\tffffffff8225f759 pvm_irq_enable ([kernel.kallsyms])
\tffffffff813ae452 finish_task_switch.isra.0 ([kernel.kallsyms])

V8Worker 100/104 
\t          a4db81 v8::internal::Scavenger::ScavengeObject (${NODE})

MainThread 200/200 
\t    7f4d369a20cc JS:^onResponseClose file:///work/main/out/bench/cli/portico.mjs:41470:25 (/tmp/perf-200.map)

MainThread 200/200 
\t         1660594 Builtins_KeyedStoreIC_Megamorphic (${NODE})
\t          a4db81 Builtins_CallFunction_ReceiverIsAny (${NODE})
\t    7f4d369a20cc JS:*'onHeaderValue /work/main/node_modules/undici/lib/dispatcher/client-h1.js:490:17 (/tmp/perf-200.map)
`;

describe('perf samples (bench/perf-side-by-side.ts)', () => {
  const samples = parsePerfScript(SCRIPT);

  it('reads each sample with its process, thread and stack, innermost first', () => {
    expect(samples.map((s) => [s.pid, s.thread, s.frames.length])).toEqual([
      [100, 'MainThread', 3],
      [100, 'MainThread', 2],
      [100, 'V8Worker', 1],
      [200, 'MainThread', 1],
      [200, 'MainThread', 3],
    ]);
    expect(samples[1]?.frames[0]).toEqual({ symbol: 'pvm_irq_enable', dso: '[kernel.kallsyms]' });
  });

  it('puts each sample down to a kind of work by its innermost frame and thread', () => {
    expect(samples.map(kindOf)).toEqual([
      'megamorphic inline caches',
      'kernel',
      "V8's helper threads",
      'JavaScript',
      'megamorphic inline caches',
    ]);
  });

  it('names the JavaScript that ran a builtin the same way in the engine and the pipeline', () => {
    expect(samples.map(callerOf)).toEqual([
      'Socket node:net:611:16',
      '?',
      '?',
      'onResponseClose (Portico)',
      'onHeaderValue undici/lib/dispatcher/client-h1.js:490:17',
    ]);
    expect(MEGAMORPHIC.test('Builtins_LoadICTrampoline_Megamorphic')).toBe(true);
    expect(MEGAMORPHIC.test('Builtins_LoadIC')).toBe(false);
  });

  it('turns one process’s samples into CPU µs a request', () => {
    // 1,000 Hz: a sample is 1 ms of CPU; over 10 requests, 100 µs a request.
    const perKind = microsecondsPerRequest(samples, 100, 10, 1_000, kindOf);
    expect(Object.fromEntries(perKind)).toEqual({
      'megamorphic inline caches': 100,
      kernel: 100,
      "V8's helper threads": 100,
    });
    const callers = microsecondsPerRequest(samples, 200, 4, 1_000, (s) =>
      kindOf(s) === 'megamorphic inline caches' ? callerOf(s) : null,
    );
    expect([...callers]).toEqual([
      ['onHeaderValue undici/lib/dispatcher/client-h1.js:490:17', 250],
    ]);
  });
});
