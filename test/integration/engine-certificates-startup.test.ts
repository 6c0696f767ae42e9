// First run on a machine where getting mkcert takes a while (a download): the engine serves
// HTTP and its admin API at once, says HTTPS is on its way, and starts HTTPS by itself when
// mkcert is ready — no restart.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { EngineStatus, EventMessage } from '../../shared/contract';
import { startEngine, type RunningEngine } from '../../electron/engine/engine';
import { request } from '../helpers/test-proxy';
import { startEchoUpstream, type Upstream } from '../helpers/upstreams';

let dir: string;
let engine: RunningEngine;
let echo: Upstream;
const statuses: EngineStatus[] = [];
const previousMkcert = process.env.PORTICO_MKCERT;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'portico-slow-mkcert-'));
  // A real mkcert that takes 3 s to answer `-version`, as a first-run download would.
  const slow = path.join(dir, 'mkcert');
  writeFileSync(slow, '#!/bin/sh\n[ "$1" = "-version" ] && sleep 3\nexec /usr/bin/mkcert "$@"\n');
  chmodSync(slow, 0o755);
  process.env.PORTICO_MKCERT = slow;
  echo = await startEchoUpstream();
  engine = await startEngine({
    dataDir: path.join(dir, 'data'),
    httpPort: 0,
    httpsPort: 0,
    adminPort: 0,
  });
  engine.subscribe((message: EventMessage) => {
    if (message.event === 'status') statuses.push(message.payload as EngineStatus);
  });
});

afterAll(async () => {
  if (previousMkcert === undefined) delete process.env.PORTICO_MKCERT;
  else process.env.PORTICO_MKCERT = previousMkcert;
  await engine?.stop();
  await echo?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('start-up while mkcert is not ready yet', () => {
  it('serves HTTP at once and reports HTTPS as on its way', async () => {
    const status = engine.status();
    expect(status.http.port).not.toBeNull();
    expect(status.https.port).toBeNull();
    expect(status.certificatesBusy).toBe(true);
    await engine.handlers.addDomain({
      host: 'plain.localhost',
      target: String(echo.port),
      tls: false,
    });
    expect(
      (await request({ port: status.http.port as number, host: 'plain.localhost' })).status,
    ).toBe(200);
  });

  it('starts HTTPS by itself once mkcert answers, and serves a TLS domain', async () => {
    for (let i = 0; i < 100 && engine.status().https.port === null; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const status = engine.status();
    expect(status.https.port).not.toBeNull();
    expect(status.certificatesBusy).toBe(false);
    expect(status.certificatesAvailable).toBe(true);
    expect(statuses.some((s) => s.https.port !== null)).toBe(true); // the UI hears about it
    await engine.handlers.addDomain({ host: 'secure.localhost', target: String(echo.port) });
    // mkcert creates the CA with the first certificate it issues (right after the add).
    const caFile = path.join(process.env.CAROOT as string, 'rootCA.pem');
    for (let i = 0; i < 100 && !existsSync(caFile); i++)
      await new Promise((r) => setTimeout(r, 50));
    const ca = readFileSync(caFile, 'utf8');
    const res = await request({ port: status.https.port as number, host: 'secure.localhost', ca });
    expect(res.status).toBe(200);
  });
});
