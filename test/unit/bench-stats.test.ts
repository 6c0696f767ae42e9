import { describe, expect, it } from 'vitest';
import { median, medianInterval, pairedRatio, pairedRatios } from '../../bench/lib/stats';

/** A small seeded generator (mulberry32), so the coverage check draws the same values each run. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('medianInterval', () => {
  it('takes the 2nd smallest and 2nd largest of 9 values at 95% (96.1% coverage)', () => {
    const interval = medianInterval([7, 3, 9, 1, 5, 8, 2, 6, 4]);
    expect(interval).toEqual({ low: 2, high: 8, level: expect.closeTo(1 - 20 / 512, 6) });
  });

  it('widens to the extremes when a higher level is asked of the same values', () => {
    expect(medianInterval([7, 3, 9, 1, 5, 8, 2, 6, 4], 0.99)).toMatchObject({ low: 1, high: 9 });
  });

  it('narrows as rounds are added: 15 values at 95% drop the 3 most extreme on each side', () => {
    const values = Array.from({ length: 15 }, (_, i) => i + 1);
    expect(medianInterval(values)).toMatchObject({ low: 4, high: 12 });
  });

  it('stays centred and about ±1.96·√n/2 ranks wide for thousands of values', () => {
    const values = Array.from({ length: 2001 }, (_, i) => i + 1);
    const interval = medianInterval(values);
    expect(interval).not.toBeNull();
    const { low, high } = interval as { low: number; high: number };
    expect(low + high).toBe(2002);
    expect(high - 1001).toBeGreaterThanOrEqual(40);
    expect(high - 1001).toBeLessThanOrEqual(48);
  });

  it('gives no interval when too few values could support the level', () => {
    expect(medianInterval([1, 2, 3, 4, 5])).toBeNull();
    expect(medianInterval([])).toBeNull();
    expect(medianInterval([1, 2, 3, 4, 5, 6])).toMatchObject({ low: 1, high: 6 });
  });

  it('contains the true median at least as often as its level says, for a skewed distribution', () => {
    const random = seeded(20261201);
    // Exponential with rate 1: median ln 2, a long right tail like a noisy machine's rounds.
    const trueMedian = Math.LN2;
    const trials = 4000;
    let covered = 0;
    for (let t = 0; t < trials; t++) {
      const values = Array.from({ length: 9 }, () => -Math.log(1 - random()));
      const interval = medianInterval(values);
      if (interval && interval.low <= trueMedian && trueMedian <= interval.high) covered++;
    }
    // Exact coverage is 96.1%; four thousand trials put the observed rate within ~0.7% of it.
    expect(covered / trials).toBeGreaterThan(0.945);
    expect(covered / trials).toBeLessThan(0.978);
  });
});

describe('pairedRatios', () => {
  it('divides round by round and skips rounds where either figure is missing or zero', () => {
    expect(pairedRatios([10, 20, null, 30, 8], [5, 0, 4, 10, 4])).toEqual([2, 3, 2]);
    expect(pairedRatio([10, 20, null, 30, 8], [5, 0, 4, 10, 4])).toBe(median([2, 3, 2]));
  });
});
