/**
 * Crash-safe file replacement: the new content goes to a temp file in the same folder,
 * is fsynced, renamed over the target (atomic on one file system) and the folder is
 * fsynced, so a reader sees the old file or the new one, never half of either. The
 * previous content is kept as `<name>.bak` for recovery from a bad edit.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';

export interface AtomicWriteOptions {
  /** File mode of the new file (0o600 for secrets). Default 0o644. */
  mode?: number;
  /** Keep the current file as `<name>.bak` before replacing it. Default true. */
  backup?: boolean;
}

export async function atomicWrite(
  file: string,
  content: string | Buffer,
  options: AtomicWriteOptions = {},
): Promise<void> {
  const { mode = 0o644, backup = true } = options;
  const dir = path.dirname(file);
  await fs.mkdir(dir, { recursive: true });
  const temp = path.join(
    dir,
    `.${path.basename(file)}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`,
  );
  const handle = await fs.open(temp, 'wx', mode);
  try {
    await handle.writeFile(content);
    // The umask may have narrowed the mode at creation; make it exactly what was asked.
    await handle.chmod(mode);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await fs.rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  try {
    if (backup) await copyIfExists(file, `${file}.bak`, mode);
    await fs.rename(temp, file);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
  await syncDir(dir);
}

async function copyIfExists(from: string, to: string, mode: number): Promise<void> {
  try {
    await fs.copyFile(from, to);
    await fs.chmod(to, mode);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

/** Makes the rename durable. Windows cannot open a directory for fsync: skip there. */
async function syncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await fs.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
