/**
 * The local CA (where it lives, where it is trusted), the Node line, per-domain certificates.
 * Without mkcert there is nothing to show: the page says why and how to install it instead.
 */
import { useEffect } from 'react';
import { formatExpiry } from '../../inspector/format';
import { usePortico } from '../../store/store-context';
import { lockBadge } from '../../store/selectors';
import { copyText } from '../copy-text';
import { FixText } from '../fix-text';

/** How to get mkcert on each OS; commands in backquotes get a copy button. */
const INSTALL_STEPS: Array<{ os: string; fix: string }> = [
  { os: 'Debian / Ubuntu', fix: '`sudo apt install mkcert libnss3-tools`' },
  { os: 'Fedora', fix: '`sudo dnf install mkcert nss-tools`' },
  { os: 'macOS', fix: '`brew install mkcert nss`' },
  { os: 'Windows', fix: '`choco install mkcert` or `scoop install mkcert`' },
  {
    os: 'Elsewhere',
    fix: 'Download a release from github.com/FiloSottile/mkcert and set PORTICO_MKCERT to its path.',
  },
];

function trustLabel(value: boolean | null): { text: string; tone: string } {
  if (value === null) return { text: 'not present', tone: 'muted' };
  return value ? { text: 'trusted', tone: 'ok' } : { text: 'not trusted', tone: 'warn' };
}

