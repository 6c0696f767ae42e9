/**
 * Reading and writing Portico's block in a hosts file, safely: a read error aborts (a file
 * we could not read is never taken for an empty one), the original is copied to a backup,
 * the new text goes to a temp file in the same folder that is fsynced and renamed over the
 * original (the file is never half-written), and it is read back and checked. Writes to
 * the same file are serialised within this process.
 */
import { randomBytes } from 'node:crypto';
import { copyFile, open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { detectEol, readBlock, withBlock } from './hosts-block';
import { defaultEol } from './hosts-path';

export type HostsErrorCode =
  | 'HOSTS_READ_FAILED'
  | 'HOSTS_WRITE_FAILED'
  | 'HOSTS_VERIFY_FAILED'
  | 'HOSTS_BLOCK_DAMAGED'
  | 'HOSTS_INVALID_NAME'
  | 'ELEVATION_CANCELLED'
  | 'ELEVATION_UNAVAILABLE'
  | 'HOSTS_HELPER_MISSING';

export class HostsError extends Error {
  constructor(
    readonly code: HostsErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'HostsError';
  }
}

export interface HostsWriteResult {
  /** False when the block already held exactly these names (nothing written). */
  changed: boolean;
  hosts: string[];
  /** The copy of the file as it was before this write, or null when nothing was written. */
  backup: string | null;
}

export function backupPathOf(file: string): string {
  return `${file}.portico-backup`;
}

/** The file's text; throws HOSTS_READ_FAILED (never returns '' for an unreadable file). */
export async function readHostsText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new HostsError(
      'HOSTS_READ_FAILED',
      `Cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? String(error)}): nothing was changed.`,
    );
  }
}

/** The names in Portico's block of `file`. */
export async function readHostsBlock(file: string): Promise<string[]> {
  return readBlock(await readHostsText(file));
}

const queues = new Map<string, Promise<unknown>>();

/** Makes Portico's block in `file` hold exactly `hosts` (serialised per file). */
export function writeHostsBlock(
  file: string,
  hosts: readonly string[],
  platform: NodeJS.Platform = process.platform,
): Promise<HostsWriteResult> {
  const previous = queues.get(file) ?? Promise.resolve();
  const next = previous.catch(() => {}).then(() => writeNow(file, hosts, platform));
  queues.set(file, next);
  void next
    .finally(() => {
      if (queues.get(file) === next) queues.delete(file);
    })
    .catch(() => {}); // the caller gets the error through `next`
  return next;
}

async function writeNow(
  file: string,
  hosts: readonly string[],
  platform: NodeJS.Platform,
): Promise<HostsWriteResult> {
  const text = await readHostsText(file);
  let next: string;
  try {
    next = withBlock(text, hosts, detectEol(text, defaultEol(platform)));
  } catch (error) {
    throw new HostsError('HOSTS_BLOCK_DAMAGED', `${file}: ${(error as Error).message}`);
  }
  const wanted = [...new Set(hosts.map((h) => h.toLowerCase()))];
  if (next === text) return { changed: false, hosts: wanted, backup: null };

  const backup = backupPathOf(file);
  const mode = (await stat(file).catch(() => null))?.mode;
  await step(`keep a backup at ${backup}`, () => writeFile(backup, text, { mode: 0o644 }));
  const temp = path.join(path.dirname(file), `.hosts.portico-${randomBytes(6).toString('hex')}`);
  try {
    await step(`write ${temp}`, async () => {
      const handle = await open(temp, 'w', mode !== undefined ? mode & 0o777 : 0o644);
      try {
        await handle.writeFile(next, 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
    });
    await replace(temp, file);
  } finally {
    await rm(temp, { force: true }).catch(() => {});
  }
  const written = await readHostsText(file);
  const found = readBlock(written);
  if (written !== next || found.join(' ') !== wanted.join(' ')) {
    throw new HostsError(
      'HOSTS_VERIFY_FAILED',
      `${file} does not hold what Portico wrote (another program changed it?). The previous version is in ${backup}.`,
    );
  }
  return { changed: true, hosts: wanted, backup };
}

/**
 * Renames the temp file over the hosts file. Where the hosts file is a mount point (Docker
 * bind-mounts /etc/hosts) or locked, rename fails: then the fsynced temp is copied onto it
 * (not atomic, but the backup is already on disk).
 */
async function replace(temp: string, file: string): Promise<void> {
  try {
    await rename(temp, file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EBUSY' && code !== 'EXDEV' && code !== 'EPERM') {
      throw new HostsError(
        'HOSTS_WRITE_FAILED',
        `Cannot replace ${file} (${code ?? String(error)}).`,
      );
    }
    await step(`copy over ${file}`, () => copyFile(temp, file));
  }
}

async function step(what: string, run: () => Promise<unknown>): Promise<void> {
  try {
    await run();
  } catch (error) {
    if (error instanceof HostsError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new HostsError(
      'HOSTS_WRITE_FAILED',
      `Could not ${what} (${code}): the hosts file is unchanged.`,
    );
  }
}
