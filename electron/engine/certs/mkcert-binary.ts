/**
 * Finds the mkcert binary, in the order the product promises: `PORTICO_MKCERT`, `mkcert`
 * on PATH, the copy mkcert-cli keeps in `~/.mkcert-cli`, else a download with mkcert-cli's
 * downloader. Every candidate must run (`mkcert -version`) before it is used. The result is
 * cached per process (a failure is not, so installing mkcert and retrying works).
 */
import { execFile } from 'node:child_process';
import { constants } from 'node:fs';
import { access, chmod, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { delimiter, isAbsolute, join } from 'node:path';
import { promisify } from 'node:util';
import { PorticoError } from '../../../shared/rpc';
import { downloadWithMkcertCli, mkcertCliKeptPath } from './mkcert-download';

const execFileAsync = promisify(execFile);

/** How the binary was found. */
export type MkcertSource = 'PORTICO_MKCERT' | 'PATH' | 'mkcert-cli' | 'downloaded';

export interface MkcertBinary {
  /** Absolute path of the binary. */
  path: string;
  source: MkcertSource;
  /** What `mkcert -version` printed, e.g. `v1.4.4`. */
  version: string;
}

export interface ResolveMkcertOptions {
  /** Environment to read `PORTICO_MKCERT` and `PATH` from (default: process.env). */
  env?: NodeJS.ProcessEnv;
  /** Home folder where mkcert-cli keeps its copy (default: os.homedir()). */
  homeDir?: string;
  /** Told about slow steps, e.g. "downloading mkcert…", for a CLI status line or UI busy state. */
  onStatus?: (message: string) => void;
  /** Whether to try mkcert-cli's download as a last resort (default true). */
  download?: boolean;
  /** The download itself (default: mkcert-cli's, from GitHub); tests bring one without network. */
  downloader?: typeof downloadWithMkcertCli;
  downloadTimeoutMs?: number;
}

/** How to get mkcert, shown whenever none could be found. */
export const INSTALL_HINT =
  'Install mkcert (Debian/Ubuntu: sudo apt install mkcert libnss3-tools; macOS: brew install mkcert nss; ' +
  'Windows: choco install mkcert or scoop install mkcert), or set PORTICO_MKCERT to the path of an mkcert binary. ' +
  'Until then Portico serves HTTP only.';

async function isExecutableFile(path: string): Promise<boolean> {
  try {
    const info = await stat(path);
    if (!info.isFile()) return false;
    if (process.platform !== 'win32') await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Runs `mkcert -version`; rejects with a reason when the binary does not work. */
export async function mkcertVersion(path: string): Promise<string> {
  try {
    const { stdout } = await execFileAsync(path, ['-version'], { timeout: 10_000 });
    const version = stdout.trim().split('\n')[0] ?? '';
    if (!version) throw new Error('printed no version');
    return version;
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new Error(`${path} does not run: ${reason}`);
  }
}

/** The first `mkcert` (or `mkcert.exe`) found on PATH, or null. */
export async function findOnPath(env: NodeJS.ProcessEnv): Promise<string | null> {
  const names = process.platform === 'win32' ? ['mkcert.exe', 'mkcert'] : ['mkcert'];
  for (const dir of (env.PATH ?? env.Path ?? '').split(delimiter)) {
    if (!dir || !isAbsolute(dir)) continue; // a relative PATH entry would depend on the cwd
    for (const name of names) {
      const candidate = join(dir, name);
      if (await isExecutableFile(candidate)) return candidate;
    }
  }
  return null;
}

/** mkcert-cli saves world-writable (0777): anyone could swap the binary. Make it 0755. */
async function tighten(path: string): Promise<void> {
  if (process.platform === 'win32') return;
  const info = await stat(path);
  if ((info.mode & 0o022) !== 0) await chmod(path, 0o755);
}

async function checked(path: string, source: MkcertSource): Promise<MkcertBinary> {
  return { path, source, version: await mkcertVersion(path) };
}

/** Resolves mkcert without the per-process cache (tests, "re-check" buttons). */
export async function findMkcert(options: ResolveMkcertOptions = {}): Promise<MkcertBinary> {
  const env = options.env ?? process.env;
  const home = options.homeDir ?? homedir();

  const explicit = env.PORTICO_MKCERT;
  if (explicit) {
    if (!(await isExecutableFile(explicit))) {
      throw new PorticoError(
        'MKCERT_MISSING',
        `PORTICO_MKCERT is set to ${explicit}, which is not an executable file. ${INSTALL_HINT}`,
      );
    }
    try {
      return await checked(explicit, 'PORTICO_MKCERT');
    } catch (error) {
      throw new PorticoError('MKCERT_MISSING', `PORTICO_MKCERT: ${(error as Error).message}`);
    }
  }

  const problems: string[] = [];
  const onPath = await findOnPath(env);
  if (onPath) {
    try {
      return await checked(onPath, 'PATH');
    } catch (error) {
      problems.push((error as Error).message);
    }
  }

  const kept = mkcertCliKeptPath(home);
  if (await isExecutableFile(kept)) {
    try {
      await tighten(kept);
      return await checked(kept, 'mkcert-cli');
    } catch (error) {
      problems.push((error as Error).message);
    }
  }

  if (options.download !== false) {
    options.onStatus?.('downloading mkcert…');
    try {
      const download = options.downloader ?? downloadWithMkcertCli;
      await download({ homeDir: home, env, timeoutMs: options.downloadTimeoutMs });
      if ((await stat(kept).catch(() => null)) === null) {
        throw new Error('mkcert-cli found no mkcert release to download');
      }
      await tighten(kept);
      return await checked(kept, 'downloaded');
    } catch (error) {
      problems.push(`downloading mkcert failed: ${(error as Error).message}`);
    }
  }

  const why = problems.length ? ` (${problems.join('; ')})` : '';
  throw new PorticoError('MKCERT_MISSING', `mkcert was not found${why}. ${INSTALL_HINT}`);
}

const cache = new Map<string, Promise<MkcertBinary>>();

/**
 * Resolves mkcert once per process for the same inputs; concurrent callers share one
 * lookup (and at most one download). A failed lookup is forgotten so a retry can succeed.
 */
export function resolveMkcert(options: ResolveMkcertOptions = {}): Promise<MkcertBinary> {
  const env = options.env ?? process.env;
  const key = JSON.stringify([env.PORTICO_MKCERT, env.PATH, options.homeDir ?? homedir()]);
  let pending = cache.get(key);
  if (!pending) {
    pending = findMkcert(options);
    cache.set(key, pending);
    pending.catch(() => cache.delete(key));
  }
  return pending;
}
