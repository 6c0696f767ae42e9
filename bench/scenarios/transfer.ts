/**
 * Scenario 6: a 10 MiB download and a 10 MiB upload through each contender, timed by curl
 * (pinned to the load core); the median of several transfers.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { startContenders, type Contender } from '../lib/contenders';
import { LOAD_CORE, tasksetAvailable } from '../lib/proc';
import { TLS_HOST } from '../lib/portico';
import type { BenchContext, Cell, Scenario, ScenarioResult } from '../lib/scenario';
import { BIG_BYTES } from '../lib/servers';
import { median, round } from '../lib/stats';

function curl(args: string[]): number {
  const argv = [
    '-sS',
    '-o',
    '/dev/null',
    '-w',
    '%{http_code} %{time_total}',
    '-H',
    'Expect:',
    ...args,
  ];
  const result = tasksetAvailable()
    ? spawnSync('taskset', ['-c', LOAD_CORE, 'curl', ...argv], { encoding: 'utf8' })
    : spawnSync('curl', argv, { encoding: 'utf8' });
  const [code, seconds] = result.stdout.trim().split(' ');
  if (result.status !== 0 || code !== '200')
    throw new Error(`curl ${args.join(' ')}: ${result.stdout} ${result.stderr}`);
  return Number(seconds) * 1000;
}

function target(c: Contender, caFile: string, file: string): string[] {
  const url = new URL(c.url);
  if (url.protocol === 'https:')
    return [
      '--cacert',
      caFile,
      '--resolve',
      `${TLS_HOST}:${url.port}:127.0.0.1`,
      new URL(file, c.url).href,
    ];
  return ['-H', `Host: ${c.headers.Host ?? ''}`, new URL(file, c.url).href];
}

export const transfer: Scenario = {
  id: 'transfer',
  title: '6. 10 MiB download and upload',
  async run(ctx: BenchContext): Promise<ScenarioResult> {
    const set = await startContenders(ctx, { tls: true });
    const body = path.join(ctx.dir, 'upload.bin');
    writeFileSync(body, Buffer.alloc(BIG_BYTES, 0x75));
    const caFile = path.join(ctx.dir, 'ca.pem');
    writeFileSync(caFile, set.portico.ca());
    const times = ctx.quick ? 3 : 7;
    try {
      const rows: Record<string, Cell>[] = [];
      const raw: unknown[] = [];
      for (const c of set.list) {
        const down: number[] = [];
        const up: number[] = [];
        for (let i = 0; i < times; i++) {
          down.push(curl(target(c, caFile, '/big.bin')));
          up.push(
            curl(['-X', 'POST', '--data-binary', `@${body}`, ...target(c, caFile, '/upload')]),
          );
        }
        raw.push({ name: c.name, down, up });
        const mib = BIG_BYTES / 1024 / 1024;
        rows.push({
          contender: c.name,
          'download ms': round(median(down), 1),
          'download MiB/s': round(mib / (median(down) / 1000), 0),
          'upload ms': round(median(up), 1),
          'upload MiB/s': round(mib / (median(up) / 1000), 0),
        });
        ctx.log(
          `  ${c.name}: down ${rows.at(-1)?.['download ms']} ms, up ${rows.at(-1)?.['upload ms']} ms`,
        );
      }
      return {
        id: this.id,
        title: this.title,
        columns: ['contender', 'download ms', 'download MiB/s', 'upload ms', 'upload MiB/s'],
        rows,
        notes: [...set.notes, `Median of ${times} transfers each; curl with \`Expect:\` off.`],
        raw,
      };
    } finally {
      await set.stop();
    }
  },
};
