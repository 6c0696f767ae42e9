/**
 * The selected exchange: a summary line, the actions (Replay, Copy as cURL, Export HAR),
 * and tabs for Headers (before ⇄ after), Body and Timing.
 */
import { useState } from 'react';
import type { Exchange } from '../../../../shared/exchange';
import {
  formatBytes,
  formatClock,
  formatDuration,
  statusLabel,
  statusTone,
} from '../../inspector/format';
import { usePortico } from '../../store/store-context';
import { copyText, downloadText } from '../copy-text';
import { BodyView } from './body-view';
import { HeaderDiffTable } from './header-diff-table';
import { TimingView } from './timing-view';

type Tab = 'headers' | 'body' | 'timing';
const TABS: Array<{ id: Tab; label: string }> = [
  { id: 'headers', label: 'Headers' },
  { id: 'body', label: 'Body' },
  { id: 'timing', label: 'Timing' },
];

export function ExchangeDetail() {
  const selectedId = usePortico((state) => state.selectedId);
  const exchange = usePortico((state) => state.selected);
  const error = usePortico((state) => state.selectedError);
  const [tab, setTab] = useState<Tab>('headers');

  if (!selectedId) {
    return (
      <div className="detail detail-empty">
        <p className="muted">Select a request to see its headers before and after Portico.</p>
      </div>
    );
  }
  if (error) {
    return (
      <div className="detail detail-empty">
        <p className="error-line" role="alert">
          {error}
        </p>
      </div>
    );
  }
  if (!exchange) {
    return (
      <div className="detail detail-empty" aria-busy="true">
        <p className="muted">Loading…</p>
      </div>
    );
  }

  return (
    <section className="detail" aria-label="Request details">
      <DetailHead exchange={exchange} />
      <div className="tabs" role="tablist" aria-label="Request details">
        {TABS.map((item) => (
          <button
            key={item.id}
            type="button"
            role="tab"
            id={`tab-${item.id}`}
            aria-selected={tab === item.id}
            aria-controls={`panel-${item.id}`}
            tabIndex={tab === item.id ? 0 : -1}
            onClick={() => setTab(item.id)}
            onKeyDown={(event) => {
              if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
              const index = TABS.findIndex((t) => t.id === tab);
              const step = event.key === 'ArrowRight' ? 1 : TABS.length - 1;
              const next = TABS[(index + step) % TABS.length];
              if (next) {
                setTab(next.id);
                document.getElementById(`tab-${next.id}`)?.focus();
              }
            }}
          >
            {item.label}
          </button>
        ))}
      </div>
      <div className="tab-panel" role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {tab === 'headers' && (
          <>
            <HeaderDiffTable
              direction="request"
              title="Request"
              beforeLabel="Received from the client"
              afterLabel="Forwarded to the dev server"
              before={exchange.request.received}
              after={exchange.request.forwarded}
            />
            <HeaderDiffTable
              direction="response"
              title="Response"
              beforeLabel="Received from the dev server"
              afterLabel="Sent to the client"
              before={exchange.response.received}
              after={exchange.response.sent}
            />
          </>
        )}
        {tab === 'body' && <BodyView exchange={exchange} />}
        {tab === 'timing' && <TimingView exchange={exchange} />}
      </div>
    </section>
  );
}

function DetailHead({ exchange }: { exchange: Exchange }) {
  const replay = usePortico((state) => state.replay);
  const curlFor = usePortico((state) => state.curlFor);
  const exportHar = usePortico((state) => state.exportHar);
  const select = usePortico((state) => state.select);
  const toast = usePortico((state) => state.toast);

  const onCurl = async () => {
    const command = await curlFor(exchange.id);
    if (command) await copyText(command, 'the cURL command', toast);
  };
  const onHar = async () => {
    const har = await exportHar([exchange.id]);
    if (har) downloadText(har, `portico-${exchange.id}.har`, 'application/json');
  };

  return (
    <div className="detail-head">
      <div className="detail-title">
        <span className={`status-chip tone-${statusTone(exchange.status, exchange.error)}`}>
          {statusLabel(exchange.status, exchange.error)}
        </span>
        <span className="method">{exchange.method}</span>
        <span className="detail-url" title={`${exchange.host}${exchange.path}`}>
          {exchange.host}
          {exchange.path}
        </span>
      </div>
      <div className="detail-meta">
        <span>{formatClock(exchange.time)}</span>
        <span>{formatDuration(exchange.durationMs)}</span>
        <span>
          {exchange.protocol.tls ? 'HTTPS' : 'HTTP'}/{exchange.protocol.httpVersion}
        </span>
        {exchange.target && <span>→ {exchange.target}</span>}
        <span>
          ↑ {formatBytes(exchange.bytesIn)} ↓ {formatBytes(exchange.bytesOut)}
        </span>
        <span>from {exchange.clientAddress}</span>
        {exchange.error && <span className="error-text">error: {exchange.error}</span>}
        {exchange.websocket && (
          <span>
            WebSocket{' '}
            {exchange.websocket.open ? 'open' : `closed (${exchange.websocket.closeCode ?? '—'})`} ·{' '}
            {exchange.websocket.framesIn + exchange.websocket.framesOut} frames
          </span>
        )}
        {exchange.replayOf && (
          <button
            type="button"
            className="link-button"
            onClick={() => void select(exchange.replayOf)}
          >
            Replay of an earlier request — show it
          </button>
        )}
      </div>
      <div className="detail-actions">
        <button
          type="button"
          className="button"
          onClick={() => void replay(exchange.id)}
          disabled={exchange.upgrade !== null}
        >
          Replay
        </button>
        <button type="button" className="button" onClick={() => void onCurl()}>
          Copy as cURL
        </button>
        <button type="button" className="button" onClick={() => void onHar()}>
          Export HAR
        </button>
      </div>
    </div>
  );
}
