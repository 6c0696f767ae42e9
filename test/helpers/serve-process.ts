/**
 * A real `portico serve` child process (tsx electron/cli/main.ts serve) on free ports, with
 * its own data dir, HOME and CAROOT: what a user runs in a terminal, for end-to-end tests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO_ROOT, runCli, type CliResult } from './cli-run';

export interface ServeProcess {
  child: ChildProcess;
  dir: string;
  dataDir: string;
  home: string;
  caroot: string;
  env: NodeJS.ProcessEnv;
  httpPort: number;
  httpsPort: number;
  dashboardUrl: string;
  output(): string;
  /** The local CA (PEM), once mkcert has created it (on the engine's first issuance). */
  caCertificate(): Promise<string>;
  /** Runs another CLI command against the same data dir and environment. */
  cli(args: string[]): Promise<CliResult>;
  /** SIGTERM and wait for the exit code. */
  stop(): Promise<number | null>;
  cleanup(): Promise<void>;
}

export interface ServeOptions {
  env?: NodeJS.ProcessEnv;
  /** The program to run (default: this Node). */
  command?: string;
  /** Its arguments before `serve` (default: the CLI's source through tsx). */
  program?: string[];
}

export async function startServe(options: ServeOptions = {}): Promise<ServeProcess> {
  const dir = mkdtempSync(path.join(tmpdir(), 'portico-serve-'));
  const dataDir = path.join(dir, 'data');
  const home = path.join(dir, 'home');
  const caroot = path.join(dir, 'caroot');
  const env = {
    ...process.env,
    HOME: home,
    CAROOT: caroot,
    PORTICO_DATA_DIR: dataDir,
    ...options.env,
  };
  const child = spawn(
    options.command ?? process.execPath,
    [
      ...(options.program ?? ['--import', 'tsx', path.join(REPO_ROOT, 'electron/cli/main.ts')]),
      'serve',
      '--http-port',
      '0',
      '--https-port',
      '0',
      '--admin-port',
      '0',
    ],
    {
      cwd: REPO_ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`serve did not start in time:\n${out}`)),
      30_000,
    );
    const check = () => {
      if (/Dashboard\s+http/.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', () => reject(new Error(`serve exited:\n${out}`)));
  });
  const port = (label: string) =>
    Number(new RegExp(`${label}\\s+https?://[^\\s:]+:(\\d+)`).exec(out)?.[1]);
  return {
    child,
    dir,
    dataDir,
    home,
    caroot,
    env,
    httpPort: port('HTTP'),
    httpsPort: port('HTTPS'),
    dashboardUrl: /Dashboard\s+(\S+)/.exec(out)![1]!,
    output: () => out,
    async caCertificate() {
      const file = path.join(caroot, 'rootCA.pem');
      for (let i = 0; i < 100 && !existsSync(file); i++)
        await new Promise((resolve) => setTimeout(resolve, 50));
      return readFileSync(file, 'utf8');
    },
    cli: (args) => runCli(args, { env }),
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      const killTimer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      const code = await exited;
      clearTimeout(killTimer);
      return code;
    },
    async cleanup() {
      if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
