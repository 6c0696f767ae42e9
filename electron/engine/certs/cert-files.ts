/**
 * Where a domain's certificate lives in the data dir and how it is read back: file names
 * derived from the (already validated) host, and the parsed facts the provider decides on
 * (names, expiry, fingerprint, issuing CA, key matching the certificate).
 */
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { IssuedCertificate } from '../tls/certificate-provider';

export interface CertPaths {
  cert: string;
  key: string;
}

/**
 * A file name for a host. Validated hosts hold only `a-z 0-9 . -` and a leading `*.`; `_`
 * can never occur in one, so `*` → `_wildcard` cannot collide with another host.
 */
export function safeFileName(host: string): string {
  const name = host.replace(/^\*\./, '_wildcard.');
  if (!/^[a-z0-9._-]+$/.test(name) || name.startsWith('.') || name.includes('..')) {
    throw new Error(`not a safe certificate file name: ${JSON.stringify(host)}`);
  }
  return name;
}

export function certPaths(dataDir: string, host: string): CertPaths {
  const base = join(dataDir, 'certs', safeFileName(host));
  return { cert: `${base}.pem`, key: `${base}.key.pem` };
}

/** The names a domain's certificate covers: the host, and for `*.x` also `x`. */
export function namesFor(host: string): string[] {
  return host.startsWith('*.') ? [host, host.slice(2)] : [host];
}

/** The DNS names of a certificate's subjectAltName. */
export function dnsNames(cert: X509Certificate): string[] {
  return (cert.subjectAltName ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.startsWith('DNS:'))
    .map((part) => part.slice(4));
}

export interface StoredCertificate {
  issued: IssuedCertificate;
  x509: X509Certificate;
}

/** Parses a PEM pair; null if either is unreadable or the key does not belong to the cert. */
export function parsePair(certPem: string, keyPem: string): StoredCertificate | null {
  try {
    const x509 = new X509Certificate(certPem);
    if (!x509.checkPrivateKey(createPrivateKey(keyPem))) return null;
    return {
      x509,
      issued: {
        cert: certPem,
        key: keyPem,
        names: dnsNames(x509),
        notAfter: new Date(x509.validTo),
        fingerprint: x509.fingerprint256,
      },
    };
  } catch {
    return null; // a corrupt or half-written pair is treated as missing and re-issued
  }
}

/** A file's text, or null when it does not exist (other errors, e.g. EACCES, propagate). */
export async function readIfExists(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** Reads a stored pair; null when missing, corrupt or mismatched. */
export async function readPair(paths: CertPaths): Promise<StoredCertificate | null> {
  const [cert, key] = await Promise.all([readIfExists(paths.cert), readIfExists(paths.key)]);
  return cert && key ? parsePair(cert, key) : null;
}

/** Whether `leaf` was signed by `ca` (same issuer name and a valid signature). */
export function issuedBy(leaf: X509Certificate, ca: X509Certificate): boolean {
  try {
    return leaf.checkIssued(ca) && leaf.verify(ca.publicKey);
  } catch {
    return false;
  }
}

/** Reads `<caroot>/rootCA.pem`; null when there is no CA yet. */
export async function readCa(caroot: string): Promise<X509Certificate | null> {
  const pem = await readIfExists(join(caroot, 'rootCA.pem'));
  if (!pem) return null;
  try {
    return new X509Certificate(pem);
  } catch {
    return null;
  }
}
