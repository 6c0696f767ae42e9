/** Medians, percentiles and ratios for the report. */

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  const a = sorted[low] as number;
  const b = sorted[high] as number;
  return a + (b - a) * (rank - low);
}

/**
 * The median over rounds of a[i] / b[i], both measured in round i (interleaved, back to
 * back): a slow minute on a shared machine weighs on both sides of each ratio, so drift
 * between rounds cancels out instead of landing on whoever it hit.
 */
export function pairedRatio(
  a: readonly (number | null)[],
  b: readonly (number | null)[] | undefined,
): number | null {
  if (!b) return null;
  const ratios = pairedRatios(a, b);
  return ratios.length === 0 ? null : median(ratios);
}

/** a[i] / b[i] for every round where both figures are known (the ratios `pairedRatio` takes). */
export function pairedRatios(
  a: readonly (number | null)[],
  b: readonly (number | null)[],
): number[] {
  const ratios: number[] = [];
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x == null || y == null || !Number.isFinite(x) || !Number.isFinite(y) || y === 0) continue;
    ratios.push(x / y);
  }
  return ratios;
}

/**
 * A confidence interval for the median of `values`, free of any assumption about their
 * distribution: the k-th smallest and k-th largest value, k the largest for which the chance
 * that the true median lies outside is at most 1 − `level` (the binomial sign-test interval).
 * Null when there are too few values for that level (fewer than 6 at 95%).
 */
export function medianInterval(
  values: readonly number[],
  level = 0.95,
): { low: number; high: number; level: number } | null {
  const n = values.length;
  // P(fewer than k of n values lie below the median) for k = 1, 2…: a binomial(n, ½) tail,
  // its terms C(n, i) / 2^n taken through logarithms (both parts overflow past ~1,000 values).
  let tail = 0;
  let logChoose = 0; // ln C(n, i)
  let k = 0;
  for (let i = 0; i < n / 2; i++) {
    const next = tail + Math.exp(logChoose - n * Math.LN2);
    if (1 - 2 * next < level) break;
    tail = next;
    k = i + 1;
    logChoose += Math.log((n - i) / (i + 1));
  }
  if (k === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return {
    low: sorted[k - 1] as number,
    high: sorted[n - k] as number,
    level: 1 - 2 * tail,
  };
}

export function round(value: number | null, digits = 2): number | null {
  if (value === null || !Number.isFinite(value)) return null;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
