/**
 * Where TLS certificates come from. The engine asks for a domain's certificate by its
 * configured host (`shop.localhost`, `*.shop.localhost`); the mkcert provider is the one
 * the app uses, tests may use a quick in-process CA. Providers share concurrent issuance
 * for the same host and cache across restarts.
 */
export interface IssuedCertificate {
  /** PEM private key. */
  key: string;
  /** PEM certificate chain (leaf first). */
  cert: string;
  /** Names the certificate covers. */
  names: string[];
  notAfter: Date;
  /** Changes whenever the certificate is re-issued (e.g. the SHA-256 fingerprint). */
  fingerprint: string;
}

export interface CertificateProvider {
  /** A current certificate for the domain, issuing or renewing one if needed. */
  certificateFor(host: string): Promise<IssuedCertificate>;
}
