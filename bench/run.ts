/**
 * `npm run bench`: every scenario of issue 6 on this machine, against the same upstream.
 * Writes bench/results/<date>.json, .md (tables) and .svg (throughput and p99 per contender).
 * See bench/README.md.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { USAGE, parseBenchArgs } from './lib/args';
import { buildBundles } from './lib/build';
import { engineNodeVersion, useEngineNode } from './lib/engine-node';
import { LOAD_CORE, PROXY_CORE, have, pinSelf, stopAll } from './lib/proc';
import { writeReport } from './lib/report';
import type { BenchContext, Scenario, ScenarioResult } from './lib/scenario';
import { startUpstream } from './lib/servers';
import { SCENARIOS } from './scenarios';

async function main(): Promise<number> {
  const args = parseBenchArgs(process.argv.slice(2));
  if (args.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  for (const tool of ['wrk', 'nginx']) {
    if (!have(tool)) {
      process.stderr.write(`bench: ${tool} is required (Debian package ${tool}).\n`);
      return 1;
    }
  }
  const unknown = args.only.filter((id) => !SCENARIOS.some((s) => s.id === id));
  if (unknown.length) {
    process.stderr.write(`bench: unknown scenario ${unknown.join(', ')}\n${USAGE}`);
    return 2;
  }
  const chosen: Scenario[] = args.only.length
    ? SCENARIOS.filter((s) => args.only.includes(s.id))
    : SCENARIOS;
  if (args.engineNode !== null) useEngineNode(args.engineNode);
  const pinned = pinSelf(LOAD_CORE);
  const log = (line: string) => process.stdout.write(`${line}\n`);
  if (args.build) {
    log('Bundling the CLI and the pipeline host…');
    buildBundles();
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'portico-bench-'));
  const started = Date.now();
  const results: ScenarioResult[] = [];
  const failures: { id: string; error: string }[] = [];
  const upstream = await startUpstream(dir);
  const ctx: BenchContext = {
    dir,
    durationSec: args.durationSec,
    runs: args.runs,
    quick: args.quick,
    upstream,
    log,
  };
  try {
    for (const scenario of chosen) {
      log(`\n== ${scenario.title}`);
      try {
        const result = await scenario.run(ctx);
        results.push(result);
      } catch (error) {
        const message = (error as Error).stack ?? String(error);
        log(`  FAILED: ${message}`);
        failures.push({ id: scenario.id, error: message });
      }
    }
  } finally {
    await upstream.stop();
    await stopAll();
    rmSync(dir, { recursive: true, force: true });
  }
  const files = writeReport({
    startedAt: new Date(started),
    seconds: (Date.now() - started) / 1000,
    args,
    machine: {
      cpus: os.cpus().length,
      model: os.cpus()[0]?.model ?? 'unknown',
      node: process.version,
      engineNode: engineNodeVersion(),
      pinning: pinned
        ? `proxies on core ${PROXY_CORE}; wrk, upstream and clients on core ${LOAD_CORE} (taskset)`
        : 'no taskset: processes not pinned',
      loadavg: os.loadavg(),
    },
    results,
    failures,
  });
  log(`\nWrote ${files.join(', ')}`);
  return failures.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  async (error: unknown) => {
    process.stderr.write(`bench: ${(error as Error).stack ?? String(error)}\n`);
    await stopAll();
    process.exit(1);
  },
);
