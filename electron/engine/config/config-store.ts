/**
 * The engine's configuration store over `config.json` (see config-store-api.ts).
 *
 * - Missing file → defaults (written on the first update).
 * - Corrupt file → the problem is reported, `config.json.bak` is used if valid, else the
 *   defaults in memory; the corrupt file is never overwritten silently: it is copied to
 *   `config.json.corrupt-<timestamp>` before the first write.
 * - Updates are serialised through one promise queue, validated, written atomically and
 *   only then made current and announced.
 * - The file is watched (fs.watch on the folder, debounced, plus a 1 s stat poll because
 *   fs.watch misses events on some file systems), so hand edits and offline CLI edits apply
 *   within a second. An invalid edit is refused and the last good config kept.
 */
import { promises as fs, watch, type FSWatcher } from 'node:fs';
import {
  ConfigSchema,
  defaultConfig,
  describeIssues,
  type PorticoConfig,
} from '../../../shared/config';
import { PorticoError } from '../../../shared/rpc';
import type { ConfigStore } from './config-store-api';
import { atomicWrite } from './atomic-write';
import {
  CONFIG_FILE,
  configPath,
  parseConfigText,
  readConfigFile,
  serialiseConfig,
} from './config-file';

export interface ConfigStoreOptions {
  log?: (line: string) => void;
  /** Watch the file for edits by others (the engine does; a one-shot CLI edit does not). */
  watch?: boolean;
  /** Poll interval of the fallback stat check, ms. */
  pollMs?: number;
  /** Debounce of fs.watch events, ms. */
  debounceMs?: number;
}

export async function openConfigStore(
  dataDir: string,
  options: ConfigStoreOptions = {},
): Promise<ConfigStore> {
  const log = options.log ?? (() => {});
  const file = configPath(dataDir);
  await fs.mkdir(dataDir, { recursive: true });

  let current: PorticoConfig = defaultConfig();
  let problem: string | null = null;
  /** The text last seen on disk (ours or a hand edit): events that leave it unchanged are ignored. */
  let lastSeenText: string | null = null;
  /** The file on disk is corrupt: keep a copy of it before the next write replaces it. */
  let diskCorrupt = false;
  const listeners = new Set<(config: PorticoConfig) => void>();
  let queue: Promise<unknown> = Promise.resolve();
  let closed = false;

  const initial = await readConfigFile(file);
  if (initial.kind === 'ok') {
    current = initial.config;
    lastSeenText = initial.text;
  } else if (initial.kind === 'corrupt') {
    lastSeenText = initial.text;
    diskCorrupt = true;
    const backup = await readConfigFile(`${file}.bak`);
    if (backup.kind === 'ok') {
      current = backup.config;
      problem = `${initial.problem} — using the last good copy (${CONFIG_FILE}.bak) until it is fixed.`;
    } else {
      problem = `${initial.problem} — using the default configuration until it is fixed.`;
    }
    log(`config: ${problem}`);
  }

  /** Runs `task` after every earlier one, so reads of the file and writes never interleave. */
  function enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = queue.then(task, task);
    queue = run.catch(() => undefined);
    return run;
  }

  function notify(config: PorticoConfig): void {
    for (const listener of [...listeners]) {
      try {
        listener(config);
      } catch (error) {
        log(
          `config: a change listener failed: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
  }

  /** Looks at the file; applies a valid outside edit, refuses an invalid one. Queue only. */
  async function syncFromDisk(): Promise<void> {
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        // Deleted by hand: keep running on what we have; the next update writes it again.
        lastSeenText = null;
        diskCorrupt = false;
        return;
      }
      throw error;
    }
    if (text === lastSeenText) return;
    lastSeenText = text;
    const parsed = parseConfigText(text, file);
    if (parsed.kind === 'corrupt') {
      diskCorrupt = true;
      problem = `${parsed.problem} — edit refused, the last good configuration stays in use.`;
      log(`config: ${problem}`);
      return;
    }
    diskCorrupt = false;
    problem = null;
    if (serialiseConfig(parsed.config) === serialiseConfig(current)) return;
    current = parsed.config;
    log('config: applied an edit of the file');
    notify(current);
  }

  async function write(next: PorticoConfig): Promise<void> {
    if (diskCorrupt) {
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      const keep = `${file}.corrupt-${stamp}`;
      await fs.copyFile(file, keep).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
      });
      log(`config: kept the invalid file as ${keep}`);
    }
    const text = serialiseConfig(next);
    // A corrupt file must not become the `.bak`: that one is the last good copy.
    await atomicWrite(file, text, { mode: 0o644, backup: !diskCorrupt && lastSeenText !== null });
    lastSeenText = text;
    diskCorrupt = false;
    problem = null;
  }

  function update(change: (draft: PorticoConfig) => void): Promise<PorticoConfig> {
    return enqueue(async () => {
      if (closed) throw new PorticoError('INTERNAL', 'The configuration store is closed.');
      // Pick up an edit made in the last instant, so it is built upon rather than lost.
      await syncFromDisk();
      const draft = structuredClone(current);
      change(draft);
      const parsed = ConfigSchema.safeParse(draft);
      if (!parsed.success) {
        throw new PorticoError('INVALID_CONFIG', describeIssues(parsed.error));
      }
      await write(parsed.data);
      current = parsed.data;
      notify(current);
      return current;
    });
  }

  // ── Watching ──────────────────────────────────────────────────────────────────────────
  let watcher: FSWatcher | null = null;
  let debounce: NodeJS.Timeout | null = null;
  let poll: NodeJS.Timeout | null = null;
  let lastStat = '';

  function scheduleSync(): void {
    if (closed) return;
    enqueue(syncFromDisk).catch((error: unknown) => {
      log(
        `config: could not read ${file}: ${error instanceof Error ? error.message : String(error)}`,
      );
    });
  }

  if (options.watch !== false) {
    const debounceMs = options.debounceMs ?? 100;
    try {
      watcher = watch(dataDir, (_event, name) => {
        if (name !== null && name !== CONFIG_FILE) return;
        if (debounce) clearTimeout(debounce);
        debounce = setTimeout(scheduleSync, debounceMs);
        debounce.unref();
      });
      watcher.on('error', (error) => {
        log(`config: watching ${dataDir} failed (${error.message}); polling only`);
        watcher?.close();
        watcher = null;
      });
    } catch (error) {
      log(
        `config: cannot watch ${dataDir} (${error instanceof Error ? error.message : String(error)}); polling only`,
      );
    }
    poll = setInterval(() => {
      fs.stat(file).then(
        (stat) => {
          const key = `${stat.ino}:${stat.size}:${stat.mtimeMs}`;
          if (key !== lastStat) {
            lastStat = key;
            scheduleSync();
          }
        },
        (error: NodeJS.ErrnoException) => {
          if (error.code !== 'ENOENT') log(`config: cannot stat ${file}: ${error.message}`);
          lastStat = '';
        },
      );
    }, options.pollMs ?? 1000);
    poll.unref();
  }

  return {
    current: () => current,
    update,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    problem: () => problem,
    async close() {
      closed = true;
      watcher?.close();
      if (debounce) clearTimeout(debounce);
      if (poll) clearInterval(poll);
      await queue;
    },
  };
}
