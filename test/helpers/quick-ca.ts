/**
 * A quick test CA made with openssl (ECDSA), for tests of the proxy that need TLS but are not
 * about certificates (those use the real mkcert). Implements the engine's CertificateProvider.
 */
import { execFileSync } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {
  CertificateProvider,
  IssuedCertificate,
} from '../../electron/engine/tls/certificate-provider';

export class QuickCa implements CertificateProvider {
  readonly dir = mkdtempSync(join(tmpdir(), 'portico-quick-ca-'));
  readonly caCertPath = join(this.dir, 'ca.pem');
  readonly caCert: string;
  private readonly caKeyPath = join(this.dir, 'ca.key');
  private readonly issued = new Map<string, IssuedCertificate>();
  issuedCount = 0;

  constructor() {
    this.openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', this.caKeyPath]);
    this.openssl([
      'req',
      '-x509',
      '-new',
      '-key',
      this.caKeyPath,
      '-sha256',
      '-days',
      '30',
      '-subj',
      '/CN=Portico Quick Test CA',
      '-out',
      this.caCertPath,
    ]);
    this.caCert = readFileSync(this.caCertPath, 'utf8');
  }

  async certificateFor(host: string): Promise<IssuedCertificate> {
    const cached = this.issued.get(host);
    if (cached) return cached;
    const issued = this.issue(host);
    this.issued.set(host, issued);
    return issued;
  }

  /** Issues a fresh certificate (a new fingerprint) for the host. */
  reissue(host: string): IssuedCertificate {
    const issued = this.issue(host);
    this.issued.set(host, issued);
    return issued;
  }

  private issue(host: string): IssuedCertificate {
    this.issuedCount++;
    const names = host.startsWith('*.') ? [host, host.slice(2)] : [host];
    const base = join(this.dir, `${this.issuedCount}`);
    this.openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', `${base}.key`]);
    this.openssl([
      'req',
      '-new',
      '-key',
      `${base}.key`,
      '-subj',
      `/CN=${names[0]}`,
      '-out',
      `${base}.csr`,
    ]);
    writeFileSync(`${base}.ext`, `subjectAltName=${names.map((n) => `DNS:${n}`).join(',')}\n`);
    this.openssl([
      'x509',
      '-req',
      '-in',
      `${base}.csr`,
      '-CA',
      this.caCertPath,
      '-CAkey',
      this.caKeyPath,
      '-CAcreateserial',
      '-days',
      '7',
      '-sha256',
      '-extfile',
      `${base}.ext`,
      '-out',
      `${base}.pem`,
    ]);
    const cert = readFileSync(`${base}.pem`, 'utf8');
    const x509 = new X509Certificate(cert);
    return {
      key: readFileSync(`${base}.key`, 'utf8'),
      cert,
      names,
      notAfter: new Date(x509.validTo),
      fingerprint: createHash('sha256').update(x509.raw).digest('hex'),
    };
  }

  private openssl(args: string[]): void {
    execFileSync('openssl', args, { stdio: 'pipe' });
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
