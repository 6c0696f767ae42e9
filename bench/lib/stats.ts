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
  const ratios: number[] = [];
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x == null || y == null || !Number.isFinite(x) || !Number.isFinite(y) || y === 0) continue;
    ratios.push(x / y);
  }
  return ratios.length === 0 ? null : median(ratios);
}

export function round(value: number | null, digits = 2): number | null {
  if (value === null || !Number.isFinite(value)) return null;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
