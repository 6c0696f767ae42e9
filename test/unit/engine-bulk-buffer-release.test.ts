// The bulk buffer release asks V8 for one young-generation collection per burst of bulk
// traffic, after the parser or listener that reported it has returned. It is off (null) where
// there is no `gc` (the engine started without its flags) and on V8 11 (Node 20), where it
// made downloads slower. That the proxy reports every 8 MiB is
// test/integration/proxy-bulk-traffic.test.ts.
import { describe, expect, it } from 'vitest';
import { bulkBufferRelease } from '../../electron/engine/bulk-buffer-release';

function fakeGc() {
  const calls: unknown[] = [];
  const gc = ((options?: unknown) => {
    calls.push(options);
  }) as typeof globalThis.gc;
  return { gc, calls };
}

const noLog = () => {};
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('bulk buffer release', () => {
  it('is off where gc is not exposed, and on V8 11', () => {
    expect(bulkBufferRelease(noLog, { gc: undefined, v8Major: 13 })).toBeNull();
    expect(bulkBufferRelease(noLog, { gc: fakeGc().gc, v8Major: 11 })).toBeNull();
  });

  it('runs one young-generation collection per burst, after the caller returned', async () => {
    const { gc, calls } = fakeGc();
    const release = bulkBufferRelease(noLog, { gc, v8Major: 12 })!;
    release();
    release();
    expect(calls).toEqual([]);
    await nextTurn();
    expect(calls).toEqual([{ type: 'minor' }]);
    release();
    await nextTurn();
    expect(calls).toEqual([{ type: 'minor' }, { type: 'minor' }]);
  });

  it('stops, and says so, if a collection throws', async () => {
    const logs: string[] = [];
    let calls = 0;
    const gc = (() => {
      calls++;
      throw new Error('no collection today');
    }) as typeof globalThis.gc;
    const release = bulkBufferRelease((line) => logs.push(line), { gc, v8Major: 13 })!;
    release();
    await nextTurn();
    release();
    await nextTurn();
    expect(calls).toBe(1);
    expect(logs).toEqual(['memory: bulk buffer release stopped: Error: no collection today']);
  });
});
