/**
 * Downloads the mkcert binary with the npm package mkcert-cli's own downloader (its
 * `Mkcert` class), in a child Node process. Why a child: mkcert-cli's HTTP helper has no
 * `error` listener (offline, it throws an uncaught exception that would kill the engine),
 * logs every downloaded chunk with console.log, and never rejects when the release lookup
 * fails. In a child those faults are contained, bounded by a timeout and reported as an
 * exit status; the caller then checks that the file really exists.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Where mkcert-cli keeps the binary it downloads (its `DATA_DIR` is `~/.mkcert-cli`). */
export function mkcertCliKeptPath(homeDir: string, platform = process.platform): string {
  return join(homeDir, '.mkcert-cli', platform === 'win32' ? 'mkcert.exe' : 'mkcert');
}

function mkcertCliModuleUrl(): string {
  const require = createRequire(import.meta.url);
  const pkg = require.resolve('mkcert-cli/package.json');
  return pathToFileURL(join(dirname(pkg), 'src', 'mkcert', 'mkcert.js')).href;
}

// Runs in the child: silence the downloader's chatter, turn any failure into exit 1 with
// a one-line reason on stderr.
const CHILD_SCRIPT = `
process.on('uncaughtException', (e) => { process.stderr.write(String(e && e.message || e)); process.exit(1); });
process.on('unhandledRejection', (e) => { process.stderr.write(String(e && e.message || e)); process.exit(1); });
console.log = () => {};
console.error = (...a) => process.stderr.write(a.join(' ') + '\\n');
const { Mkcert } = await import(process.argv[1]);
const mkcert = new Mkcert({ keyFilePath: '', certFilePath: '' });
await mkcert.initMkcert();
`;

export interface DownloadOptions {
  /** The home folder mkcert-cli saves under (it uses `os.homedir()`, i.e. HOME/USERPROFILE). */
  homeDir: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

/**
 * Runs mkcert-cli's downloader. Resolves when the child exits 0 (which mkcert-cli also does
 * when it could not find a release: the caller must check the file); rejects with the
 * child's reason otherwise.
 */
export function downloadWithMkcertCli(options: DownloadOptions): Promise<void> {
  const env: NodeJS.ProcessEnv = {
    ...(options.env ?? process.env),
    HOME: options.homeDir,
    USERPROFILE: options.homeDir,
    // process.execPath is the Electron binary when the engine runs in a utility process.
    ELECTRON_RUN_AS_NODE: '1',
  };
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--input-type=module', '-e', CHILD_SCRIPT, mkcertCliModuleUrl()],
      { env, stdio: ['ignore', 'ignore', 'pipe'], timeout: options.timeoutMs ?? 120_000 },
    );
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      if (stderr.length < 4000) stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) resolve();
      else {
        const reason = stderr.trim().split('\n').slice(-2).join(' ') || `exit ${code ?? signal}`;
        reject(new Error(reason));
      }
    });
  });
}
