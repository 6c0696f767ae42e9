/**
 * The Doctor panel: runs the engine's checks for every domain (or one) and shows, per domain,
 * each check with its status, what was seen and the fix; a summary; "Run again"; the
 * hosts-file status when a name needs an entry. Runs once on opening if nothing was run yet.
 */
import { useEffect, useId } from 'react';
import type { DoctorReport, DomainDiagnosis } from '../../../../shared/doctor';
import { countsLine, countStatuses, hostsNeedAttention, summarize } from '../../doctor/doctor-view';
import { formatClock } from '../../inspector/format';
import { usePortico } from '../../store/store-context';
import { CheckItem, StatusMark } from './check-item';
import { HostsCard } from './hosts-card';

export function DoctorPage() {
  const report = usePortico((state) => state.doctorReport);
  const scope = usePortico((state) => state.doctorScope);
  const busy = usePortico((state) => state.doctorBusy);
  const error = usePortico((state) => state.doctorError);
  const hosts = usePortico((state) => state.hosts);
  const domains = usePortico((state) => state.domains);
  const runDoctor = usePortico((state) => state.runDoctor);

  useEffect(() => {
    // First visit: run for every domain. "Diagnose" from a domain row already started a run.
    if (!report && !busy) void runDoctor();
    // Only on mount: later runs are the user's ("Run again", the domain picker).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const shownHosts = hostsNeedAttention(hosts) ? hosts : null;
  // A scope whose domain was removed still shows in the picker until changed.
  const choices = domains.map((domain) => domain.host);
  if (scope && !choices.includes(scope)) choices.push(scope);

  return (
    <section className="doctor" aria-labelledby="doctor-title" aria-busy={busy}>
      <div className="page-head">
        <h1 id="doctor-title">Doctor</h1>
        <div className="doctor-controls">
          <label className="inline-field">
            Diagnose
            <select
              aria-label="Domain to diagnose"
              value={scope ?? ''}
              disabled={busy}
              onChange={(event) => void runDoctor(event.target.value || null)}
            >
              <option value="">All domains</option>
              {choices.map((host) => (
                <option key={host} value={host}>
                  {host}
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            className="button primary"
            disabled={busy}
            onClick={() => void runDoctor()}
          >
            {report || error ? 'Run again' : 'Run'}
          </button>
        </div>
      </div>

      <p className="doctor-summary" role="status" aria-live="polite" aria-label="Doctor summary">
        {busy ? (
          <span className="muted">
            Running the checks{scope ? ` for ${scope}` : ''}: connecting to each name, port and dev
            server…
          </span>
        ) : report ? (
          <SummaryLine report={report} />
        ) : null}
      </p>
      {error && (
        <p className="error-line" role="alert">
          {error}
        </p>
      )}

      {report && (
        <div className={`doctor-results${busy ? ' is-stale' : ''}`}>
          {report.engine.length > 0 && (
            <section className="card doctor-card" aria-labelledby="doctor-engine-title">
              <div className="doctor-card-head">
                <h2 id="doctor-engine-title">Portico</h2>
              </div>
              <ul className="check-list">
                {report.engine.map((check) => (
                  <CheckItem key={check.id} check={check} />
                ))}
              </ul>
            </section>
          )}
          {report.domains.length === 0 && (
            <p className="muted">No domains yet: add one on the Domains page, then run again.</p>
          )}
          {report.domains.map((diagnosis) => (
            <DiagnosisCard key={diagnosis.host} diagnosis={diagnosis} />
          ))}
        </div>
      )}
      {shownHosts && <HostsCard hosts={shownHosts} />}
    </section>
  );
}

function SummaryLine({ report }: { report: DoctorReport }) {
  const counts = countStatuses(report);
  return (
    <>
      <StatusMark status={report.status} />
      <span className="doctor-summary-text">{summarize(report)}</span>
      <span className="muted doctor-counts">
        {countsLine(counts)}
        {' · '}ran at {formatClock(report.ranAt, false)}
      </span>
    </>
  );
}

function DiagnosisCard({ diagnosis }: { diagnosis: DomainDiagnosis }) {
  const titleId = useId();
  return (
    <section className="card doctor-card" aria-labelledby={titleId}>
      <div className="doctor-card-head">
        <h2 id={titleId}>{diagnosis.host}</h2>
        <StatusMark status={diagnosis.status} />
        <span className="muted doctor-card-meta">
          <code>{diagnosis.url}</code> → <code>{diagnosis.target}</code>
        </span>
      </div>
      <ul className="check-list" aria-label={`Checks of ${diagnosis.host}`}>
        {diagnosis.checks.map((check) => (
          <CheckItem key={check.id} check={check} />
        ))}
      </ul>
    </section>
  );
}
