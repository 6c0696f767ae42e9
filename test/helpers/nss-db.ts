/**
 * A temporary HOME with an empty NSS database in `~/.pki/nssdb`, where Chromium on Linux
 * and `mkcert -install` (with TRUST_STORES=nss) look for user-trusted CAs.
 */
import { execFileSync } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';

/** Why an NSS test cannot run here, or null when certutil is available. */
export function nssUnavailable(): string | null {
  if (process.platform !== 'linux') return 'the ~/.pki/nssdb check is for Linux';
  try {
    execFileSync('certutil', ['-H'], { stdio: 'ignore' });
  } catch (error) {
    // certutil -H exits non-zero after printing help; only a missing binary matters.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      return 'certutil is not installed (Debian: apt install libnss3-tools)';
  }
  return null;
}

/**
 * Creates an empty NSS SQL database with no password: `<home>/.pki/nssdb` (Chrome/Chromium on
 * Linux), or at `dir` (e.g. a Firefox profile folder).
 */
export async function createNssDb(home: string, dir?: string): Promise<string> {
  const db = dir ?? join(home, '.pki', 'nssdb');
  await mkdir(db, { recursive: true });
  execFileSync('certutil', ['-d', `sql:${db}`, '-N', '--empty-password'], { stdio: 'pipe' });
  return db;
}
