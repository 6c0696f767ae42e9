/**
 * The hosts-file block Portico manages for names outside .localhost: which names it should
 * hold, which it holds, whether a write (maybe waiting for an administrator) is under way,
 * and why the last write failed, with the manual fix.
 */
import type { HostsStatus } from '../../../../shared/doctor';
import { missingHostNames } from '../../doctor/doctor-view';
import { FixText } from '../fix-text';
import { StatusMark } from './check-item';

export function HostsCard({ hosts }: { hosts: HostsStatus }) {
  const missing = missingHostNames(hosts);
  const status = hosts.problem ? 'fail' : hosts.pending || missing.length > 0 ? 'warn' : 'pass';
  return (
    <section className="card doctor-card" aria-labelledby="hosts-title">
      <div className="doctor-card-head">
        <h2 id="hosts-title">Hosts file</h2>
        <StatusMark status={status} />
      </div>
      <dl className="facts">
        <dt>File</dt>
        <dd>
          {hosts.file ? (
            <code>{hosts.file}</code>
          ) : (
            <span className="muted">not managed (PORTICO_HOSTS_FILE=off)</span>
          )}
        </dd>
        <dt>Needed</dt>
        <dd className="mono">{hosts.wanted.join(', ') || '—'}</dd>
        <dt>In the file</dt>
        <dd className="mono">{hosts.managed.join(', ') || '—'}</dd>
        {hosts.pending && (
          <>
            <dt>Writing</dt>
            <dd>Updating the file (an administrator prompt may be waiting)…</dd>
          </>
        )}
        {missing.length > 0 && !hosts.pending && (
          <>
            <dt>Missing</dt>
            <dd className="mono">{missing.join(', ')}</dd>
          </>
        )}
      </dl>
      {hosts.problem && (
        <p className="check-fix" role="alert">
          <FixText fix={hosts.problem} />
        </p>
      )}
    </section>
  );
}
