/** Request and response bodies: text as text, binary as size and type, or how to capture. */
import type { CapturedBody, Exchange } from '../../../../shared/exchange';
import { formatBytes } from '../../inspector/format';
import { usePortico } from '../../store/store-context';

export function BodyView({ exchange }: { exchange: Exchange }) {
  const capturing = usePortico((state) => state.settings?.inspector.captureBodies ?? false);
  const setCapture = usePortico((state) => state.setCapture);
  return (
    <div className="bodies">
      {!capturing && (
        <p className="notice">
          Body capture is off.{' '}
          <button
            type="button"
            className="link-button"
            onClick={() => void setCapture({ captureBodies: true })}
          >
            Capture bodies
          </button>{' '}
          of the next requests (up to the size set in Settings).
        </p>
      )}
      <Body title="Request body" body={exchange.request.body} />
      <Body title="Response body" body={exchange.response.body} />
    </div>
  );
}

function Body({ title, body }: { title: string; body: CapturedBody | null }) {
  return (
    <section className="body-block" aria-label={title}>
      <h3>
        {title}{' '}
        {body && (
          <span className="muted">
            {formatBytes(body.size)}
            {body.contentType ? ` · ${body.contentType}` : ''}
            {body.truncated ? ' · truncated' : ''}
          </span>
        )}
      </h3>
      {!body ? (
        <p className="muted">Not captured.</p>
      ) : body.size === 0 ? (
        <p className="muted">Empty.</p>
      ) : body.text !== null ? (
        <pre className="body-text">{body.text}</pre>
      ) : (
        <p className="muted">
          Binary content ({body.contentType ?? 'unknown type'}, {formatBytes(body.size)}).
        </p>
      )}
    </section>
  );
}
