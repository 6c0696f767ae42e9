/** The Domains page: one row per domain, the Add button, and an empty state that teaches. */
import { usePortico } from '../../store/store-context';
import { exampleHost } from '../../store/selectors';
import { DomainRow } from './domain-row';

export function DomainsPage() {
  const domains = usePortico((state) => state.domains);
  const loaded = usePortico((state) => state.domainsLoaded);
  const error = usePortico((state) => state.domainsError);
  const openDialog = usePortico((state) => state.openDialog);
  const tld = usePortico((state) => state.settings?.defaultTld);

  return (
    <section className="domains" aria-labelledby="domains-title">
      <div className="page-head">
        <h1 id="domains-title">Domains</h1>
        <button
          type="button"
          className="button primary"
          aria-keyshortcuts="n"
          onClick={() => openDialog({ kind: 'add-domain' })}
        >
          Add domain
        </button>
      </div>
      {error && (
        <p className="error-line" role="alert">
          {error}
        </p>
      )}
      {loaded && domains.length === 0 && <EmptyState host={exampleHost(tld)} />}
      {domains.length > 0 && (
        <ul className="domain-list" aria-label="Domains">
          {domains.map((domain) => (
            <DomainRow key={domain.host} domain={domain} />
          ))}
        </ul>
      )}
    </section>
  );
}

function EmptyState({ host }: { host: string }) {
  const openDialog = usePortico((state) => state.openDialog);
  return (
    <div className="empty-state">
      <h2>Give your dev server a name</h2>
      <p>
        Add a domain and the port your dev server listens on. Portico forwards{' '}
        <code>https://{host}</code> to it, with a trusted certificate and working HMR.
      </p>
      <div className="example" aria-label="Example">
        <code>{host}</code>
        <span aria-hidden="true">→</span>
        <code>5173</code>
      </div>
      <p className="muted">
        The target can be a port (<code>5173</code>) or a URL (<code>http://127.0.0.1:8000</code>).
        Names ending in <code>.localhost</code> work without touching the hosts file. From a
        terminal: <code>portico add {host} 5173</code>.
      </p>
      <button
        type="button"
        className="button primary"
        onClick={() => openDialog({ kind: 'add-domain' })}
      >
        Add your first domain
      </button>
    </div>
  );
}