export function CertificatesPage() {
  const ca = usePortico((state) => state.ca);
  const caError = usePortico((state) => state.caError);
  const busy = usePortico((state) => state.caBusy);
  const loadCa = usePortico((state) => state.loadCa);
  const trust = usePortico((state) => state.trustCa);
  const untrust = usePortico((state) => state.untrustCa);
  const domains = usePortico((state) => state.domains);
  const regenerate = usePortico((state) => state.regenerateCertificate);
  const toast = usePortico((state) => state.toast);
  const status = usePortico((state) => state.status);

  useEffect(() => {
    void loadCa();
  }, [loadCa]);

  const tlsDomains = domains.filter((domain) => domain.tls);

  if (status && !status.certificatesAvailable) {
    return (
      <section className="certificates" aria-labelledby="certificates-title">
        <div className="page-head">
          <h1 id="certificates-title">Certificates</h1>
        </div>
        {status.certificatesBusy ? (
          <MkcertBusy progress={status.certificatesProblem} />
        ) : (
          <MkcertMissing problem={status.certificatesProblem} />
        )}
      </section>
    );
  }

  return (
    <section className="certificates" aria-labelledby="certificates-title">
      <div className="page-head">
        <h1 id="certificates-title">Certificates</h1>
      </div>
      {caError && (
        <p className="error-line" role="alert">
          {caError}
        </p>
      )}
      {ca && (
        <div className="card">
          <h2>Local certificate authority</h2>
          <dl className="facts">
            <dt>Status</dt>
            <dd>
              {ca.exists
                ? `Created, expires ${formatExpiry(ca.notAfter)}`
                : 'Not created yet (made with the first certificate)'}
            </dd>
            <dt>Location</dt>
            <dd>
              <code>{ca.caroot ?? '—'}</code>
            </dd>
            <dt>mkcert</dt>
            <dd>
              {ca.mkcert ? (
                <>
                  <code>{ca.mkcert.path}</code>{' '}
                  <span className="muted">
                    ({ca.mkcert.source}, {ca.mkcert.version})
                  </span>
                </>
              ) : (
                <span className="error-text">{ca.mkcertProblem ?? 'not found'}</span>
              )}
            </dd>
            <dt>System store</dt>
            <dd>
              <TrustValue value={ca.trust.system} />
            </dd>
            <dt>Chrome / Chromium (NSS)</dt>
            <dd>
              <TrustValue value={ca.trust.nss} />
            </dd>
            <dt>Firefox</dt>
            <dd>
              <TrustValue value={ca.trust.firefox} />
            </dd>
          </dl>
          <div className="card-actions">
            <button
              type="button"
              className="button primary"
              disabled={busy !== null || !ca.mkcert}
              onClick={() => void trust()}
            >
              {busy === 'trust' ? 'Trusting…' : 'Trust'}
            </button>
            <button
              type="button"
              className="button"
              disabled={busy !== null || !ca.mkcert}
              onClick={() => void untrust()}
            >
              {busy === 'untrust' ? 'Removing…' : 'Untrust'}
            </button>
            <span className="muted">Installing the CA may ask for your password.</span>
          </div>
          {ca.nodeExtraCaCerts && (
            <div className="node-line">
              <p>
                Node tools (fetch, axios, Next.js server code) read their own list. Add to your
                shell:
              </p>
              <div className="copy-line">
                <code>{ca.nodeExtraCaCerts}</code>
                <button
                  type="button"
                  className="button"
                  aria-label="Copy the NODE_EXTRA_CA_CERTS line"
                  onClick={() =>
                    void copyText(ca.nodeExtraCaCerts ?? '', 'the NODE_EXTRA_CA_CERTS line', toast)
                  }
                >
                  Copy
                </button>
              </div>
            </div>
          )}
        </div>
      )}
      <div className="card">
        <h2>Domain certificates</h2>
        {tlsDomains.length === 0 ? (
          <p className="muted">No domain uses HTTPS yet.</p>
        ) : (
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Domain</th>
                <th scope="col">State</th>
                <th scope="col">Expires</th>
                <th scope="col">Names</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {tlsDomains.map((domain) => {
                const badge = lockBadge(domain);
                return (
                  <tr key={domain.host}>
                    <th scope="row">{domain.host}</th>
                    <td>
                      <span className={`badge badge-${badge.tone}`} title={badge.description}>
                        {badge.label}
                      </span>
                    </td>
                    <td>{formatExpiry(domain.certificate?.notAfter ?? null)}</td>
                    <td className="mono">{domain.certificate?.names.join(', ') || '—'}</td>
                    <td>
                      <button
                        type="button"
                        className="button small"
                        aria-label={`Regenerate the certificate of ${domain.host}`}
                        onClick={() => void regenerate(domain.host)}
                      >
                        Regenerate
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </div>
    </section>
  );
}

function TrustValue({ value }: { value: boolean | null }) {
  const label = trustLabel(value);
  return <span className={`badge badge-${label.tone}`}>{label.text}</span>;
}

/** First run without mkcert: Portico is getting it (the download reports no progress). */
function MkcertBusy({ progress }: { progress: string | null }) {
  return (
    <div className="card" role="status" aria-busy="true" aria-labelledby="mkcert-busy-title">
      <h2 id="mkcert-busy-title">Getting mkcert…</h2>
      <p>
        {progress ?? 'Looking for mkcert.'} HTTPS starts as soon as it is ready; until then every
        domain is served over plain HTTP.
      </p>
    </div>
  );
}

function MkcertMissing({ problem }: { problem: string | null }) {
  return (
    <div className="card mkcert-missing" role="region" aria-labelledby="mkcert-missing-title">
      <h2 id="mkcert-missing-title">HTTPS is off: mkcert was not found</h2>
      <p>
        Portico issues certificates with mkcert, and none could be found or run, so every domain is
        served over plain HTTP for now.
      </p>
      {problem && (
        <p className="error-line" role="alert">
          {problem}
        </p>
      )}
      <h3>Install mkcert</h3>
      <dl className="facts install-steps">
        {INSTALL_STEPS.map((step) => (
          <div key={step.os} className="install-step">
            <dt>{step.os}</dt>
            <dd>
              <FixText fix={step.fix} />
            </dd>
          </div>
        ))}
      </dl>
      <p className="muted">
        Then restart Portico. An mkcert on PATH is used first; PORTICO_MKCERT names one explicitly.
      </p>
    </div>
  );
}
