/**
 * Downloads the mkcert binary with the npm package mkcert-cli's own downloader (its
 * `Mkcert` class), in a worker thread. Why not in the engine's own thread: mkcert-cli's HTTP
 * helper has no `error` listener (offline, it throws an uncaught exception that would kill
 * the engine), logs every downloaded chunk with console.log, and never rejects when the
 * release lookup fails. In a worker those faults are contained, bounded by a timeout and
 * reported as an exit code; the caller then checks that the file really exists. A worker,
 * not a child process: in the packaged app `process.execPath` is Electron with the RunAsNode
 * fuse off, so it cannot run a Node script, while worker threads work everywhere.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/** Where mkcert-cli keeps the binary it downloads (its `DATA_DIR` is `~/.mkcert-cli`). */
export function mkcertCliKeptPath(homeDir: string, platform = process.platform): string {
  return join(homeDir, '.mkcert-cli', platform === 'win32' ? 'mkcert.exe' : 'mkcert');
}

function mkcertCliModuleUrl(): string {
  const require = createRequire(import.meta.url);
  const pkg = require.resolve('mkcert-cli/package.json');
  return pathToFileURL(join(dirname(pkg), 'src', 'mkcert', 'mkcert.js')).href;
}

// Runs in the worker: mkcert-cli saves under os.homedir() (read when it loads, so patched
// first, in this thread only); its chatter is silenced; any failure becomes exit code 1 with
// a one-line reason on stderr.
const WORKER_SCRIPT = `
const { workerData } = require('node:worker_threads');
const os = require('node:os');
const fail = (e) => { process.stderr.write(String((e && e.message) || e)); process.exit(1); };
process.on('uncaughtException', fail);
process.on('unhandledRejection', fail);
os.homedir = () => workerData.homeDir;
console.log = () => {};
console.error = (...a) => process.stderr.write(a.join(' ') + '\\n');
(async () => {
  const { Mkcert } = await import(workerData.moduleUrl);
  const mkcert = new Mkcert({ keyFilePath: '', certFilePath: '' });
  await mkcert.initMkcert();
  process.exit(0);
})().catch(fail);
`;

export interface DownloadOptions {
  /** The home folder mkcert-cli saves under (`~/.mkcert-cli`). */
  homeDir: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

/**
 * Runs mkcert-cli's downloader. Resolves when the worker exits 0 (which mkcert-cli also does
 * when it could not find a release: the caller must check the file); rejects with the
 * worker's reason otherwise.
 */
export function downloadWithMkcertCli(options: DownloadOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SCRIPT, {
      eval: true,
      workerData: { homeDir: options.homeDir, moduleUrl: mkcertCliModuleUrl() },
      env: { ...(options.env ?? process.env), HOME: options.homeDir, USERPROFILE: options.homeDir },
      stdout: true,
      stderr: true,
    });
    let stderr = '';
    worker.stdout.resume();
    worker.stderr.setEncoding('utf8');
    worker.stderr.on('data', (chunk: string) => {
      if (stderr.length < 4000) stderr += chunk;
    });
    const timer = setTimeout(() => {
      stderr += 'the download took too long';
      void worker.terminate();
    }, options.timeoutMs ?? 120_000);
    worker.on('error', (error) => {
      stderr += error.message;
    });
    worker.on('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(stderr.trim().split('\n').slice(-2).join(' ') || `exit ${code}`));
    });
  });
}
