/**
 * Headers before and after Portico, side by side: one row per header name, marked
 * added / changed / removed, with the one-line reason for each change the proxy made.
 * Values are rendered as text (React escapes them): captured data is never HTML.
 */
import { useMemo, useState } from 'react';
import type { HeaderList } from '../../../../shared/exchange';
import { diffHeaders } from '../../../../shared/header-diff';

const CHANGE_LABEL = { same: '', added: 'added', changed: 'changed', removed: 'removed' } as const;

export function HeaderDiffTable({
  direction,
  title,
  beforeLabel,
  afterLabel,
  before,
  after,
}: {
  direction: 'request' | 'response';
  title: string;
  beforeLabel: string;
  afterLabel: string;
  before: HeaderList;
  after: HeaderList;
}) {
  const [onlyChanges, setOnlyChanges] = useState(false);
  const rows = useMemo(() => diffHeaders(before, after, { direction }), [before, after, direction]);
  const changed = rows.filter((row) => row.change !== 'same').length;
  const shown = onlyChanges ? rows.filter((row) => row.change !== 'same') : rows;

  return (
    <section className="header-diff" aria-label={`${title} headers`}>
      <div className="header-diff-head">
        <h3>
          {title}{' '}
          <span className="muted">
            {changed === 0 ? 'unchanged' : `${changed} changed by Portico`}
          </span>
        </h3>
        <label className="check small">
          <input
            type="checkbox"
            checked={onlyChanges}
            onChange={(e) => setOnlyChanges(e.target.checked)}
          />
          Only changes
        </label>
      </div>
      {rows.length === 0 ? (
        <p className="muted">No headers (the exchange did not get this far).</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">{beforeLabel}</th>
              <th scope="col">{afterLabel}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((row, index) => (
              <tr key={`${row.name}-${index}`} className={`change-${row.change}`}>
                <th scope="row">
                  {row.name}
                  {row.change !== 'same' && (
                    <span className={`change-tag tag-${row.change}`}>
                      {CHANGE_LABEL[row.change]}
                    </span>
                  )}
                </th>
                <td>
                  <Values values={row.before} />
                </td>
                <td>
                  <Values values={row.after} />
                  {row.explanation && <p className="explanation">{row.explanation}</p>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function Values({ values }: { values: string[] }) {
  if (values.length === 0) return <span className="absent">—</span>;
  return (
    <>
      {values.map((value, index) => (
        <code key={index} className="header-value">
          {value}
        </code>
      ))}
    </>
  );
}
