/** Command-line options of `npm run bench`. */
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
