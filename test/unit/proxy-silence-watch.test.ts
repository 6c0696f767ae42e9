// The read timeout's shared sweep: an exchange that hears nothing for its whole timeout is
// told so once; activity restarts the count; an unwatched exchange is never told.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  SILENCE_TICK_MS,
  SilenceWatch,
  type Watched,
} from '../../electron/engine/proxy/silence-watch';

function entry(timeoutMs: number): Watched & { silentCalls: number } {
  const e = {
    heard: false,
    timeoutMs,
    silentCalls: 0,
    silent() {
      e.silentCalls++;
    },
  };
  return e;
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('SilenceWatch', () => {
  it('tells an exchange it went silent once its timeout passed without activity, once', () => {
    const watch = new SilenceWatch();
    const quiet = entry(1000);
    watch.watch(quiet);
    vi.advanceTimersByTime(1000 - SILENCE_TICK_MS);
    expect(quiet.silentCalls).toBe(0);
    vi.advanceTimersByTime(SILENCE_TICK_MS);
    expect(quiet.silentCalls).toBe(1);
    vi.advanceTimersByTime(5000);
    expect(quiet.silentCalls).toBe(1);
    watch.close();
  });

  it('restarts the count whenever the exchange hears something', () => {
    const watch = new SilenceWatch();
    const chatty = entry(1000);
    watch.watch(chatty);
    for (let i = 0; i < 20; i++) {
      vi.advanceTimersByTime(500);
      chatty.heard = true;
    }
    expect(chatty.silentCalls).toBe(0);
    vi.advanceTimersByTime(1000 + SILENCE_TICK_MS);
    expect(chatty.silentCalls).toBe(1);
    watch.close();
  });

  it('never tells an exchange that was unwatched, and keeps watching the others', () => {
    const watch = new SilenceWatch();
    const [a, b, c] = [entry(500), entry(500), entry(500)];
    watch.watch(a);
    const nodeB = watch.watch(b);
    watch.watch(c);
    watch.unwatch(nodeB);
    watch.unwatch(nodeB); // twice is harmless
    vi.advanceTimersByTime(1000);
    expect([a.silentCalls, b.silentCalls, c.silentCalls]).toEqual([1, 0, 1]);
    watch.close();
  });

  it('stops its timer when nothing is watched', () => {
    const watch = new SilenceWatch();
    watch.unwatch(watch.watch(entry(250)));
    vi.advanceTimersByTime(SILENCE_TICK_MS * 2);
    expect(vi.getTimerCount()).toBe(0);
  });
});
