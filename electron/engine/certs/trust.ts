/**
 * The local CA and where it is trusted: the status the UI and `portico trust` show, and
 * `trust`/`untrust` (mkcert `-install` / `-uninstall`, honouring `TRUST_STORES`). Only
 * these two functions ever touch a trust store; issuing a certificate never does.
 */
import { execFile } from 'node:child_process';
import type { X509Certificate } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { CaStatus } from '../../../shared/contract';
import { PorticoError } from '../../../shared/rpc';
import { readCa } from './cert-files';
import type { MkcertBinary } from './mkcert-binary';
import { mkcertCaroot, runMkcert } from './mkcert-runner';

export interface TrustOptions {
  /** Explicit CA folder; default: CAROOT from env, else `mkcert -CAROOT`. */
  caroot?: string;
  /** The resolved mkcert binary, or null when none could be found. */
  mkcert: MkcertBinary | null;
  /** Why there is no mkcert (shown in the status). */
  mkcertProblem?: string | null;
  /** Environment for mkcert and for finding HOME's NSS database (default process.env). */
  env?: NodeJS.ProcessEnv;
}

/** mkcert's name for its CA in trust stores: "mkcert development CA <decimal serial>". */
export function caUniqueName(ca: X509Certificate): string {
  return `mkcert development CA ${BigInt(`0x${ca.serialNumber}`).toString(10)}`;
}

/** The anchor files mkcert writes on Linux distributions (see mkcert's truststore_linux.go). */
function linuxSystemAnchors(fileBase: string): { dir: string; file: string }[] {
  return [
    { dir: '/usr/local/share/ca-certificates', file: `${fileBase}.crt` }, // Debian, Ubuntu
    { dir: '/etc/pki/ca-trust/source/anchors', file: `${fileBase}.pem` }, // Fedora, RHEL
    { dir: '/usr/share/pki/trust/anchors', file: `${fileBase}.pem` }, // openSUSE
    { dir: '/etc/ca-certificates/trust-source/anchors', file: `${fileBase}.crt` }, // Arch
  ];
}

/** Linux: true/false from mkcert's anchor file; null elsewhere (not checked cheaply). */
export function systemTrust(ca: X509Certificate, platform = process.platform): boolean | null {
  if (platform !== 'linux') return null;
  const anchors = linuxSystemAnchors(caUniqueName(ca).replace(/ /g, '_'));
  if (anchors.some(({ dir, file }) => existsSync(join(dir, file)))) return true;
  return anchors.some(({ dir }) => existsSync(dir)) ? false : null;
}

function execText(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { env, timeout: 10_000, windowsHide: true }, (error, stdout) =>
      error ? reject(error) : resolve(stdout),
    );
  });
}

/**
 * Whether the CA is in the user's shared NSS database (`~/.pki/nssdb`, which Chrome and
 * Chromium use on Linux): null if there is no such database or no `certutil`.
 */
export async function nssTrust(
  ca: X509Certificate,
  env: NodeJS.ProcessEnv,
): Promise<boolean | null> {
  if (process.platform !== 'linux') return null;
  return nssDbTrust(join(env.HOME || homedir(), '.pki', 'nssdb'), ca, env);
}

/**
 * Whether the CA is in every Firefox profile (mkcert -install adds it to each): null when
 * there is no profile or no `certutil`, false when any profile lacks it.
 */
export async function firefoxTrust(
  ca: X509Certificate,
  env: NodeJS.ProcessEnv,
): Promise<boolean | null> {
  const profiles = firefoxProfiles(env);
  if (profiles.length === 0) return null;
  let all = true;
  for (const profile of profiles) {
    const trusted = await nssDbTrust(profile, ca, env);
    if (trusted === null) return null;
    all &&= trusted;
  }
  return all;
}

