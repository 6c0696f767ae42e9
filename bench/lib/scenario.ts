/** What every scenario gets and gives back. */
import type { RunningServer } from './servers';

export interface BenchContext {
  /** A temp dir for configs, data dirs and CAROOTs (removed at the end). */
  dir: string;
  /** Seconds per wrk measurement. */
  durationSec: number;
  /** Measurements per contender (the median is reported). */
  runs: number;
  quick: boolean;
  upstream: RunningServer;
  log(line: string): void;
}

/**
 * Rounds for a figure that needs at least `min` to be read (a 95% interval needs 6): `--runs`
 * if larger; with `--quick`, `--runs` alone.
 */
export function roundsAtLeast(ctx: BenchContext, min: number): number {
  return ctx.quick ? ctx.runs : Math.max(ctx.runs, min);
}

export type Cell = string | number | null;

export interface ScenarioResult {
  id: string;
  title: string;
  columns: string[];
  rows: Record<string, Cell>[];
  notes: string[];
  /** Every measurement, for the JSON file. */
  raw?: unknown;
  /** Bars for the chart: one group per label. */
  chart?: { label: string; rps: number; p99: number }[];
}

export interface Scenario {
  id: string;
  title: string;
  run(ctx: BenchContext): Promise<ScenarioResult>;
}
