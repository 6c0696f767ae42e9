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
  cpuPerRequest,
  loadContender,
  summarize,
  type Contender,
  type Load,
  type Measured,
} from './contenders';
import { cpuTime } from './proc';
import type { BenchContext } from './scenario';

/** `ctx.runs` rounds of the two contenders at once; null when either has no pid to measure. */
export async function measureSideBySide(
  ctx: BenchContext,
  pair: readonly [Contender, Contender],
  load: Load,
): Promise<[Measured, Measured] | null> {
  const pids = pair.map((c) => c.pid);
  if (pids.some((pid) => pid === null)) return null;
  const runs: [Measured['runs'], Measured['runs']] = [[], []];
  await Promise.all(pair.map((c) => loadContender(ctx, c, load, 1)));
  for (let r = 0; r < ctx.runs; r++) {
    const before = pids.map((pid) => cpuTime(pid as number));
    const results = await Promise.all(
      pair.map((c) => loadContender(ctx, c, load, ctx.durationSec)),
    );
    const after = pids.map((pid) => cpuTime(pid as number));
    const line = pair.map((c, i) => {
      const result = results[i] as Awaited<ReturnType<typeof loadContender>>;
      const cpu = cpuPerRequest(before[i] ?? null, after[i] ?? null, result.requests);
      runs[i as 0 | 1].push({ ...result, ...cpu });
      return `${c.name} ${Math.round(result.rps)} req/s, CPU ${cpu.cpuUsPerRequest?.toFixed(1)} µs/req`;
    });
    ctx.log(`  side by side: ${line.join('; ')}`);
  }
  return [summarize(pair[0].name, runs[0]), summarize(pair[1].name, runs[1])];
}
