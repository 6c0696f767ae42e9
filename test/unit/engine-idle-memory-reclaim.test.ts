// The engine's idle memory reclaim decides, one interval at a time, whether to run a
// memory-reducing collection: only when the heap grew since the last one and holds more than
// everyday traffic leaves, nothing moved through the proxy and the event loop was quiet;
// never twice for one growth. The real collection and RSS are checked in
// test/integration/engine-memory-reclaim.test.ts.
import { describe, expect, it } from 'vitest';
import {
  createIdleMemoryReclaim,
  GROWTH_BYTES,
  IDLE_UTILIZATION,
  RECLAIM_FLOOR_BYTES,
} from '../../electron/engine/idle-memory-reclaim';

const MiB = 1024 * 1024;

/** A fake engine: the test sets its heap and loop; `collect` shrinks the heap to `live`. */
function fakeEngine(startHeap: number) {
  const engine = {
    heap: startHeap,
    live: startHeap,
    busy: 0,
    /** The proxy's traffic count. */
    moved: 0,
    collections: 0,
  };
  const reclaim = createIdleMemoryReclaim({
    activity: () => engine.moved,
    utilization: () => engine.busy,
    heapBytes: () => engine.heap,
    collect: () => {
      engine.collections++;
      engine.heap = engine.live;
    },
  });
  return { engine, reclaim };
}

describe('idle memory reclaim', () => {
  it('collects once the loop is quiet after the heap grew, and gives back what it grew', () => {
    const { engine, reclaim } = fakeEngine(16 * MiB);
    engine.heap = 38 * MiB; // a burst: 1,000 WebSockets
    engine.live = 15 * MiB;
    engine.busy = 0.4;
    expect(reclaim.tick()).toBe(false); // still busy
    engine.busy = 0.002;
    expect(reclaim.tick()).toBe(true);
    expect(engine.collections).toBe(1);
    expect(engine.heap).toBe(15 * MiB);
  });

  it('leaves a quiet engine alone while its heap has not grown by the threshold', () => {
    // Above the floor, so that only the growth decides.
    const { engine, reclaim } = fakeEngine(40 * MiB);
    engine.heap = 40 * MiB + GROWTH_BYTES - 1;
    for (let i = 0; i < 10; i++) expect(reclaim.tick()).toBe(false);
    expect(engine.collections).toBe(0);
  });

  it('keeps the heap that page loads leave, though it grew by the threshold', () => {
    // Collecting it would throw away the request path's optimised code for ~10 MiB.
    const { engine, reclaim } = fakeEngine(16 * MiB);
    engine.heap = 25 * MiB;
    engine.live = 15 * MiB;
    for (let i = 0; i < 10; i++) expect(reclaim.tick()).toBe(false);
    engine.heap = RECLAIM_FLOOR_BYTES;
    expect(reclaim.tick()).toBe(true);
    expect(engine.collections).toBe(1);
  });

  it('never collects while the loop is busy, as during an SSE stream (3–4% busy)', () => {
    const { engine, reclaim } = fakeEngine(16 * MiB);
    engine.heap = 64 * MiB;
    engine.busy = 0.035;
    for (let i = 0; i < 10; i++) reclaim.tick();
    engine.busy = IDLE_UTILIZATION; // the threshold itself counts as busy
    reclaim.tick();
    expect(engine.collections).toBe(0);
  });

  it('waits while a slow stream relays events, though the loop is all but idle', () => {
    const { engine, reclaim } = fakeEngine(16 * MiB);
    engine.heap = 40 * MiB;
    engine.live = 15 * MiB;
    engine.busy = 0.001; // an HMR socket or SSE feed with an event now and then
    for (let i = 0; i < 10; i++) {
      engine.moved += 1;
      expect(reclaim.tick()).toBe(false);
    }
    expect(reclaim.tick()).toBe(true); // a whole interval without an event
    expect(engine.collections).toBe(1);
  });

  it('measures growth from the heap after its last collection, not from the start', () => {
    const { engine, reclaim } = fakeEngine(16 * MiB);
    engine.heap = 50 * MiB;
    engine.live = 34 * MiB; // live data grew too: 1,000 WebSockets stay open
    reclaim.tick();
    expect(engine.collections).toBe(1);
    // Idle with the same heap (above the floor): no second collection for the same growth.
    for (let i = 0; i < 10; i++) expect(reclaim.tick()).toBe(false);
    engine.heap = 34 * MiB + GROWTH_BYTES;
    expect(reclaim.tick()).toBe(true);
    expect(engine.collections).toBe(2);
  });
});
