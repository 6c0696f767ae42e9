/**
 * One writer of `config.json` at a time. A running engine holds the lock for its whole life
 * and publishes `engine.json` (pid, admin URL) so the CLI can find it and go through its
 * admin API; with no engine, the CLI takes the same lock for each offline edit.
 *
 * The lock is proper-lockfile's (an atomic mkdir of `config.lock`, refreshed every second):
 * a SIGKILLed engine stops refreshing it, so it counts as stale after STALE_MS and never
 * blocks anyone for longer.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import lockfile from 'proper-lockfile';
import { z } from 'zod';
import { atomicWrite } from './atomic-write';
import { readExistingToken } from './token';
import { createAdminClient } from '../admin/admin-client';

export const LOCK_FILE = 'config.lock';
export const RUNTIME_FILE = 'engine.json';
/** A lock not refreshed for this long belongs to a dead process. */
export const STALE_MS = 5_000;
const REFRESH_MS = 1_000;

export const EngineRuntimeInfoSchema = z.object({
  pid: z.number().int().positive(),
  adminPort: z.number().int().min(1).max(65535),
  adminUrl: z.string().url(),
  startedAt: z.string(),
  version: z.string(),
});
export type EngineRuntimeInfo = z.output<typeof EngineRuntimeInfoSchema>;

export type LockErrorCode = 'ENGINE_RUNNING' | 'LOCK_TIMEOUT';

/** The config is locked by someone else (a running engine, or an edit that took too long). */
export class ConfigLockError extends Error {
  constructor(
    readonly code: LockErrorCode,
    message: string,
    readonly engine: EngineRuntimeInfo | null = null,
  ) {
    super(message);
    this.name = 'ConfigLockError';
  }
}

export interface EngineLock {
  /** Publishes `engine.json` (0600) once the admin API listens. */
  writeRuntime(info: Omit<EngineRuntimeInfo, 'pid' | 'startedAt'>): Promise<EngineRuntimeInfo>;
  /** Removes `engine.json` and releases the lock. Safe to call twice. */
  release(): Promise<void>;
}

export interface LockOptions {
  log?: (line: string) => void;
  /** How long to keep trying while someone else holds the lock. Default 10 s. */
  waitMs?: number;
}

function lockTarget(dataDir: string) {
  return { file: dataDir, lockfilePath: path.join(dataDir, LOCK_FILE) };
}

export function runtimePath(dataDir: string): string {
  return path.join(dataDir, RUNTIME_FILE);
}

/**
 * Takes the lock, waiting up to `waitMs` while it is held. `onBusy` runs between attempts
 * and may throw to stop waiting (the CLI stops as soon as an engine answers).
 */
async function acquire(
  dataDir: string,
  options: LockOptions,
  onBusy: () => Promise<void>,
): Promise<() => Promise<void>> {
  const { log = () => {}, waitMs = 10_000 } = options;
  await fs.mkdir(dataDir, { recursive: true });
  const { file, lockfilePath } = lockTarget(dataDir);
  const deadline = Date.now() + Math.max(waitMs, STALE_MS + 2_000);
  let delay = 20;
  for (;;) {
    try {
      return await lockfile.lock(file, {
        realpath: false,
        lockfilePath,
        stale: STALE_MS,
        update: REFRESH_MS,
        onCompromised: (error) => {
          // Another process took the lock over (we were frozen for longer than STALE_MS).
          log(`config lock lost: ${error.message}; another process may now write the config`);
        },
      });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
    }
    await onBusy();
    if (Date.now() > deadline) {
      throw new ConfigLockError(
        'LOCK_TIMEOUT',
        `The configuration in ${dataDir} stays locked by another Portico process (${LOCK_FILE}); try again.`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, delay + Math.random() * delay));
    delay = Math.min(delay * 1.5, 250);
  }
}

/** For the engine: the lock for its whole life; refuses when another engine runs. */
export async function acquireEngineLock(
  dataDir: string,
  options: LockOptions = {},
): Promise<EngineLock> {
  const refuseIfRunning = async () => {
    const running = await findRunningEngine(dataDir);
    if (running) {
      throw new ConfigLockError(
        'ENGINE_RUNNING',
        `Portico is already running for ${dataDir} (pid ${running.pid}, admin ${running.adminUrl}).`,
        running,
      );
    }
  };
  const unlock = await acquire(dataDir, options, refuseIfRunning);
  let released = false;
  const startedAt = new Date().toISOString();
  return {
    async writeRuntime(info) {
      const full = EngineRuntimeInfoSchema.parse({ ...info, pid: process.pid, startedAt });
      await atomicWrite(runtimePath(dataDir), `${JSON.stringify(full, null, 2)}\n`, {
        mode: 0o600,
        backup: false,
      });
      return full;
    },
    async release() {
      if (released) return;
      released = true;
      await fs.rm(runtimePath(dataDir), { force: true });
      await unlock();
    },
  };
}

/**
 * For offline edits: runs `fn` holding the lock. Throws ConfigLockError('ENGINE_RUNNING')
 * when an engine is (or comes) up, so the caller goes through its admin API instead.
 */
export async function withConfigLock<T>(
  dataDir: string,
  fn: () => Promise<T>,
  options: LockOptions = {},
): Promise<T> {
  const unlock = await acquire(dataDir, options, async () => {
    const running = await findRunningEngine(dataDir);
    if (running) {
      throw new ConfigLockError('ENGINE_RUNNING', 'An engine is running.', running);
    }
  });
  try {
    return await fn();
  } finally {
    await unlock();
  }
}

/** `engine.json` if its process is alive and its admin API answers, else null. */
export async function findRunningEngine(
  dataDir: string,
  timeoutMs = 1_500,
): Promise<EngineRuntimeInfo | null> {
  let info: EngineRuntimeInfo;
  try {
    const parsed = EngineRuntimeInfoSchema.safeParse(
      JSON.parse(await fs.readFile(runtimePath(dataDir), 'utf8')),
    );
    if (!parsed.success) return null;
    info = parsed.data;
  } catch {
    // Missing or half-written runtime file: no engine to talk to (yet).
    return null;
  }
  if (!isAlive(info.pid)) return null;
  const token = await readExistingToken(dataDir);
  if (!token) return null;
  try {
    const status = await createAdminClient(info.adminUrl, token, { timeoutMs }).getStatus({});
    return status.pid === info.pid ? info : null;
  } catch {
    return null;
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
