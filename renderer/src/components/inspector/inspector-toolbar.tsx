/**
 * Filters (domain, status class, method, text), "Show secrets" (redaction off), pause/resume,
 * clear, HAR export.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { ExchangeSummary } from '../../../../shared/exchange';
import { distinctValues } from '../../inspector/exchange-list';
import { usePortico } from '../../store/store-context';
import { downloadText } from '../copy-text';

const STATUS_CLASSES: Array<{ value: string; label: string }> = [
  { value: '', label: 'Any status' },
  { value: '2', label: '2xx' },
  { value: '3', label: '3xx' },
  { value: '4', label: '4xx' },
  { value: '5', label: '5xx' },
  { value: '1', label: '1xx' },
  { value: '0', label: 'Failed' },
];

export function InspectorToolbar({ visible }: { visible: readonly ExchangeSummary[] }) {
  const filters = usePortico((state) => state.filters);
  const setFilters = usePortico((state) => state.setFilters);
  const exchanges = usePortico((state) => state.exchanges);
  const domains = usePortico((state) => state.domains);
  const paused = usePortico((state) => state.paused);
  const missed = usePortico((state) => state.missedWhilePaused);
  const setPaused = usePortico((state) => state.setInspectorPaused);
  const clear = usePortico((state) => state.clearExchanges);
  const exportHar = usePortico((state) => state.exportHar);
  const focusRequest = usePortico((state) => state.focusFilterRequest);
  const redact = usePortico((state) => state.settings?.inspector.redact ?? true);
  const setCapture = usePortico((state) => state.setCapture);
  const reloadSelected = usePortico((state) => state.reloadSelected);
  // Shown at once while the engine saves it; the engine's answer then takes over.
  const [showSecretsPending, setShowSecretsPending] = useState<boolean | null>(null);
  const showSecrets = showSecretsPending ?? !redact;
  const onShowSecrets = async (show: boolean) => {
    setShowSecretsPending(show);
    try {
      await setCapture({ redact: !show });
      await reloadSelected();
    } finally {
      setShowSecretsPending(null);
    }
  };
  const textRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (focusRequest > 0) textRef.current?.focus();
  }, [focusRequest]);

  const domainOptions = useMemo(
    () =>
      [
        ...new Set([...domains.map((d) => d.host), ...distinctValues(exchanges, (e) => e.domain)]),
      ].sort(),
    [domains, exchanges],
  );
  const methodOptions = useMemo(
    () => [
      ...new Set([
        'GET',
        'POST',
        'PUT',
        'PATCH',
        'DELETE',
        ...distinctValues(exchanges, (e) => e.method),
      ]),
    ],
    [exchanges],
  );

  const onExport = async () => {
    const har = await exportHar(visible.map((exchange) => exchange.id));
    if (har)
      downloadText(
        har,
        `portico-${new Date().toISOString().replace(/[:.]/g, '-')}.har`,
        'application/json',
      );
  };

  return (
    <div className="toolbar" role="toolbar" aria-label="Inspector filters and actions">
      <input
        ref={textRef}
        type="search"
        className="filter-text"
        placeholder="Filter host and path  ( / )"
        aria-label="Filter requests"
        aria-keyshortcuts="/"
        value={filters.text}
        onChange={(event) => setFilters({ text: event.target.value })}
        onKeyDown={(event) => {
          if (event.key === 'Escape') (event.target as HTMLInputElement).blur();
        }}
      />
      <select
        aria-label="Domain"
        value={filters.domain}
        onChange={(event) => setFilters({ domain: event.target.value })}
      >
        <option value="">All domains</option>
        {domainOptions.map((host) => (
          <option key={host} value={host}>
            {host}
          </option>
        ))}
      </select>
      <select
        aria-label="Status"
        value={filters.statusClass === null ? '' : String(filters.statusClass)}
        onChange={(event) =>
          setFilters({ statusClass: event.target.value === '' ? null : Number(event.target.value) })
        }
      >
        {STATUS_CLASSES.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <select
        aria-label="Method"
        value={filters.method}
        onChange={(event) => setFilters({ method: event.target.value })}
      >
        <option value="">Any method</option>
        {methodOptions.map((method) => (
          <option key={method} value={method}>
            {method}
          </option>
        ))}
      </select>
      <span className="toolbar-spacer" />
      <label
        className="check small"
        title="Show Cookie, Set-Cookie, Authorization and Proxy-Authorization values (the engine's redaction setting, also in Settings)"
      >
        <input
          type="checkbox"
          checked={showSecrets}
          onChange={(event) => void onShowSecrets(event.target.checked)}
        />
        Show secrets
      </label>
      <button
        type="button"
        className="button"
        aria-pressed={paused}
        onClick={() => void setPaused(!paused)}
      >
        {paused ? `Resume${missed ? ` (${missed} new)` : ''}` : 'Pause'}
      </button>
      <button
        type="button"
        className="button"
        aria-keyshortcuts="Control+K Meta+K"
        onClick={() => void clear()}
      >
        Clear
      </button>
      <button
        type="button"
        className="button"
        disabled={visible.length === 0}
        onClick={() => void onExport()}
      >
        Export HAR
      </button>
    </div>
  );
}
