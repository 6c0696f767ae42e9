/**
 * Two contenders measured at the same moment: both on the proxy core, each loaded by its own
 * wrk, so each gets half of the core and a slow second on the shared machine slows both alike.
 * Taking turns (measureAll) pairs rounds a few seconds apart, and this machine's speed moves
 * by more than a few percent between them; side by side, only what differs between the two
 * contenders is left in their ratio.
 *
 * The kernel switches between the two at its tick (~125 involuntary switches a second each,
 * almost no voluntary ones: /proc/PID/status), and after each switch the caches hold the
 * other's code and data, so CPU per request is higher than in rounds taken in turn.
 * bench/README.md says how that can bias the ratio, and by how much at most.
 */
import {
  loadContender,
  measureTogether,
  summarize,
  type Contender,
  type Load,
  type Measured,
} from './contenders';
import type { BenchContext } from './scenario';

/** `ctx.runs` rounds of the two contenders loaded at once, after a warm-up together. */
export async function measureSideBySide(
  ctx: BenchContext,
  pair: readonly [Contender, Contender],
  load: Load,
): Promise<[Measured, Measured]> {
  const runs: [Measured['runs'], Measured['runs']] = [[], []];
  await Promise.all(pair.map((c) => loadContender(ctx, c, load, 1)));
  for (let r = 0; r < ctx.runs; r++) {
    const [first, second] = await measureTogether(ctx, pair, load);
    if (first && second) {
      runs[0].push(first);
      runs[1].push(second);
    }
  }
  return [summarize(pair[0].name, runs[0]), summarize(pair[1].name, runs[1])];
}
