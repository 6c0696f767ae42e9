/**
 * Delay before the next attempt to reconnect the event stream: doubling from 250 ms up
 * to 10 s, with up to 20 % jitter so many tabs do not reconnect in lockstep.
 */
export function reconnectDelay(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(10_000, 250 * 2 ** Math.max(0, attempt));
  return Math.round(base * (1 + 0.2 * random()));
}
