/**
 * The only place that runs mkcert: always `execFile` with an argument vector (never a shell
 * string), with `CAROOT` honoured, and, for issuing, only on names that passed the shared
 * host-name check, so nothing a user typed can become shell syntax or a stray flag.
 */
import { execFile } from 'node:child_process';
import { checkHost } from '../../../shared/host-name';
import { PorticoError } from '../../../shared/rpc';

export interface MkcertRunOptions {
  /** Environment passed to mkcert (default process.env; carries CAROOT, TRUST_STORES, HOME). */
  env?: NodeJS.ProcessEnv;
  /** Overrides the environment's CAROOT. */
  caroot?: string;
  timeoutMs?: number;
}

export interface MkcertOutput {
  stdout: string;
  stderr: string;
}

/** The environment mkcert runs with: the given one, with an explicit caroot on top. */
export function mkcertEnv(options: MkcertRunOptions): NodeJS.ProcessEnv {
  const env = { ...(options.env ?? process.env) };
  if (options.caroot) env.CAROOT = options.caroot;
  // mkcert also installs into the Java store when JAVA_HOME is set; a trust action should
  // not depend on a stray JAVA_HOME unless TRUST_STORES asks for java explicitly.
  return env;
}

/** The useful part of mkcert's stderr: its ERROR lines, else the last lines, without emoji. */
export function summariseMkcertError(stderr: string): string {
  const lines = stderr
    .split('\n')
    .map((line) => line.replace(/[^\x20-\x7e]/g, '').trim())
    .filter(Boolean);
  const errors = lines.filter((line) => /^ERROR\b/.test(line));
  const picked = (errors.length ? errors : lines.slice(-3)).join(' ');
  return picked.length > 400 ? `${picked.slice(0, 397)}…` : picked;
}

/** Runs mkcert with exactly these arguments; a failure becomes a MKCERT_FAILED error. */
export function runMkcert(
  binary: string,
  args: readonly string[],
  options: MkcertRunOptions = {},
): Promise<MkcertOutput> {
  return new Promise((resolve, reject) => {
    execFile(
      binary,
      [...args],
      {
        env: mkcertEnv(options),
        timeout: options.timeoutMs ?? 60_000,
        maxBuffer: 1024 * 1024,
        windowsHide: true,
      },
      (error, stdout, stderr) => {
        if (!error) {
          resolve({ stdout, stderr });
          return;
        }
        const summary = summariseMkcertError(stderr) || error.message.split('\n')[0];
        reject(new PorticoError('MKCERT_FAILED', `mkcert ${args[0] ?? ''} failed: ${summary}`));
      },
    );
  });
}

/**
 * Checks every name with the shared rules and returns them normalised; throws
 * INVALID_PARAMS for the first bad one. Runs before mkcert is ever started.
 */
export function validatedNames(names: readonly string[]): string[] {
  if (names.length === 0) throw new PorticoError('INVALID_PARAMS', 'No host name to certify.');
  return names.map((name) => {
    const check = checkHost(name);
    // Also refuse names that only pass after trimming/normalising: what reaches mkcert must
    // be exactly what was checked.
    if (!check.ok)
      throw new PorticoError('INVALID_PARAMS', `Refusing to certify "${name}": ${check.message}`);
    if (check.host !== name)
      throw new PorticoError('INVALID_PARAMS', `Refusing to certify "${name}": not normalised.`);
    return check.host;
  });
}

export interface IssueLeafOptions extends MkcertRunOptions {
  binary: string;
  names: readonly string[];
  certFile: string;
  keyFile: string;
}

/**
 * Issues an ECDSA leaf certificate for the names. Never passes `-install`: issuing does not
 * touch trust stores (mkcert creates the CA in CAROOT if there is none, which is fine).
 */
export async function issueLeaf(options: IssueLeafOptions): Promise<void> {
  const names = validatedNames(options.names);
  await runMkcert(
    options.binary,
    ['-ecdsa', '-cert-file', options.certFile, '-key-file', options.keyFile, '--', ...names],
    options,
  );
}

/** mkcert's CAROOT for this environment (`mkcert -CAROOT`), or the explicit one. */
export async function mkcertCaroot(
  binary: string,
  options: MkcertRunOptions = {},
): Promise<string> {
  if (options.caroot) return options.caroot;
  const { stdout } = await runMkcert(binary, ['-CAROOT'], options);
  return stdout.trim();
}
