/**
 * The engine's certificate service: finds mkcert once, owns the mkcert provider and the SNI
 * callback, caches where the CA is trusted, and says why HTTPS is off when it must be.
 * Without mkcert the engine still serves HTTP.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { CaStatus, CertificateState } from '../../shared/contract';
import { PorticoError } from '../../shared/rpc';
import { resolveMkcert, type MkcertBinary, type ResolveMkcertOptions } from './certs/mkcert-binary';
import { MkcertProvider } from './certs/mkcert-provider';
import { caStatus, trustCa, untrustCa } from './certs/trust';
import type { CertificateProvider } from './tls/certificate-provider';
import { createSniCallback, type SniCallback } from './tls/sni';

export interface CertificateServiceOptions {
  dataDir: string;
  /** Resolves a servername to the configured domain host that serves it (TLS on). */
  domainFor(servername: string): string | null;
  log(line: string): void;
  /** Tests may bring their own provider (no mkcert involved). */
  provider?: CertificateProvider;
  /** Told when the search for mkcert reports progress (e.g. a download started). */
  onProgress?(): void;
  /** Tests: mkcert's first-run download without the network (see ResolveMkcertOptions). */
  downloadMkcert?: ResolveMkcertOptions['downloader'];
}

export class CertificateService {
  private status: CaStatus | null = null;
  mkcert: MkcertBinary | null = null;
  /** Why HTTPS is off, or what is under way ("downloading mkcert…"); null when ready. */
  problem: string | null = null;
  /** True while mkcert is being looked for or downloaded. */
  busy = false;
  provider: (CertificateProvider & Partial<MkcertProvider>) | null = null;
  sni: SniCallback | null = null;

  constructor(private readonly options: CertificateServiceOptions) {}

  /**
   * Finds mkcert (downloading it on first use if it must) and gets ready to issue. Never
   * throws: without mkcert, `problem` says how to install it and the engine serves HTTP.
   */
  async start(): Promise<void> {
    const { options } = this;
    if (options.provider) {
      this.provider = options.provider;
      this.sni = createSniCallback({ domainFor: options.domainFor, provider: options.provider });
      return;
    }
    this.busy = true;
    this.problem = 'Looking for mkcert…';
    try {
      this.mkcert = await resolveMkcert({
        onStatus: (message) => {
          this.problem = message;
          options.log(message);
          options.onProgress?.();
        },
        downloader: options.downloadMkcert,
      });
      this.problem = null;
    } catch (error) {
      this.problem = (error as Error).message;
      options.log(`HTTPS is off: ${this.problem}`);
    } finally {
      this.busy = false;
    }
    const mkcert = this.mkcert;
    if (!mkcert) return;
    this.provider = new MkcertProvider({
      dataDir: options.dataDir,
      mkcert,
      log: (entry) => {
        if (entry.event === 'failed') options.log(`certificates: ${entry.host}: ${entry.message}`);
        else if (entry.event === 'issued')
          options.log(
            `certificates: issued ${entry.host} (valid until ${entry.notAfter.toISOString()})`,
          );
        else if (entry.event === 'status') options.log(`certificates: ${entry.message}`);
      },
      isCaTrusted: () => this.isTrusted(),
    });
    this.sni = createSniCallback({ domainFor: options.domainFor, provider: this.provider });
    // Where the CA is trusted is slow to find out (certutil): learn it in the background.
    this.caStatus().catch(() => {});
  }

  isTrusted(): boolean {
    const trust = this.status?.trust;
    return trust?.nss === true || trust?.system === true || trust?.firefox === true;
  }

  async caStatus(): Promise<CaStatus> {
    this.status = await caStatus({ mkcert: this.mkcert, mkcertProblem: this.problem });
    return this.status;
  }

  async trust(): Promise<CaStatus> {
    this.status = await trustCa({ mkcert: this.requireMkcert(), mkcertProblem: this.problem });
    return this.status;
  }

  async untrust(): Promise<CaStatus> {
    this.status = await untrustCa({ mkcert: this.requireMkcert(), mkcertProblem: this.problem });
    return this.status;
  }

  /** The CA certificate (PEM) for clients Portico itself runs (replay), or null. */
  async caCertificate(): Promise<string | null> {
    const caroot = await this.caroot();
    return caroot ? readFile(path.join(caroot, 'rootCA.pem'), 'utf8').catch(() => null) : null;
  }

  async caroot(): Promise<string | null> {
    return this.provider?.caroot ? this.provider.caroot() : null;
  }

  async state(host: string): Promise<CertificateState | null> {
    if (!this.provider?.state) return null;
    return this.provider.state(host);
  }

  async regenerate(host: string): Promise<CertificateState> {
    if (!this.provider?.regenerate || !this.provider.state) throw this.missing();
    await this.provider.regenerate(host);
    this.sni?.invalidate(host);
    return this.provider.state(host);
  }

  /** Issues ahead of the first request so the first page load is not slowed by mkcert. */
  prepare(host: string): void {
    this.provider?.certificateFor(host).catch(() => {});
  }

  forget(host: string): void {
    this.sni?.invalidate(host);
    this.provider?.forget?.(host);
  }

  private requireMkcert(): MkcertBinary {
    if (!this.mkcert) throw this.missing();
    return this.mkcert;
  }

  private missing(): PorticoError {
    return new PorticoError('MKCERT_MISSING', this.problem ?? 'Certificates are not available.');
  }
}
