import { describe, expect, it } from 'vitest';
import type { ExchangeSummary } from '../../shared/exchange';
import {
  distinctValues,
  emptyFilters,
  filterExchanges,
  mergeExchanges,
  statusClassOf,
} from '../../renderer/src/inspector/exchange-list';

function summary(id: string, patch: Partial<ExchangeSummary> = {}): ExchangeSummary {
  return {
    id,
    time: `2026-01-01T00:00:${id.padStart(2, '0')}.000Z`,
    method: 'GET',
    host: 'shop.localhost',
    path: '/',
    domain: 'shop.localhost',
    target: 'http://localhost:5173',
    status: 200,
    durationMs: 3,
    upgrade: null,
    error: null,
    replayOf: null,
    ...patch,
  };
}

describe('mergeExchanges', () => {
  it('puts new exchanges on top, newest first, and updates known ones in place', () => {
    const existing = [summary('2', { status: null }), summary('1')];
    const merged = mergeExchanges(existing, [
      summary('3'),
      summary('2', { status: 201 }),
      summary('4'),
    ]);
    expect(merged.map((e) => e.id)).toEqual(['4', '3', '2', '1']);
    expect(merged[2]?.status).toBe(201);
  });

  it('keeps at most `cap` entries, dropping the oldest', () => {
    const existing = [summary('2'), summary('1')];
    expect(mergeExchanges(existing, [summary('3')], 2).map((e) => e.id)).toEqual(['3', '2']);
  });
});

describe('filterExchanges', () => {
  const list = [
    summary('1', {
      host: 'api.localhost',
      domain: 'api.localhost',
      path: '/Users/42',
      method: 'POST',
      status: 502,
    }),
    summary('2', { status: null, error: 'ECONNREFUSED' }),
    summary('3', { path: '/cart', status: 404 }),
    summary('4', { path: '/', status: 200 }),
  ];
  const ids = (filters: Partial<typeof emptyFilters>) =>
    filterExchanges(list, { ...emptyFilters, ...filters }).map((e) => e.id);

  it('returns everything without filters', () => {
    expect(ids({})).toEqual(['1', '2', '3', '4']);
  });
  it('filters by domain, status class (0 = failed), method and text', () => {
    expect(ids({ domain: 'api.localhost' })).toEqual(['1']);
    expect(ids({ statusClass: 0 })).toEqual(['2']);
    expect(ids({ statusClass: 4 })).toEqual(['3']);
    expect(ids({ method: 'post' })).toEqual(['1']);
    expect(ids({ text: 'users' })).toEqual(['1']);
    expect(ids({ text: 'shop.localhost/cart' })).toEqual(['3']);
  });
  it('combines filters', () => {
    expect(ids({ domain: 'shop.localhost', statusClass: 2 })).toEqual(['4']);
  });
});

describe('helpers', () => {
  it('statusClassOf maps a status to its class and a failure to 0', () => {
    expect(statusClassOf(204)).toBe(2);
    expect(statusClassOf(503)).toBe(5);
    expect(statusClassOf(null)).toBe(0);
  });
  it('distinctValues lists each value once, sorted, skipping null', () => {
    const list = [
      summary('1', { domain: 'b.localhost' }),
      summary('2', { domain: null }),
      summary('3', { domain: 'a.localhost' }),
      summary('4', { domain: 'b.localhost' }),
    ];
    expect(distinctValues(list, (e) => e.domain)).toEqual(['a.localhost', 'b.localhost']);
  });
});
