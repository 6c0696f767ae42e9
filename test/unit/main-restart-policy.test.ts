import { describe, expect, it } from 'vitest';
import { restartDecision, type RestartPolicy } from '../../electron/main/restart-policy';

const policy: RestartPolicy = {
  maxRestarts: 3,
  windowMs: 60_000,
  baseDelayMs: 500,
  maxDelayMs: 3_000,
};

describe('restart policy', () => {
  it('restarts quickly at first, then backs off, capped', () => {
    expect(restartDecision([1_000], 1_000, policy)).toEqual({
      restart: true,
      delayMs: 500,
      attempt: 1,
    });
    expect(restartDecision([1_000, 2_000], 2_000, policy)).toEqual({
      restart: true,
      delayMs: 1_000,
      attempt: 2,
    });
    expect(restartDecision([1_000, 2_000, 3_000], 3_000, policy)).toEqual({
      restart: true,
      delayMs: 2_000,
      attempt: 3,
    });
    const wide = { ...policy, maxRestarts: 10 };
    expect(restartDecision([1, 2, 3, 4, 5, 6], 6, wide)).toMatchObject({ delayMs: 3_000 });
  });

  it('gives up after too many crashes within the window', () => {
    const decision = restartDecision([1_000, 2_000, 3_000, 4_000], 4_000, policy);
    expect(decision).toEqual({ restart: false, reason: 'the engine stopped 4 times within 60 s' });
  });

  it('forgets crashes older than the window', () => {
    expect(restartDecision([1_000, 2_000, 3_000, 70_000], 70_000, policy)).toEqual({
      restart: true,
      delayMs: 500,
      attempt: 1,
    });
  });
});
