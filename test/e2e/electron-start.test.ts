/**
 * `npm start` where Electron's binary is missing: one line saying so, then the headless
 * engine, started with its V8 flags, with its dashboard URL, no stack trace; SIGTERM stops it. (Where the binary is
 * present, `npm start` opens the desktop app instead, which this test does not drive.)
 */
import { afterEach, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createAdminClient } from '../../electron/engine/admin/admin-client';

const root = resolve(import.meta.dirname, '../..');
const hasElectron = existsSync(join(root, 'node_modules/electron/path.txt'));
if (hasElectron)
  console.log('electron-start e2e skipped: Electron is installed, so npm start opens the app.');

let child: ChildProcess | undefined;
let dataDir = '';
afterEach(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('npm start without the Electron binary', () => {
  it.skipIf(hasElectron)('says so in one line and serves the web dashboard', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'portico-start-'));
    child = spawn(
      process.execPath,
      ['scripts/start.mjs', '--http-port', '0', '--https-port', '0', '--admin-port', '0'],
      {
        cwd: root,
        env: { ...process.env, PORTICO_DATA_DIR: dataDir },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((r) => child!.on('exit', (code) => r(code)));

    for (let waited = 0; waited < 60_000 && !/Dashboard\s+http/.test(output); waited += 100) {
      if (child.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const lines = output.split('\n');
    expect(lines[0]).toMatch(
      /^Electron's binary is not installed here \(.+\); starting the headless engine/,
    );
    expect(lines.filter((line) => line.startsWith("Electron's binary")).length).toBe(1);
    const dashboard = /Dashboard\s+(http:\/\/127\.0\.0\.1:\d+\/#token=[0-9a-f]+)/.exec(output)?.[1];
    expect(dashboard, output).toBeDefined();
    const page = await fetch(new URL('/', dashboard!));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
    // The engine was started with its V8 flags (shared/engine-node-flags.mjs).
    const url = new URL(dashboard!);
    const admin = createAdminClient(url.origin, url.hash.replace('#token=', ''));
    expect((await admin.getStatus({})).runtime.gcExposed).toBe(true);

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output).not.toMatch(/\n\s+at .+:\d+:\d+/);
  });
});
