/**
 * The inspector's memory: a ring buffer of the most recent exchanges. Its capacity comes
 * from the config (default 1,000) and can change while running. When it is full the oldest
 * record is dropped entirely (and told so through `onEvict`, which frees its bodies), so
 * memory stays flat under any load.
 */
import type { ExchangeFilter } from '../../../shared/exchange';

/** What the store needs to know about a record to find and filter it. */
export interface StorableExchange {
  readonly id: string;
  readonly method: string;
  readonly host: string;
  readonly url: string;
  readonly domain: string | null;
  readonly status: number | null;
}

export const DEFAULT_CAPACITY = 1_000;

export class ExchangeStore<T extends StorableExchange> {
  private slots: (T | undefined)[];
  /** Index of the oldest record. */
  private head = 0;
  private count = 0;
  // No id index: a Map with one insert and one delete per request kept evicted records
  // reachable until it rehashed, and lookups by id are rare (a click, a replay): a scan from
  // the newest record is fast enough for 1,000 of them.

  constructor(
    capacity = DEFAULT_CAPACITY,
    private readonly onEvict: (record: T) => void = () => {},
  ) {
    this.slots = new Array<T | undefined>(checkCapacity(capacity));
  }

  get size(): number {
    return this.count;
  }

  get capacity(): number {
    return this.slots.length;
  }

  /** Adds a record as the newest; returns its slot (a hint for `replace`). */
  add(record: T): number {
    const capacity = this.slots.length;
    let slot: number;
    if (this.count === capacity) {
      slot = this.head;
      const oldest = this.slots[slot];
      if (oldest) this.drop(oldest);
      this.head = (this.head + 1) % capacity;
    } else {
      slot = (this.head + this.count) % capacity;
      this.count += 1;
    }
    this.slots[slot] = record;
    return slot;
  }

  /**
   * Puts `next` where `current` is, keeping its place in the order (`slot`: where it was
   * added; looked up if a resize moved it). False when `current` is no longer kept.
   */
  replace(current: T, next: T, slot: number): boolean {
    if (this.slots[slot] !== current) {
      slot = -1;
      for (let i = 0; i < this.slots.length && slot < 0; i++) {
        if (this.slots[i] === current) slot = i;
      }
      if (slot < 0) return false;
    }
    this.slots[slot] = next;
    return true;
  }

  get(id: string): T | undefined {
    return this.findNewest((record) => record.id === id);
  }

  /** The newest record that `matches`. */
  findNewest(matches: (record: T) => boolean): T | undefined {
    for (let i = this.count - 1; i >= 0; i--) {
      const record = this.slots[(this.head + i) % this.slots.length];
      if (record && matches(record)) return record;
    }
    return undefined;
  }

  /** Newest first, filtered, at most `filter.limit`. */
  list(filter: ExchangeFilter = {}): T[] {
    const matches = compileFilter(filter);
    const limit = filter.limit ?? Number.POSITIVE_INFINITY;
    const out: T[] = [];
    for (let i = this.count - 1; i >= 0 && out.length < limit; i--) {
      const record = this.slots[(this.head + i) % this.slots.length];
      if (record && matches(record)) out.push(record);
    }
    return out;
  }

  clear(): void {
    for (const record of this.list()) this.onEvict(record);
    this.slots = new Array<T | undefined>(this.slots.length);
    this.head = 0;
    this.count = 0;
  }

  /** Changes the capacity, keeping the newest records that fit. */
  resize(capacity: number): void {
    checkCapacity(capacity);
    if (capacity === this.slots.length) return;
    const newestFirst = this.list();
    const keep = newestFirst.slice(0, capacity).reverse();
    for (const record of newestFirst.slice(capacity).reverse()) this.drop(record);
    this.slots = new Array<T | undefined>(capacity);
    keep.forEach((record, index) => (this.slots[index] = record));
    this.head = 0;
    this.count = keep.length;
  }

  private drop(record: T): void {
    this.onEvict(record);
  }
}

function checkCapacity(capacity: number): number {
  if (!Number.isInteger(capacity) || capacity < 1) {
    throw new RangeError(`Inspector capacity must be a positive integer, got ${capacity}`);
  }
  return capacity;
}

/** Builds the predicate once per listing rather than re-reading the filter per record. */
export function compileFilter(filter: ExchangeFilter): (record: StorableExchange) => boolean {
  const domain = filter.domain?.toLowerCase();
  const method = filter.method?.toUpperCase();
  const text = filter.text?.toLowerCase();
  const statusClass = filter.statusClass;
  return (record) => {
    if (domain !== undefined && record.domain !== domain && record.host !== domain) return false;
    if (method !== undefined && record.method.toUpperCase() !== method) return false;
    if (statusClass !== undefined) {
      const status = record.status;
      const actual = status === null ? 0 : Math.floor(status / 100);
      if (actual !== statusClass) return false;
    }
    if (text !== undefined && !(record.host + record.url).toLowerCase().includes(text)) {
      return false;
    }
    return true;
  };
}
