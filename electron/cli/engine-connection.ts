/**
 * How a CLI command reaches the configuration: through a running engine's admin API when
 * there is one (the engine is the one writer), else by editing the file under the config
 * lock. If an engine starts while we wait for the lock, we switch to its API.
 */
import type { EngineApi } from '../../shared/contract';
import { PorticoError } from '../../shared/rpc';
import { createAdminClient } from '../engine/admin/admin-client';
import type { ConfigStore } from '../engine/config/config-store-api';
import { openConfigStore } from '../engine/config/config-store';
import { ConfigLockError, findRunningEngine, withConfigLock } from '../engine/config/engine-lock';
import { readExistingToken } from '../engine/config/token';
import type { CliIo } from './cli-errors';

/** The running engine's API, or null when none answers. */
export async function connectToEngine(dataDir: string): Promise<EngineApi | null> {
  const running = await findRunningEngine(dataDir);
  if (!running) return null;
  const token = await readExistingToken(dataDir);
  return token ? createAdminClient(running.adminUrl, token) : null;
}

/** Like connectToEngine, but says in one line that this command needs the engine. */
export async function requireEngine(dataDir: string, what: string): Promise<EngineApi> {
  const api = await connectToEngine(dataDir);
  if (!api) {
    throw new PorticoError(
      'NOT_FOUND',
      `${what} needs a running Portico: start it with \`portico serve\` (data dir ${dataDir}).`,
    );
  }
  return api;
}

/**
 * Runs `online` against a running engine, or `offline` on the config file under the lock.
 * `offline` gets a store opened without watching; its `problem()` is reported on stderr.
 */
export async function withConfig<T>(
  dataDir: string,
  io: CliIo,
  online: (api: EngineApi) => Promise<T>,
  offline: (store: ConfigStore) => Promise<T>,
): Promise<{ value: T; running: boolean }> {
  for (let attempt = 0; ; attempt += 1) {
    const api = await connectToEngine(dataDir);
    if (api) return { value: await online(api), running: true };
    try {
      const value = await withConfigLock(dataDir, async () => {
        const store = await openConfigStore(dataDir, { watch: false });
        try {
          const problem = store.problem();
          if (problem) io.err(`portico: warning: ${problem}\n`);
          return await offline(store);
        } finally {
          await store.close();
        }
      });
      return { value, running: false };
    } catch (error) {
      // An engine came up while we waited: go through it instead (a few times at most).
      if (error instanceof ConfigLockError && error.code === 'ENGINE_RUNNING' && attempt < 3) {
        continue;
      }
      throw error;
    }
  }
}
