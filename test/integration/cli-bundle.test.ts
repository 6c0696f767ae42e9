// The bundled CLI (out/cli/portico.mjs, what the `portico` command runs): it serves a domain
// over trusted HTTPS, and it does not load Node's own fetch and WebSocket (its internal copy of
// undici). An ES import of a built-in makes Node read all of the module's exports, and on
// Node 22+ `node:http`'s lazy WebSocket getter loads that copy: ~76 modules and several MiB of
// RSS for code the engine never runs (bench/README.md, finding 22). The build turns those
// imports into require() (scripts/builtins-by-require.mjs). Node 20's http has no such getter,
// so this can only fail on Node 22+: `npm test` runs it on Electron's Node too.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdminClient } from '../../electron/engine/admin/admin-client';
import { ENGINE_NODE_FLAGS } from '../../shared/engine-node-flags.mjs';
import { REPO_ROOT } from '../helpers/cli-run';
import { startServe, type ServeProcess } from '../helpers/serve-process';
import { request } from '../helpers/test-proxy';
import { startEchoUpstream, type Upstream } from '../helpers/upstreams';

// Inside the repository: the bundle loads undici's client from the node_modules beside it.
mkdirSync(path.join(REPO_ROOT, 'out'), { recursive: true });
const dir = mkdtempSync(path.join(REPO_ROOT, 'out', 'test-cli-bundle-'));
const bundle = path.join(dir, 'portico.mjs');
const moduleList = path.join(dir, 'modules.txt');
let echo: Upstream;
let serve: ServeProcess;

beforeAll(async () => {
  await promisify(execFile)(
    process.execPath,
    ['scripts/build-cli.mjs', 'electron/cli/main.ts', bundle],
    {
      cwd: REPO_ROOT,
    },
  );
  echo = await startEchoUpstream();
  // Run as the `portico` command is: by its shebang (`env -S node <the engine's flags>`),
  // with this Node first on PATH. The CLI commands run against it inherit NODE_OPTIONS and
  // write the module list too; serve, stopped last, writes it last.
  serve = await startServe({
    command: bundle,
    program: [],
    env: {
      MODULE_LIST_FILE: moduleList,
      NODE_OPTIONS: `--import ${path.join(REPO_ROOT, 'test/helpers/module-list-at-exit.mjs')}`,
      PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}`,
    },
  });
}, 90_000);

afterAll(async () => {
  await serve?.cleanup();
  await echo?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the bundled CLI', () => {
  it('serves a domain over trusted HTTPS', async () => {
    const add = await serve.cli(['add', 'shop.localhost', String(echo.port)]);
    expect(add.code, add.stderr).toBe(0);
    const res = await request({
      port: serve.httpsPort,
      host: `shop.localhost:${serve.httpsPort}`,
      path: '/hello',
      ca: await serve.caCertificate(),
    });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body).url).toBe('/hello');
  });

  it('starts with the engine V8 flags in its shebang, and they reach V8 (gc is exposed)', async () => {
    const shebang = readFileSync(bundle, 'utf8').split('\n', 1)[0];
    expect(shebang).toBe(`#!/usr/bin/env -S node ${ENGINE_NODE_FLAGS.join(' ')}`);
    const dashboard = new URL(serve.dashboardUrl);
    const token = dashboard.hash.replace('#token=', '');
    const status = await createAdminClient(dashboard.origin, token).getStatus({});
    expect(status.runtime).toEqual({
      node: process.version,
      v8: process.versions.v8,
      gcExposed: true,
    });
  });

  it('has not loaded Node’s internal fetch and WebSocket when it stops', async () => {
    expect(await serve.stop()).toBe(0);
    const loaded = readFileSync(moduleList, 'utf8').split('\n');
    expect(loaded).toContain('NativeModule http');
    expect(loaded.filter((name) => name.includes('undici'))).toEqual([]);
  });
});
