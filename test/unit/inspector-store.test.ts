// The inspector's ring buffer: bounded, newest first, filters, resize, clear.
import { describe, expect, it } from 'vitest';
import {
  ExchangeStore,
  type StorableExchange,
} from '../../electron/engine/inspector/exchange-store';

function item(n: number, over: Partial<StorableExchange> = {}): StorableExchange {
  return {
    id: `e${n}`,
    method: 'GET',
    host: 'shop.localhost',
    url: `/p${n}`,
    domain: 'shop.localhost',
    status: 200,
    ...over,
  };
}

describe('ExchangeStore', () => {
  it('keeps only the newest `capacity` records and tells which were dropped', () => {
    const dropped: string[] = [];
    const store = new ExchangeStore<StorableExchange>(3, (r) => dropped.push(r.id));
    for (let n = 1; n <= 5; n++) store.add(item(n));
    expect(store.size).toBe(3);
    expect(store.list().map((r) => r.id)).toEqual(['e5', 'e4', 'e3']);
    expect(dropped).toEqual(['e1', 'e2']);
    expect(store.get('e1')).toBeUndefined();
    expect(store.get('e4')?.url).toBe('/p4');
  });

  it('filters by domain, status class, method and text, and honours the limit', () => {
    const store = new ExchangeStore<StorableExchange>(10);
    store.add(item(1, { method: 'POST', status: 201 }));
    store.add(
      item(2, { host: 'api.localhost', domain: 'api.localhost', status: 404, url: '/users' }),
    );
    store.add(item(3, { status: null }));
    store.add(item(4, { host: 'a.shop.localhost', domain: '*.shop.localhost', status: 502 }));
    store.add(item(5, { url: '/Users/me' }));
    const ids = (f: Parameters<typeof store.list>[0]) => store.list(f).map((r) => r.id);
    expect(ids({ domain: 'api.localhost' })).toEqual(['e2']);
    expect(ids({ domain: '*.shop.localhost' })).toEqual(['e4']);
    expect(ids({ domain: 'a.shop.localhost' })).toEqual(['e4']);
    expect(ids({ statusClass: 2 })).toEqual(['e5', 'e1']);
    expect(ids({ statusClass: 0 })).toEqual(['e3']);
    expect(ids({ statusClass: 5 })).toEqual(['e4']);
    expect(ids({ method: 'post' })).toEqual(['e1']);
    expect(ids({ text: 'USERS' })).toEqual(['e5', 'e2']);
    expect(ids({ text: 'api.localhost/us' })).toEqual(['e2']);
    expect(ids({ limit: 2 })).toEqual(['e5', 'e4']);
    expect(ids({ statusClass: 2, limit: 1 })).toEqual(['e5']);
  });

  it('resizes: shrinking drops the oldest, growing keeps everything and makes room', () => {
    const dropped: string[] = [];
    const store = new ExchangeStore<StorableExchange>(5, (r) => dropped.push(r.id));
    for (let n = 1; n <= 7; n++) store.add(item(n)); // wraps around
    store.resize(3);
    expect(store.list().map((r) => r.id)).toEqual(['e7', 'e6', 'e5']);
    expect(dropped).toEqual(['e1', 'e2', 'e3', 'e4']);
    store.resize(4);
    store.add(item(8));
    store.add(item(9));
    expect(store.capacity).toBe(4);
    expect(store.list().map((r) => r.id)).toEqual(['e9', 'e8', 'e7', 'e6']);
    expect(store.get('e5')).toBeUndefined();
  });

  it('clear forgets everything and releases every record', () => {
    const dropped: string[] = [];
    const store = new ExchangeStore<StorableExchange>(4, (r) => dropped.push(r.id));
    for (let n = 1; n <= 3; n++) store.add(item(n));
    store.clear();
    expect(store.size).toBe(0);
    expect(store.list()).toEqual([]);
    expect(dropped.sort()).toEqual(['e1', 'e2', 'e3']);
    store.add(item(4));
    expect(store.list().map((r) => r.id)).toEqual(['e4']);
  });

  it('refuses a capacity that is not a positive integer', () => {
    expect(() => new ExchangeStore(0)).toThrow(RangeError);
    expect(() => new ExchangeStore(2).resize(1.5)).toThrow(RangeError);
  });
});