/** Firefox profile folders holding an NSS database, where mkcert looks for them. */
export function firefoxProfiles(env: NodeJS.ProcessEnv, platform = process.platform): string[] {
  const home = env.HOME || homedir();
  const roots =
    platform === 'darwin'
      ? [join(home, 'Library', 'Application Support', 'Firefox', 'Profiles')]
      : platform === 'win32'
        ? [join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Mozilla', 'Firefox', 'Profiles')]
        : [
            join(home, '.mozilla', 'firefox'),
            join(home, 'snap', 'firefox', 'common', '.mozilla', 'firefox'),
          ];
  const profiles: string[] = [];
  for (const root of roots) {
    let entries: string[];
    try {
      entries = readdirSync(root);
    } catch {
      continue;
    }
    for (const entry of entries) {
      const dir = join(root, entry);
      if (existsSync(join(dir, 'cert9.db')) || existsSync(join(dir, 'cert8.db')))
        profiles.push(dir);
    }
  }
  return profiles;
}

async function nssDbTrust(
  db: string,
  ca: X509Certificate,
  env: NodeJS.ProcessEnv,
): Promise<boolean | null> {
  const sql = existsSync(join(db, 'cert9.db'));
  if (!sql && !existsSync(join(db, 'cert8.db'))) return null;
  let listing: string;
  try {
    listing = await execText('certutil', ['-d', `${sql ? 'sql:' : ''}${db}`, '-L'], env);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null; // no certutil
    throw error;
  }
  const nickname = caUniqueName(ca);
  // Lines are "<nickname, padded>  <trust flags>"; require the gap so serial 12 ≠ 123.
  return listing.split('\n').some((line) => line.startsWith(`${nickname} `));
}

/** The shell line that makes Node tools trust the CA. */
export function nodeExtraCaCertsLine(caroot: string, platform = process.platform): string {
  const file = join(caroot, 'rootCA.pem');
  return platform === 'win32'
    ? `$env:NODE_EXTRA_CA_CERTS="${file}"`
    : `export NODE_EXTRA_CA_CERTS="${file}"`;
}

/** The local CA: where it is, whether it exists, until when, and where it is trusted. */
export async function caStatus(options: TrustOptions): Promise<CaStatus> {
  const env = options.env ?? process.env;
  let caroot: string | null = options.caroot ?? env.CAROOT ?? null;
  let mkcertProblem = options.mkcert ? null : (options.mkcertProblem ?? 'mkcert was not found.');
  if (!caroot && options.mkcert) {
    try {
      caroot = await mkcertCaroot(options.mkcert.path, { env });
    } catch (error) {
      mkcertProblem = (error as Error).message; // reported in the status, not thrown
    }
  }
  const ca = caroot ? await readCa(caroot) : null;
  return {
    caroot,
    exists: ca !== null,
    mkcert: options.mkcert,
    mkcertProblem,
    trust: {
      system: ca ? systemTrust(ca) : null,
      nss: ca ? await nssTrust(ca, env) : null,
      firefox: ca ? await firefoxTrust(ca, env) : null,
    },
    nodeExtraCaCerts: ca && caroot ? nodeExtraCaCertsLine(caroot) : null,
    notAfter: ca ? new Date(ca.validTo).toISOString() : null,
  };
}

async function runTrust(flag: '-install' | '-uninstall', options: TrustOptions): Promise<CaStatus> {
  if (!options.mkcert) {
    throw new PorticoError('MKCERT_MISSING', options.mkcertProblem ?? 'mkcert was not found.');
  }
  await runMkcert(options.mkcert.path, [flag], { env: options.env, caroot: options.caroot });
  return caStatus(options);
}

/** Installs the local CA (creating it if needed) in the stores `TRUST_STORES` names. */
export function trustCa(options: TrustOptions): Promise<CaStatus> {
  return runTrust('-install', options);
}

/** Removes the local CA from the trust stores (the CA itself stays in CAROOT). */
export function untrustCa(options: TrustOptions): Promise<CaStatus> {
  return runTrust('-uninstall', options);
}
