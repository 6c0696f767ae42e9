/**
 * Pure functions over the inspector's list of exchange summaries: merging live updates
 * (newest first, bounded), and filtering the way the engine's `ExchangeFilter` does, so the
 * list can be filtered instantly without a round trip.
 */
import type { ExchangeSummary } from '../../../shared/exchange';

/** What the user filters by in the inspector toolbar; empty string / null means "any". */
export interface InspectorFilters {
  domain: string;
  /** 1–5 for 1xx–5xx, 0 for failed exchanges with no status, null for any. */
  statusClass: number | null;
  method: string;
  text: string;
}

export const emptyFilters: InspectorFilters = {
  domain: '',
  statusClass: null,
  method: '',
  text: '',
};

/** How many summaries the UI keeps at most (the engine's ring buffer is the real bound). */
export const UI_LIST_CAP = 20_000;

/** 2 for 2xx…, 0 when the exchange has no status (failed before a response). */
export function statusClassOf(status: number | null): number {
  return status === null ? 0 : Math.floor(status / 100);
}

/**
 * Applies upserted summaries to a newest-first list: known ids are replaced in place, new
 * ones go on top (the newest of the batch first), and the list is cut to `cap`.
 */
export function mergeExchanges(
  existing: readonly ExchangeSummary[],
  upserted: readonly ExchangeSummary[],
  cap = UI_LIST_CAP,
): ExchangeSummary[] {
  if (upserted.length === 0) return existing.slice(0, cap);
  const updates = new Map(upserted.map((exchange) => [exchange.id, exchange]));
  const known = new Set<string>();
  const merged = existing.map((exchange) => {
    known.add(exchange.id);
    return updates.get(exchange.id) ?? exchange;
  });
  const fresh = [...updates.values()].filter((exchange) => !known.has(exchange.id));
  fresh.sort((a, b) => (a.time < b.time ? 1 : a.time > b.time ? -1 : 0));
  return [...fresh, ...merged].slice(0, cap);
}

export function matchesFilters(exchange: ExchangeSummary, filters: InspectorFilters): boolean {
  if (filters.domain && exchange.domain !== filters.domain && exchange.host !== filters.domain) {
    return false;
  }
  if (filters.statusClass !== null && statusClassOf(exchange.status) !== filters.statusClass) {
    return false;
  }
  if (filters.method && exchange.method.toUpperCase() !== filters.method.toUpperCase()) {
    return false;
  }
  const text = filters.text.trim().toLowerCase();
  if (text && !(exchange.host + exchange.path).toLowerCase().includes(text)) return false;
  return true;
}

export function filterExchanges(
  list: readonly ExchangeSummary[],
  filters: InspectorFilters,
): readonly ExchangeSummary[] {
  const active =
    filters.domain || filters.statusClass !== null || filters.method || filters.text.trim();
  return active ? list.filter((exchange) => matchesFilters(exchange, filters)) : list;
}

/** The distinct values a filter drop-down offers, sorted. */
export function distinctValues(
  list: readonly ExchangeSummary[],
  pick: (exchange: ExchangeSummary) => string | null,
): string[] {
  const values = new Set<string>();
  for (const exchange of list) {
    const value = pick(exchange);
    if (value) values.add(value);
  }
  return [...values].sort();
}
