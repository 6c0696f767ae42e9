/**
 * When to restart an engine that exited unexpectedly: quickly the first time, with a
 * growing delay after that, and not at all once it crashed too often within a minute
 * (a crash loop would only burn CPU and bury the real error).
 */
export interface RestartPolicy {
  /** Most restarts within `windowMs` before giving up. */
  maxRestarts: number;
  windowMs: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RESTART_POLICY: RestartPolicy = {
  maxRestarts: 5,
  windowMs: 60_000,
  baseDelayMs: 500,
  maxDelayMs: 10_000,
};

export type RestartDecision =
  { restart: true; delayMs: number; attempt: number } | { restart: false; reason: string };

/**
 * @param crashTimes when earlier unexpected exits happened (ms timestamps), oldest first,
 *   including the one being decided on.
 */
export function restartDecision(
  crashTimes: readonly number[],
  now: number,
  policy: RestartPolicy = DEFAULT_RESTART_POLICY,
): RestartDecision {
  const recent = crashTimes.filter((time) => now - time < policy.windowMs).length;
  if (recent > policy.maxRestarts) {
    return {
      restart: false,
      reason: `the engine stopped ${recent} times within ${Math.round(policy.windowMs / 1000)} s`,
    };
  }
  const attempt = Math.max(recent, 1);
  const delayMs = Math.min(policy.baseDelayMs * 2 ** (attempt - 1), policy.maxDelayMs);
  return { restart: true, delayMs, attempt };
}
