/**
 * The live request list, virtualised so it stays smooth with thousands of rows. It is a
 * listbox: arrow keys move the selection, each option names its request for screen readers.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef, type KeyboardEvent } from 'react';
import type { ExchangeSummary } from '../../../../shared/exchange';
import {
  formatClock,
  formatDuration,
  shortStatus,
  statusLabel,
  statusTone,
} from '../../inspector/format';
import { usePortico } from '../../store/store-context';

const ROW_HEIGHT = 28;

export function ExchangeList({
  exchanges,
  total,
}: {
  exchanges: readonly ExchangeSummary[];
  total: number;
}) {
  const selectedId = usePortico((state) => state.selectedId);
  const select = usePortico((state) => state.select);
  const scrollRef = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is read in render by design
  const virtualizer = useVirtualizer({
    count: exchanges.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    getItemKey: (index) => exchanges[index]?.id ?? index,
  });

  const onKey = (event: KeyboardEvent) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    event.preventDefault();
    const index = exchanges.findIndex((e) => e.id === selectedId);
    const next = event.key === 'ArrowDown' ? index + 1 : Math.max(0, index - 1);
    const target = exchanges[Math.min(next, exchanges.length - 1)];
    if (target) {
      void select(target.id);
      virtualizer.scrollToIndex(exchanges.indexOf(target));
    }
  };

  return (
    <div className="exchange-list">
      <div className="list-head" aria-hidden="true">
        <span>Method</span>
        <span>Status</span>
        <span>Host</span>
        <span>Path</span>
        <span className="num">Time</span>
        <span className="num">At</span>
      </div>
      {exchanges.length === 0 ? (
        <div className="list-empty">
          {total === 0 ? (
            <>
              <p>No requests yet.</p>
              <p className="muted">
                Open one of your domains: every request through Portico shows up here live.
              </p>
            </>
          ) : (
            <p>No request matches the filters.</p>
          )}
        </div>
      ) : (
        <div
          ref={scrollRef}
          className="list-scroll"
          role="listbox"
          aria-label="Requests"
          tabIndex={0}
          onKeyDown={onKey}
          aria-activedescendant={selectedId ? `exchange-${selectedId}` : undefined}
        >
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {virtualizer.getVirtualItems().map((item) => {
              const exchange = exchanges[item.index];
              if (!exchange) return null;
              const selected = exchange.id === selectedId;
              const status = statusLabel(exchange.status, exchange.error);
              return (
                <div
                  key={item.key}
                  id={`exchange-${exchange.id}`}
                  role="option"
                  aria-selected={selected}
                  aria-label={`${exchange.method} ${exchange.host}${exchange.path} ${status}${exchange.replayOf ? ', replay' : ''}`}
                  className={`exchange-row tone-${statusTone(exchange.status, exchange.error)}${selected ? ' selected' : ''}`}
                  style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
                  onClick={() => void select(exchange.id)}
                >
                  <span className="method">{exchange.method}</span>
                  <span className="status" title={status}>
                    {shortStatus(exchange.status, exchange.error)}
                  </span>
                  <span className="host">{exchange.host}</span>
                  <span className="path" title={exchange.path}>
                    {exchange.replayOf && (
                      <span className="replay-mark" title="Replay">
                        ↻{' '}
                      </span>
                    )}
                    {exchange.upgrade === 'websocket' && <span className="ws-mark">WS </span>}
                    {exchange.path}
                  </span>
                  <span className="num">{formatDuration(exchange.durationMs)}</span>
                  <span className="num muted">{formatClock(exchange.time, false)}</span>
                </div>
              );
            })}
          </div>
        </div>
      )}
    </div>
  );
}
