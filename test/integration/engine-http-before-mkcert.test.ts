// HTTP needs no certificate: a starting engine serves it while it still waits for mkcert
// (whose start is otherwise part of every cold start), and HTTPS follows once mkcert answers.
import { afterAll, describe, expect, it } from 'vitest';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEngine, type RunningEngine } from '../../electron/engine/engine';
import { request } from '../helpers/test-proxy';
import { deadPort } from '../helpers/upstreams';

const dir = mkdtempSync(path.join(tmpdir(), 'portico-http-first-'));
const release = path.join(dir, 'release');
const asked = path.join(dir, 'asked');
const previousMkcert = process.env.PORTICO_MKCERT;
let starting: Promise<RunningEngine> | undefined;
let engine: RunningEngine | undefined;

afterAll(async () => {
  if (previousMkcert === undefined) delete process.env.PORTICO_MKCERT;
  else process.env.PORTICO_MKCERT = previousMkcert;
  // Also after a timeout in the test: let mkcert answer, so the engine starts and is stopped.
  writeFileSync(release, '');
  engine ??= await starting?.catch(() => undefined);
  await engine?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('start-up while mkcert has not answered yet', () => {
  it('answers HTTP before mkcert does, then starts HTTPS once it has', async () => {
    // A real mkcert whose `-version` says it was asked, then waits until the test lets it
    // answer (the engine's lookup gives up on it after 10 s).
    const held = path.join(dir, 'mkcert');
    writeFileSync(
      held,
      [
        '#!/bin/sh',
        'if [ "$1" = "-version" ]; then',
        `  touch '${asked}'`,
        `  i=0; while [ ! -e '${release}' ] && [ $i -lt 400 ]; do sleep 0.05; i=$((i+1)); done`,
        'fi',
        'exec /usr/bin/mkcert "$@"',
        '',
      ].join('\n'),
    );
    chmodSync(held, 0o755);
    process.env.PORTICO_MKCERT = held;
    const httpPort = await deadPort(); // free: nothing listens on it
    // Long enough that only mkcert's answer, never the timeout, can end the wait.
    starting = startEngine({
      dataDir: path.join(dir, 'data'),
      httpPort,
      httpsPort: 0,
      adminPort: 0,
      certificatesWaitMs: 60_000,
    });

    let status: number | null = null;
    let mkcertHeld = false;
    const pause = () => new Promise((resolve) => setTimeout(resolve, 25));
    try {
      for (let i = 0; i < 200 && status === null; i++) {
        status = await request({ port: httpPort, host: 'nothing.localhost' }).then(
          (res) => res.status,
          () => null,
        );
        if (status === null) await pause();
      }
      // HTTP may answer before the lookup has even run mkcert. mkcert cannot answer before the
      // release below, so seeing it asked (the engine uses it) while unreleased shows it was
      // held when HTTP answered.
      for (let i = 0; i < 200 && !mkcertHeld; i++) {
        mkcertHeld = existsSync(asked) && !existsSync(release);
        if (!mkcertHeld) await pause();
      }
    } finally {
      writeFileSync(release, ''); // let mkcert answer, so the engine starts (and is stopped)
      engine = await starting;
    }
    // Portico's own answer for a name it has no domain for, given while mkcert was held.
    expect(status).toBe(404);
    expect(mkcertHeld).toBe(true);
    expect(engine.status().https.port).not.toBeNull();
    expect(engine.status().certificatesAvailable).toBe(true);
  });
});
