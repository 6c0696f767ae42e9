/** The waterfall of one exchange: connect, wait for the first byte, receive. */
import type { Exchange } from '../../../../shared/exchange';
import { formatDuration } from '../../inspector/format';
import { timingSegments } from '../../inspector/timing';

export function TimingView({ exchange }: { exchange: Exchange }) {
  const segments = timingSegments(exchange.timings);
  if (segments.length === 0) {
    return <p className="muted">No timing: the request did not reach the dev server.</p>;
  }
  return (
    <div className="timing">
      <div
        className="waterfall"
        role="img"
        aria-label={segments.map((s) => `${s.label} ${formatDuration(s.ms)}`).join(', ')}
      >
        {segments.map((segment) => (
          <span
            key={segment.phase}
            className={`bar bar-${segment.phase}`}
            style={{ left: `${segment.offset * 100}%`, width: `max(2px, ${segment.width * 100}%)` }}
          />
        ))}
      </div>
      <table className="timing-table">
        <tbody>
          {segments.map((segment) => (
            <tr key={segment.phase}>
              <th scope="row">
                <span className={`swatch bar-${segment.phase}`} aria-hidden="true" />
                {segment.label}
              </th>
              <td className="num">{formatDuration(segment.ms)}</td>
            </tr>
          ))}
          <tr className="total">
            <th scope="row">Total</th>
            <td className="num">{formatDuration(exchange.durationMs)}</td>
          </tr>
        </tbody>
      </table>
    </div>
  );
}
