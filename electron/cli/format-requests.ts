/** How `portico requests` shows recorded exchanges: a table, or the full JSON entries. */
import type { Exchange } from '../../shared/exchange';
import { formatTable } from './format-table';

export function formatDuration(ms: number | null): string {
  if (ms === null) return '-';
  return ms < 1000 ? `${ms.toFixed(ms < 10 ? 1 : 0)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

export function formatRequestList(exchanges: Exchange[]): string {
  if (exchanges.length === 0) return 'No requests recorded yet.\n';
  const rows = exchanges.map((exchange) => [
    exchange.time.replace(/^.*T/, '').replace(/Z$/, ''),
    exchange.method,
    exchange.status === null ? '-' : String(exchange.status),
    `${exchange.host}${exchange.path}`,
    formatDuration(exchange.durationMs),
    [exchange.upgrade, exchange.error].filter(Boolean).join(' ') || '',
  ]);
  return formatTable(['TIME', 'METHOD', 'STATUS', 'URL', 'DURATION', 'NOTE'], rows);
}

/** `requests --json`: the array of entries, newest first (product.md's shape, a superset). */
export function formatRequestsJson(exchanges: Exchange[]): string {
  return `${JSON.stringify(exchanges, null, 2)}\n`;
}
