/** The engine's state, always visible: running or paused, its ports, problems, help. */
import { usePortico } from '../../store/store-context';
import { describeListener, engineProblems } from '../../store/selectors';
import { Icon } from '../icons';
import { ShortcutsHelp } from './shortcuts-help';

export function TopBar() {
  const status = usePortico((state) => state.status);
  const statusError = usePortico((state) => state.statusError);
  const connection = usePortico((state) => state.connection);
  const setPaused = usePortico((state) => state.setPaused);

  const reachable = connection === 'open' && status !== null;
  const stateLabel = !reachable
    ? connection === 'connecting'
      ? 'Connecting…'
      : 'Engine unreachable'
    : status.paused
      ? 'Paused'
      : 'Running';
  const tone = !reachable ? 'bad' : status.paused ? 'warn' : 'ok';
  const problems = engineProblems(status);

  return (
    <header className="top-bar">
      <div className="brand">
        <span className="brand-mark">
          <Icon name="portico" size={14} />
        </span>
        Portico
      </div>
      <div className="engine-state" aria-label="Engine state">
        <span className={`pill pill-${tone}`}>
          <span className={`dot dot-${tone}`} aria-hidden="true" />
          {stateLabel}
        </span>
        {status && (
          <>
            {[describeListener('HTTP', status.http), describeListener('HTTPS', status.https)].map(
              (listener) => (
                <span
                  key={listener.text}
                  className={`port${listener.problem ? ' port-fallback' : ''}`}
                  title={listener.problem ?? undefined}
                >
                  {listener.text}
                </span>
              ),
            )}
            <span className="muted version">v{status.version}</span>
          </>
        )}
      </div>
      <div className="top-actions">
        {status && (
          <button
            type="button"
            className="button"
            aria-pressed={status.paused}
            onClick={() => void setPaused(!status.paused)}
          >
            {status.paused ? 'Resume all' : 'Pause all'}
          </button>
        )}
        <ShortcutsHelp />
      </div>
      {(problems.length > 0 || (statusError && connection === 'open')) && (
        <div className="problems" role="alert">
          {statusError && <p>{statusError}</p>}
          {problems.map((problem) => (
            <p key={problem}>{problem}</p>
          ))}
        </div>
      )}
    </header>
  );
}
