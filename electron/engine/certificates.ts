/**
 * The engine's certificate service: finds mkcert once, owns the mkcert provider and the SNI
 * callback, caches where the CA is trusted, and says why HTTPS is off when it must be.
 * Without mkcert the engine still serves HTTP.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { CaStatus, CertificateState } from '../../shared/contract';
import { PorticoError } from '../../shared/rpc';
import { resolveMkcert, type MkcertBinary } from './certs/mkcert-binary';
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
}

export class CertificateService {
  private status: CaStatus | null = null;

  private constructor(
    readonly mkcert: MkcertBinary | null,
    readonly problem: string | null,
    readonly provider: (CertificateProvider & Partial<MkcertProvider>) | null,
    readonly sni: SniCallback | null,
  ) {}

  static async create(options: CertificateServiceOptions): Promise<CertificateService> {
    if (options.provider) {
      const sni = createSniCallback({ domainFor: options.domainFor, provider: options.provider });
      return new CertificateService(null, null, options.provider, sni);
    }
    let mkcert: MkcertBinary | null = null;
    let problem: string | null = null;
    try {
      mkcert = await resolveMkcert({ onStatus: (message) => options.log(message) });
    } catch (error) {
      problem = (error as Error).message;
      options.log(`HTTPS is off: ${problem}`);
    }
    if (!mkcert) return new CertificateService(null, problem, null, null);
    const service: { current: CertificateService | null } = { current: null };
    const provider = new MkcertProvider({
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
      isCaTrusted: () => service.current?.isTrusted() ?? false,
    });
    const sni = createSniCallback({ domainFor: options.domainFor, provider });
    service.current = new CertificateService(mkcert, null, provider, sni);
    // Where the CA is trusted is slow to find out (certutil): learn it in the background.
    service.current.caStatus().catch(() => {});
    return service.current;
  }

  isTrusted(): boolean {
    return this.status?.trust.nss === true || this.status?.trust.system === true;
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
