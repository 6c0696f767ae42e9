/**
 * The certificate provider the app uses: one mkcert-issued ECDSA certificate per domain,
 * kept in `<dataDir>/certs` (keys 0600), reused across restarts, re-issued when it nears
 * expiry or when the local CA changed. Concurrent first requests for a host share one
 * issuance. The hot path (a TLS handshake asking for a known host) is a Map lookup.
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { CertificateState } from '../../../shared/contract';
import { PorticoError } from '../../../shared/rpc';
import type { CertificateProvider, IssuedCertificate } from '../tls/certificate-provider';
import {
  certPaths,
  issuedBy,
  namesFor,
  readCa,
  readPair,
  safeFileName,
  type StoredCertificate,
} from './cert-files';
import { resolveMkcert, type MkcertBinary } from './mkcert-binary';
import { issueLeaf, mkcertCaroot, validatedNames } from './mkcert-runner';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Why a certificate is (re-)issued. */
export type IssueReason = 'missing' | 'expiring' | 'ca-changed' | 'names-changed' | 'regenerate';

/** What the provider tells its host (logs, tests, the UI's busy state). */
export type CertLogEntry =
  | { event: 'issuing'; host: string; reason: IssueReason }
  | { event: 'issued'; host: string; fingerprint: string; notAfter: Date }
  | { event: 'reused'; host: string; fingerprint: string }
  | { event: 'failed'; host: string; message: string }
  | { event: 'status'; message: string };

export interface MkcertProviderOptions {
  /** Portico's data dir; certificates go to `<dataDir>/certs`. */
  dataDir: string;
  /** mkcert's CA folder; default: `CAROOT` from env, else what `mkcert -CAROOT` says. */
  caroot?: string;
  /** The mkcert binary, or a resolver for it (default: resolveMkcert()). */
  mkcert?: MkcertBinary | (() => Promise<MkcertBinary>);
  log?: (entry: CertLogEntry) => void;
  /** Environment for mkcert (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Re-issue when the certificate expires within this long (default 30 days). */
  renewBeforeMs?: number;
  /** How long a certificate in memory is trusted before disk and CA are checked again (60 s). */
  recheckMs?: number;
  /** Whether the local CA is installed in a trust store (for `state().trusted`). */
  isCaTrusted?: () => boolean;
}

interface Memo {
  stored: StoredCertificate;
  checkedAt: number;
}

export class MkcertProvider implements CertificateProvider {
  private readonly memo = new Map<string, Memo>();
  private readonly inflight = new Map<string, Promise<IssuedCertificate>>();
  private readonly failures = new Map<string, string>();
  private carootPromise: Promise<string> | null = null;
  private resolvedCaroot: string | null = null;
  /**
   * Issuances run one at a time: on a first run there is no CA yet, and concurrent mkcert
   * processes would each create a different one in the same CAROOT.
   */
  private issuing: Promise<unknown> = Promise.resolve();
  private readonly renewBeforeMs: number;
  private readonly recheckMs: number;

  constructor(private readonly options: MkcertProviderOptions) {
    this.renewBeforeMs = options.renewBeforeMs ?? 30 * DAY_MS;
    this.recheckMs = options.recheckMs ?? 60_000;
  }

  /** A current certificate for the domain, issuing or renewing one if needed. */
  certificateFor(host: string): Promise<IssuedCertificate> {
    try {
      validatedNames([host]);
    } catch (error) {
      return Promise.reject(error);
    }
    const memo = this.memo.get(host);
    if (memo && Date.now() - memo.checkedAt < this.recheckMs && !this.expiring(memo.stored)) {
      return Promise.resolve(memo.stored.issued);
    }
    return this.shared(host, () => this.load(host));
  }

  /** Issues a new certificate for the domain now, whatever the state of the old one. */
  async regenerate(host: string): Promise<IssuedCertificate> {
    validatedNames([host]);
    await this.inflight.get(host)?.catch(() => undefined); // let a running issuance finish first
    return this.shared(host, () => this.issue(host, 'regenerate'));
  }

  /** The certificate's state for the UI, without issuing anything. */
  async state(host: string): Promise<CertificateState> {
    const failure = this.failures.get(host) ?? null;
    let stored: StoredCertificate | null = this.memo.get(host)?.stored ?? null;
    if (!stored && checkHostSafe(host))
      stored = await readPair(certPaths(this.options.dataDir, host));
    if (!stored) {
      return {
        state: failure ? 'error' : 'missing',
        notAfter: null,
        trusted: false,
        names: [],
        problem: failure,
      };
    }
    const { issued, x509 } = stored;
    const expired = issued.notAfter.getTime() <= Date.now();
    let problem = failure;
    let fromCurrentCa = true;
    // Only a CAROOT already known: a status query must not start mkcert or a download.
    const caroot = this.options.caroot ?? this.env().CAROOT ?? this.resolvedCaroot;
    if (caroot) {
      const ca = await readCa(caroot);
      fromCurrentCa = ca !== null && issuedBy(x509, ca);
      if (!fromCurrentCa) problem = 'Signed by a previous local CA: it is re-issued on next use.';
    }
    return {
      state: expired ? 'expired' : 'valid',
      notAfter: issued.notAfter.toISOString(),
      trusted: fromCurrentCa && (this.options.isCaTrusted?.() ?? false),
      names: issued.names,
      problem,
    };
  }

