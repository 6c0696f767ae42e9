/** Command-line options of `npm run bench` and of the scripts beside it. */
import { parseArgs } from 'node:util';

export interface BenchArgs {
  quick: boolean;
  /** Scenario ids to run (all when empty). */
  only: string[];
  durationSec: number;
  runs: number;
  build: boolean;
  /** What Portico's processes run on: `electron`, a Node binary's path, or null for this Node. */
  engineNode: string | null;
  help: boolean;
}

export function parseBenchArgs(argv: string[]): BenchArgs {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      scenario: { type: 'string', multiple: true },
      duration: { type: 'string' },
      runs: { type: 'string' },
      'no-build': { type: 'boolean', default: false },
      'engine-node': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const quick = values.quick ?? false;
  const durationSec = values.duration ? Number(values.duration) : quick ? 2 : 5;
  const runs = values.runs ? Number(values.runs) : quick ? 1 : 3;
  if (!Number.isFinite(durationSec) || durationSec < 1)
    throw new Error('--duration must be ≥ 1 (seconds)');
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs must be a positive integer');
  return {
    quick,
    only: (values.scenario ?? []).flatMap((s) => s.split(',')).filter(Boolean),
    durationSec,
    runs,
    build: !(values['no-build'] ?? false),
    engineNode: values['engine-node'] ?? null,
    help: values.help ?? false,
  };
}

export const USAGE = `Usage: npm run bench -- [--quick] [--scenario ID[,ID…]] [--duration SEC] [--runs N] [--no-build]
                     [--engine-node electron|PATH]

  --quick        1 run of 2 s per measurement, fewer iterations (< 3 minutes)
  --scenario     only these scenarios (repeatable): keepalive, newconn, inspector,
                 websocket, sse, transfer, memory, coldstart, certs
  --duration     seconds per wrk measurement (default 5; quick 2)
  --runs         measurements per contender, the median is reported (default 3; quick 1)
  --no-build     use the bundles already in out/bench
  --engine-node  run Portico (and the bare Node relay) on another Node: \`electron\` for the
                 Node that Electron embeds (the desktop app's runtime; fetched once by
                 scripts/electron-node.mjs), or a node binary's path (default: this Node)
`;

/**
 * The bench scripts' numeric options as positive integers, each at most its `max` if one is
 * given; a string saying what is expected when any is not.
 */
export function readPositiveIntegers<K extends string>(
  values: Record<K, string>,
  max: Partial<Record<K, number>> = {},
): Record<K, number> | string {
  const names = Object.keys(values) as K[];
  const numbers = {} as Record<K, number>;
  for (const name of names) numbers[name] = Number(values[name]);
  const fits = (name: K) =>
    Number.isInteger(numbers[name]) &&
    numbers[name] > 0 &&
    numbers[name] <= (max[name] ?? Number.POSITIVE_INFINITY);
  if (names.every(fits)) return numbers;
  const options = names.map((name) => `--${name}`);
  const list =
    options.length > 1 ? `${options.slice(0, -1).join(', ')} and ${options.at(-1)}` : options[0];
  const limits = names
    .filter((name) => max[name] !== undefined)
    .map((name) => `, --${name} ≤ ${max[name]}`)
    .join('');
  const what = options.length > 1 ? 'positive integers' : 'a positive integer';
  return `${list} must be ${what}${limits}`;
}

/** `readPositiveIntegers` for a script: what is wrong is printed, and the script exits (2). */
export function positiveIntegers<K extends string>(
  values: Record<K, string>,
  max: Partial<Record<K, number>> = {},
): Record<K, number> {
  const numbers = readPositiveIntegers(values, max);
  if (typeof numbers === 'string') {
    console.error(numbers);
    process.exit(2);
  }
  return numbers;
}
