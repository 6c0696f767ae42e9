import { afterEach, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { EngineHandlers } from '../../shared/contract';
import {
  acquireEngineLock,
  ConfigLockError,
  findRunningEngine,
  STALE_MS,
  withConfigLock,
} from '../../electron/engine/config/engine-lock';
import { loadOrCreateToken } from '../../electron/engine/config/token';
import { startAdminServer } from '../../electron/engine/admin/admin-server';
import { REPO_ROOT } from '../helpers/cli-run';

const dirs: string[] = [];
const cleanups: (() => Promise<void> | void)[] = [];

async function tempDir(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'portico-lock-'));
  dirs.push(dir);
  return dir;
}

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await Promise.all(dirs.splice(0).map((dir) => fs.rm(dir, { recursive: true, force: true })));
});

describe('admin token', () => {
  it('is 32 random bytes in hex, in a 0600 file, stable across calls', async () => {
    const dir = await tempDir();
    const [a, b] = await Promise.all([loadOrCreateToken(dir), loadOrCreateToken(dir)]);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(b).toBe(a);
    expect(await loadOrCreateToken(dir)).toBe(a);
    expect((await fs.stat(path.join(dir, 'token'))).mode & 0o777).toBe(0o600);
  });

  it('tightens a loosened mode and replaces a damaged file', async () => {
    const dir = await tempDir();
    const token = await loadOrCreateToken(dir);
    await fs.chmod(path.join(dir, 'token'), 0o644);
    expect(await loadOrCreateToken(dir)).toBe(token);
    expect((await fs.stat(path.join(dir, 'token'))).mode & 0o777).toBe(0o600);
    await fs.writeFile(path.join(dir, 'token'), 'garbage');
    const fresh = await loadOrCreateToken(dir);
    expect(fresh).toMatch(/^[0-9a-f]{64}$/);
    expect(fresh).not.toBe(token);
  });
});

describe('engine lock', () => {
  it('publishes a running engine that answers, and refuses a second engine', async () => {
    const dir = await tempDir();
    const token = await loadOrCreateToken(dir);
    const lock = await acquireEngineLock(dir);
    cleanups.push(() => lock.release());
    const status = {
      version: 'test',
      pid: process.pid,
      startedAt: new Date().toISOString(),
      dataDir: dir,
      paused: false,
      http: { requestedPort: 0, port: null, problem: null },
      https: { requestedPort: 0, port: null, problem: null },
      configProblem: null,
      certificatesAvailable: false,
      certificatesBusy: false,
      certificatesProblem: null,
      runtime: { node: 'v24.0.0', v8: '13.6.233.10', gcExposed: true },
    };
    const handlers = { getStatus: async () => status } as unknown as EngineHandlers;
    const admin = await startAdminServer({
      endpoint: { handlers, subscribe: () => () => undefined },
      token,
      port: 0,
      dashboardDir: null,
    });
    cleanups.push(() => admin.close());

    expect(await findRunningEngine(dir)).toBeNull(); // no engine.json yet
    const info = await lock.writeRuntime({
      adminPort: admin.port,
      adminUrl: admin.url,
      version: 'test',
    });
    expect((await fs.stat(path.join(dir, 'engine.json'))).mode & 0o777).toBe(0o600);
    expect(await findRunningEngine(dir)).toEqual(info);

    const second = acquireEngineLock(dir);
    await expect(second).rejects.toBeInstanceOf(ConfigLockError);
    await expect(second).rejects.toMatchObject({ code: 'ENGINE_RUNNING' });
    await expect(withConfigLock(dir, async () => 1)).rejects.toMatchObject({
      code: 'ENGINE_RUNNING',
    });

    await lock.release();
    expect(await findRunningEngine(dir)).toBeNull();
    await expect(fs.stat(path.join(dir, 'engine.json'))).rejects.toThrow();
    expect(await withConfigLock(dir, async () => 'free')).toBe('free');
  });

  it('ignores an engine.json whose process is gone', async () => {
    const dir = await tempDir();
    await loadOrCreateToken(dir);
    await fs.writeFile(
      path.join(dir, 'engine.json'),
      JSON.stringify({
        pid: 2 ** 22 + 17,
        adminPort: 1,
        adminUrl: 'http://127.0.0.1:1',
        startedAt: 'x',
        version: 'x',
      }),
    );
    expect(await findRunningEngine(dir)).toBeNull();
  });

  it('runs offline edits one at a time', async () => {
    const dir = await tempDir();
    let inside = 0;
    let maxInside = 0;
    await Promise.all(
      Array.from({ length: 5 }, () =>
        withConfigLock(dir, async () => {
          inside += 1;
          maxInside = Math.max(maxInside, inside);
          await new Promise((resolve) => setTimeout(resolve, 30));
          inside -= 1;
        }),
      ),
    );
    expect(maxInside).toBe(1);
  });

  it('is not blocked for long by a SIGKILLed holder', async () => {
    const dir = await tempDir();
    const child: ChildProcess = spawn(
      // One process (node + the tsx loader), so SIGKILL really kills the lock holder.
      process.execPath,
      ['--import', 'tsx', path.join(REPO_ROOT, 'test/helpers/cli-lock-holder.ts'), dir],
      { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    cleanups.push(() => void child.kill('SIGKILL'));
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('locked') && resolve());
      child.on('exit', (code) => reject(new Error(`holder exited with ${code}`)));
    });
    child.kill('SIGKILL');
    const started = Date.now();
    expect(await withConfigLock(dir, async () => 'mine')).toBe('mine');
    expect(Date.now() - started).toBeLessThan(STALE_MS + 3_000);
  });
});