  /** Drops what is remembered about a host (e.g. its domain was removed); files stay. */
  forget(host: string): void {
    this.memo.delete(host);
    this.failures.delete(host);
  }

  /** The CA folder in use. */
  caroot(): Promise<string> {
    if (this.options.caroot) return Promise.resolve(this.options.caroot);
    const fromEnv = this.env().CAROOT;
    if (fromEnv) return Promise.resolve(fromEnv);
    if (!this.carootPromise) {
      this.carootPromise = this.binary().then(async (bin) => {
        this.resolvedCaroot = await mkcertCaroot(bin.path, { env: this.options.env });
        return this.resolvedCaroot;
      });
      this.carootPromise.catch(() => (this.carootPromise = null));
    }
    return this.carootPromise;
  }

  private env(): NodeJS.ProcessEnv {
    return this.options.env ?? process.env;
  }

  private binary(): Promise<MkcertBinary> {
    const given = this.options.mkcert;
    if (typeof given === 'function') return given();
    if (given) return Promise.resolve(given);
    return resolveMkcert({
      env: this.options.env,
      onStatus: (message) => this.options.log?.({ event: 'status', message }),
    });
  }

  private shared(host: string, work: () => Promise<IssuedCertificate>): Promise<IssuedCertificate> {
    const running = this.inflight.get(host);
    if (running) return running;
    const pending = work().finally(() => this.inflight.delete(host));
    this.inflight.set(host, pending);
    return pending;
  }

  private expiring(stored: StoredCertificate): boolean {
    return stored.issued.notAfter.getTime() - this.renewBeforeMs <= Date.now();
  }

  private remember(host: string, stored: StoredCertificate): IssuedCertificate {
    this.memo.set(host, { stored, checkedAt: Date.now() });
    this.failures.delete(host);
    return stored.issued;
  }

  /** Reuses the stored certificate when it is still good, otherwise issues a new one. */
  private async load(host: string): Promise<IssuedCertificate> {
    const stored = await readPair(certPaths(this.options.dataDir, host));
    let reason: IssueReason | null = null;
    if (!stored) reason = 'missing';
    else if (this.expiring(stored)) reason = 'expiring';
    else if (namesFor(host).some((name) => !stored.issued.names.includes(name)))
      reason = 'names-changed';
    else {
      const ca = await readCa(await this.caroot());
      if (!ca || !issuedBy(stored.x509, ca)) reason = 'ca-changed';
    }
    if (reason === null && stored) {
      this.options.log?.({ event: 'reused', host, fingerprint: stored.issued.fingerprint });
      return this.remember(host, stored);
    }
    return this.issue(host, reason ?? 'missing');
  }

  /** Runs mkcert into temporary files, then moves them into place (key first, 0600). */
  private async issue(host: string, reason: IssueReason): Promise<IssuedCertificate> {
    const paths = certPaths(this.options.dataDir, host);
    const dir = dirname(paths.cert);
    const tmp = join(
      dir,
      `.${safeFileName(host)}.${process.pid}-${randomBytes(4).toString('hex')}`,
    );
    const tmpCert = `${tmp}.pem`;
    const tmpKey = `${tmp}.key.pem`;
    this.options.log?.({ event: 'issuing', host, reason });
    try {
      const binary = await this.binary();
      const caroot = await this.caroot();
      await mkdir(dir, { recursive: true, mode: 0o700 });
      const run = this.issuing.then(() =>
        issueLeaf({
          binary: binary.path,
          names: namesFor(host),
          certFile: tmpCert,
          keyFile: tmpKey,
          caroot,
          env: this.options.env,
        }),
      );
      this.issuing = run.catch(() => undefined); // the queue goes on; `run` reports the failure
      await run;
      await chmod(tmpKey, 0o600);
      await rename(tmpKey, paths.key);
      await rename(tmpCert, paths.cert);
      const stored = await readPair(paths);
      if (!stored)
        throw new PorticoError('MKCERT_FAILED', `mkcert wrote no usable certificate for ${host}.`);
      this.options.log?.({
        event: 'issued',
        host,
        fingerprint: stored.issued.fingerprint,
        notAfter: stored.issued.notAfter,
      });
      return this.remember(host, stored);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.failures.set(host, message);
      this.options.log?.({ event: 'failed', host, message });
      await Promise.all([rm(tmpCert, { force: true }), rm(tmpKey, { force: true })]);
      throw error;
    }
  }
}

function checkHostSafe(host: string): boolean {
  try {
    validatedNames([host]);
    return true;
  } catch {
    return false;
  }
}
