/**
 * Check: the certificate Portico serves for the name (fetched over TLS with the name as
 * SNI, as a browser does) covers the name, is within its dates, was signed by Portico's
 * local CA, and that CA is trusted, and where (system store, NSS for Firefox/Chromium).
 */
import { X509Certificate } from 'node:crypto';
import tls from 'node:tls';
import type { CaStatus } from '../../../shared/contract';
import type { DoctorCheck } from '../../../shared/doctor';
import { check, type DomainContext } from './doctor-context';

const TITLE = 'The certificate matches the name, is current and trusted';
const REGENERATE =
  'Regenerate it: the menu of the domain → Regenerate certificate (or remove and add the domain).';

export function fetchCertificate(
  port: number,
  servername: string,
  timeoutMs: number,
): Promise<{ ok: true; cert: X509Certificate } | { ok: false; code: string }> {
  return new Promise((resolve) => {
    // Verification is what this check does itself, below, so that it can say what is wrong.
    const socket = tls.connect({ host: '127.0.0.1', port, servername, rejectUnauthorized: false });
    const done = (result: { ok: true; cert: X509Certificate } | { ok: false; code: string }) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => done({ ok: false, code: 'timeout' }), timeoutMs);
    socket.once('secureConnect', () => {
      const cert = socket.getPeerX509Certificate();
      done(cert ? { ok: true, cert } : { ok: false, code: 'no certificate' });
    });
    socket.on('error', (error: NodeJS.ErrnoException) =>
      done({ ok: false, code: error.code ?? error.message }),
    );
  });
}

function trustPlaces(ca: CaStatus | null): { trusted: string[]; untrusted: string[] } {
  const names = { system: 'the system store', nss: 'the NSS store (Firefox, Chromium on Linux)' };
  const trusted: string[] = [];
  const untrusted: string[] = [];
  for (const key of ['system', 'nss'] as const) {
    const value = ca?.trust[key];
    if (value === true) trusted.push(names[key]);
    else if (value === false) untrusted.push(names[key]);
  }
  return { trusted, untrusted };
}

export async function checkCertificate(
  context: DomainContext,
  deps: {
    caStatus(): Promise<CaStatus | null>;
    caCertificate(): Promise<string | null>;
    certificatesProblem: string | null;
    now?: Date;
  },
): Promise<DoctorCheck> {
  if (!context.domain.tls)
    return check('certificate', TITLE, 'skip', 'This domain is served over plain HTTP.');
  if (!context.tls || context.port === null)
    return check(
      'certificate',
      TITLE,
      'fail',
      `HTTPS is off: ${deps.certificatesProblem ?? 'no HTTPS listener.'}`,
      deps.certificatesProblem
        ? 'Install mkcert (or set PORTICO_MKCERT to its path), then restart Portico.'
        : 'See the port check above.',
    );
  const fetched = await fetchCertificate(context.port, context.name, context.timeoutMs);
  if (!fetched.ok)
    return check(
      'certificate',
      TITLE,
      'fail',
      `The TLS handshake for ${context.name} failed (${fetched.code}): no certificate could be issued or served.`,
      `${deps.certificatesProblem ?? 'Look at the certificate state of the domain.'} ${REGENERATE}`,
    );
  const cert = fetched.cert;
  const now = deps.now ?? new Date();
  const mismatch = tls.checkServerIdentity(context.name, cert.toLegacyObject());
  if (mismatch)
    return check(
      'certificate',
      TITLE,
      'fail',
      `The certificate served is for ${cert.subjectAltName ?? cert.subject}, not ${context.name}: browsers refuse it.`,
      REGENERATE,
    );
  const notAfter = new Date(cert.validTo);
  const notBefore = new Date(cert.validFrom);
  if (notAfter <= now)
    return check(
      'certificate',
      TITLE,
      'fail',
      `The certificate expired on ${notAfter.toISOString()}.`,
      REGENERATE,
    );
  if (notBefore > now)
    return check(
      'certificate',
      TITLE,
      'fail',
      `The certificate is not valid before ${notBefore.toISOString()}: is this machine's clock right?`,
      'Correct the clock, then regenerate the certificate.',
    );
  const caPem = await deps.caCertificate().catch(() => null);
  if (caPem) {
    const ca = new X509Certificate(caPem);
    if (!cert.checkIssued(ca) || !cert.verify(ca.publicKey))
      return check(
        'certificate',
        TITLE,
        'fail',
        `The certificate was signed by "${cert.issuer.replace(/\n/g, ', ')}", not by Portico's local CA.`,
        REGENERATE,
      );
  }
  const days = Math.floor((notAfter.getTime() - now.getTime()) / 86_400_000);
  const covers = `covers ${context.name}, valid until ${notAfter.toISOString().slice(0, 10)}`;
  if (!caPem)
    return check(
      'certificate',
      TITLE,
      'warn',
      `The certificate ${covers}, but Portico could not find its CA certificate to tell where it is trusted.`,
      'Check the Certificates panel; `portico trust` installs the CA.',
    );
  const status = await deps.caStatus().catch(() => null);
  const { trusted, untrusted } = trustPlaces(status);
  if (trusted.length === 0)
    return check(
      'certificate',
      TITLE,
      'fail',
      `The certificate ${covers}, but its CA is not trusted${untrusted.length ? ` in ${untrusted.join(' or ')}` : ''}: browsers show a warning.`,
      `Trust the CA once: \`portico trust\` (or the Trust button).${status?.nodeExtraCaCerts ? ` For Node tools: ${status.nodeExtraCaCerts}` : ''}`,
    );
  if (untrusted.length > 0 || days < 3)
    return check(
      'certificate',
      TITLE,
      'warn',
      `The certificate ${covers}; its CA is trusted in ${trusted.join(' and ')}${untrusted.length ? ` but not in ${untrusted.join(' or ')}` : ''}.${days < 3 ? ` It expires in ${days} days.` : ''}`,
      untrusted.length
        ? 'Run `portico trust` again with the browser closed (and certutil installed for NSS).'
        : REGENERATE,
    );
  return check(
    'certificate',
    TITLE,
    'pass',
    `The certificate ${covers}; its CA is trusted in ${trusted.join(' and ')}.`,
  );
}
