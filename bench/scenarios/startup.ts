/**
 * Scenarios 8 and 9: cold start (spawn `node portico.mjs serve` → first proxied 200) and a
 * new domain's first HTTPS response (admin API `addDomain` → mkcert issues the certificate →
 * first 200 over TLS, trusted through the test CA), plus a later handshake for comparison.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import tls from 'node:tls';
import { createAdminClient } from '../../electron/engine/admin/admin-client';
import { readExistingToken } from '../../electron/engine/config/token';
import { engineNode } from '../lib/engine-node';
import { httpGet, httpsGet } from '../lib/http';
import { HTTP_HOST, serveArgs, startPortico, waitFor200, writeConfig } from '../lib/portico';
import { PROXY_CORE, freePort, spawnPinned } from '../lib/proc';
import type { BenchContext, Scenario, ScenarioResult } from '../lib/scenario';
import { median, round } from '../lib/stats';

export const coldStart: Scenario = {
  id: 'coldstart',
  title: '8. Cold start: `portico serve` to the first proxied response',
  async run(ctx: BenchContext): Promise<ScenarioResult> {
    const times: number[] = [];
    const count = ctx.quick ? 2 : 5;
    for (let i = 0; i < count; i++) {
      const dataDir = path.join(ctx.dir, `cold-${i}`);
      const [httpPort, httpsPort] = [await freePort(), await freePort()];
      writeConfig(dataDir, ctx.upstream.port, [httpPort, httpsPort]);
      const t0 = performance.now();
      const proc = spawnPinned(PROXY_CORE, engineNode(), serveArgs(dataDir, httpPort, httpsPort), {
        env: { ...process.env, CAROOT: path.join(ctx.dir, 'caroot') },
      });
      try {
        await waitFor200(() => httpGet(httpPort, HTTP_HOST, '/', 1_000), 15_000, proc);
        times.push(performance.now() - t0);
        ctx.log(`  ${times.at(-1)?.toFixed(0)} ms`);
      } finally {
        await proc.stop();
      }
    }
    return {
      id: this.id,
      title: this.title,
      columns: ['runs', 'median ms', 'min ms', 'max ms'],
      rows: [
        {
          runs: count,
          'median ms': round(median(times), 0),
          'min ms': round(Math.min(...times), 0),
          'max ms': round(Math.max(...times), 0),
        },
      ],
      notes: [
        'Target: ≤ 500 ms. Measured from spawning `node portico.mjs serve` (bundled) to the first 200 from the upstream through it; the client polls every 25 ms.',
      ],
      raw: times,
    };
  },
};

function handshake(port: number, servername: string, ca: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const socket = tls.connect({ host: '127.0.0.1', port, servername, ca }, () => {
      const ms = performance.now() - t0;
      socket.end();
      resolve(ms);
    });
    socket.on('error', reject);
  });
}

export const certificates: Scenario = {
  id: 'certs',
  title: '9. A new TLS domain: certificate issuance to the first HTTPS response',
  async run(ctx: BenchContext): Promise<ScenarioResult> {
    const portico = await startPortico({ dir: ctx.dir, upstreamPort: ctx.upstream.port });
    try {
      const token = await readExistingToken(portico.dataDir);
      const runtime = JSON.parse(
        readFileSync(path.join(portico.dataDir, 'engine.json'), 'utf8'),
      ) as { adminUrl: string };
      if (!token) throw new Error('no admin token');
      const api = createAdminClient(runtime.adminUrl, token);
      const count = ctx.quick ? 2 : 5;
      const first: number[] = [];
      const later: number[] = [];
      for (let i = 0; i < count; i++) {
        const host = `new${Date.now().toString(36)}${i}.localhost`;
        const t0 = performance.now();
        await api.addDomain({ host, target: `http://127.0.0.1:${ctx.upstream.port}`, tls: true });
        await waitFor200(() => httpsGet(portico.httpsPort, host, '/', portico.ca(), 2_000), 15_000);
        first.push(performance.now() - t0);
        later.push(await handshake(portico.httpsPort, host, portico.ca()));
        ctx.log(
          `  ${host}: first HTTPS 200 after ${first.at(-1)?.toFixed(0)} ms; a later handshake ${later.at(-1)?.toFixed(1)} ms`,
        );
      }
      return {
        id: this.id,
        title: this.title,
        columns: [
          'domains',
          'add → first HTTPS 200, median ms',
          'max ms',
          'later handshake, median ms',
        ],
        rows: [
          {
            domains: count,
            'add → first HTTPS 200, median ms': round(median(first), 0),
            'max ms': round(Math.max(...first), 0),
            'later handshake, median ms': round(median(later), 1),
          },
        ],
        notes: [
          'Target: ≤ 300 ms including issuance by mkcert (temp CAROOT). The add goes through the admin API, as `portico add` does with a running engine.',
        ],
        raw: { first, later },
      };
    } finally {
      await portico.stop();
    }
  },
};
