/**
 * The admin API's bearer token: 32 random bytes as hex in `<dataDir>/token`, readable by
 * its owner only. Whoever can read it can drive the engine, so the mode is fixed to 0600
 * even if someone loosened it.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';

export const TOKEN_FILE = 'token';
const TOKEN_PATTERN = /^[0-9a-f]{64}$/;

export function tokenPath(dataDir: string): string {
  return path.join(dataDir, TOKEN_FILE);
}

/** The token, created on first use; a damaged file is replaced by a new token. */
export async function loadOrCreateToken(dataDir: string): Promise<string> {
  const file = tokenPath(dataDir);
  await fs.mkdir(dataDir, { recursive: true });
  // A few rounds: another process may be creating the file at this very moment.
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const existing = await readToken(file);
    if (existing) {
      await tightenMode(file);
      return existing;
    }
    const token = crypto.randomBytes(32).toString('hex');
    const temp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
    await fs.writeFile(temp, `${token}\n`, { mode: 0o600, flag: 'wx' });
    try {
      // link() fails if the token appeared meanwhile: then the other process's token wins.
      if (existing === null) await fs.link(temp, file);
      else await fs.rename(temp, file); // damaged file: replace it
      return token;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      await fs.rm(temp, { force: true });
    }
  }
  throw new Error(`Could not create the admin token in ${file}.`);
}

/** The token text; null when there is no file; '' when the file is not a token. */
async function readToken(file: string): Promise<string | null> {
  try {
    const text = (await fs.readFile(file, 'utf8')).trim();
    return TOKEN_PATTERN.test(text) ? text : '';
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** Reads the token of an engine's data dir without creating one (the CLI's client side). */
export async function readExistingToken(dataDir: string): Promise<string | null> {
  const token = await readToken(tokenPath(dataDir));
  return token ? token : null;
}

async function tightenMode(file: string): Promise<void> {
  if (process.platform === 'win32') return; // ACLs, not modes, protect it there
  const stat = await fs.stat(file);
  if ((stat.mode & 0o077) !== 0) await fs.chmod(file, 0o600);
}
