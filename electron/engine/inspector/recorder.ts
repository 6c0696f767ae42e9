/**
 * The inspector's recorder: implements the pipeline's `ExchangeRecorder` hooks, keeps the
 * records in a bounded store, and tells the engine what changed in batches (at most one
 * `onChange` every 100 ms, from an unref'd timer, never per request). Bodies are captured
 * only while capture is on or someone watches the inspector, capped per message and in total.
 * An exchange is kept as its live record while it runs and in compact form once it is over
 * (kept-exchange.ts: reused objects, text outside the heap).
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { z } from 'zod';
import type { InspectorSettingsSchema } from '../../../shared/config';
import type { Exchange, ExchangeFilter, ExchangeSummary } from '../../../shared/exchange';
import type { ExchangeRecorder, ExchangeStartInfo } from './recorder-api';
import type { BodyBudget } from './body-capture';
import { RecordedExchange, type RecordContext } from './exchange-record';
import { ExchangeStore } from './exchange-store';
import type { ExchangeView } from './exchange-view';
import { KeptExchange } from './kept-exchange';
import { TextArena } from './text-arena';
import { toExchange, toSummary } from './to-exchange';

export type InspectorSettings = z.output<typeof InspectorSettingsSchema>;

/** How often, at most, `onChange` fires. */
export const CHANGE_BATCH_MS = 100;
/** Most body bytes all kept exchanges hold together (1,000 × 2 × 1 MiB would be 2 GiB). */
export const DEFAULT_TOTAL_BODY_BYTES = 64 * 1024 * 1024;

/** What the store holds: an exchange still running, or a finished one in compact form. */
export type StoredExchange = RecordedExchange | KeptExchange;

export interface RecorderOptions {
  settings: () => InspectorSettings;
  /** Whether someone has the inspector open right now (bodies are then captured). */
  isWatched: () => boolean;
  /** New or updated exchanges since the last call, newest last. */
  onChange: (upserted: ExchangeSummary[]) => void;
  /** Where a failing `onChange` is reported (it runs on a timer, so it cannot throw). */
  onError?: (error: unknown) => void;
  totalBodyBytes?: number;
}

export interface Recorder extends ExchangeRecorder {
  readonly store: ExchangeStore<StoredExchange>;
  /** Summaries, newest first. */
  list(filter?: ExchangeFilter): ExchangeSummary[];
  /** Full exchanges, newest first; redacted unless `redact` is false (default: settings). */
  listDetails(filter?: ExchangeFilter, redact?: boolean): Exchange[];
  get(id: string, redact?: boolean): Exchange | null;
  /** The exchange unredacted (for replay and cURL, which need the real header values). */
  record(id: string): ExchangeView | undefined;
  clear(): void;
  /** Applies a changed capacity from the settings. */
  settingsChanged(): void;
  /**
   * Resolves with the id of the next exchange that begins as a replay of `originalId`
   * (replays of the same original resolve in order). `cancel` stops waiting.
   */
  expectReplay(originalId: string): { promise: Promise<string>; cancel: () => void };
  /** Sends pending changes now (tests, shutdown). */
  flush(): void;
  /** Stops the batch timer and drops pending changes. */
  close(): void;
}

export function createRecorder(options: RecorderOptions): Recorder {
  const { settings, isWatched, onChange } = options;
  // Kept exchanges the store dropped, to be reused (at most the capacity's worth).
  const spare: KeptExchange[] = [];
  const store = new ExchangeStore<StoredExchange>(settings().capacity, (dropped) => {
    dropped.release();
    if (dropped instanceof KeptExchange && spare.length < store.capacity) spare.push(dropped);
  });
  const arena = new TextArena();
  const budget: BodyBudget = { limit: options.totalBodyBytes ?? DEFAULT_TOTAL_BODY_BYTES, used: 0 };
  const reportError = options.onError ?? ((error) => console.error('inspector:', error));
  const idPrefix = randomBytes(4).toString('hex');
  let sequence = 0;

  let dirty = new Set<RecordedExchange>();
  let timer: NodeJS.Timeout | null = null;
  let lastFlush = 0;
  const replayWaiters = new Map<string, ((id: string) => void)[]>();

  const changed = (record: RecordedExchange): void => {
    // Nobody is listening for live updates: whoever connects later asks for the list, so
    // building and sending summaries now would be work for no one (it is the hot path).
    if (!isWatched()) return;
    dirty.add(record);
    if (timer) return;
    const wait = Math.max(0, lastFlush + CHANGE_BATCH_MS - Date.now());
    timer = setTimeout(flush, wait);
    timer.unref();
  };
  const finished = (record: RecordedExchange): void => {
    const kept = spare.pop() ?? new KeptExchange(idPrefix, arena);
    try {
      kept.keep(record);
    } catch (error) {
      // A fault in the inspector never costs the exchange or the engine: the store keeps
      // listing the record in its live form (on the heap) until it is dropped. The half-kept
      // copy is let go: its text (if written) freed, the record's bodies left to the record.
      reportError(error);
      kept.extras = null;
      arena.free(kept);
      return;
    }
    // The record may have been dropped meanwhile (cleared, or evicted while it ran).
    if (!store.replace(record, kept, record.slot)) {
      kept.release();
      spare.push(kept);
    }
  };
  const context: RecordContext = { idPrefix, budget, changed, finished };
  /** Readers get views: a kept exchange's object is reused once the store drops it. */
  const view = (stored: StoredExchange): ExchangeView =>
    stored instanceof KeptExchange ? stored.view() : stored;
  /** Whether the store still lists this exchange (running, or kept in compact form). */
  const listed = (record: RecordedExchange): boolean =>
    store.findNewest((stored) => stored.seq === record.seq) !== undefined;

  function flush(): void {
    if (timer) clearTimeout(timer);
    timer = null;
    lastFlush = Date.now();
    if (dirty.size === 0) return;
    const batch = dirty;
    dirty = new Set();
    // A record evicted before the batch went out is not announced: it is already gone.
    const upserted = [...batch].filter(listed).map(toSummary);
    if (upserted.length === 0) return;
    try {
      onChange(upserted);
    } catch (error) {
      reportError(error);
    }
  }

  const redactByDefault = (redact?: boolean) => redact ?? settings().redact;

  return {
    store,
    begin(req: IncomingMessage, info: ExchangeStartInfo) {
      const current = settings();
      sequence += 1;
      const record = new RecordedExchange(
        sequence,
        req,
        info,
        context,
        current.captureBodies || isWatched() ? current.maxBodyBytes : null,
      );
      record.slot = store.add(record);
      changed(record);
      if (info.replayOf !== null) {
        const waiters = replayWaiters.get(info.replayOf);
        const resolve = waiters?.shift();
        if (waiters && waiters.length === 0) replayWaiters.delete(info.replayOf);
        resolve?.(record.id);
      }
      return record;
    },
    list: (filter = {}) => store.list(filter).map((stored) => toSummary(view(stored))),
    listDetails: (filter = {}, redact) => {
      const hide = redactByDefault(redact);
      return store.list(filter).map((stored) => toExchange(view(stored), { redact: hide }));
    },
    get(id, redact) {
      const stored = store.get(id);
      return stored ? toExchange(view(stored), { redact: redactByDefault(redact) }) : null;
    },
    record(id) {
      const stored = store.get(id);
      return stored && view(stored);
    },
    clear() {
      store.clear();
      arena.clear();
      dirty.clear();
    },
    settingsChanged() {
      store.resize(settings().capacity);
    },
    expectReplay(originalId) {
      let resolver: ((id: string) => void) | null = null;
      const promise = new Promise<string>((resolve) => {
        resolver = resolve;
        const waiters = replayWaiters.get(originalId) ?? [];
        waiters.push(resolve);
        replayWaiters.set(originalId, waiters);
      });
      const cancel = () => {
        const waiters = replayWaiters.get(originalId);
        if (!waiters || !resolver) return;
        const index = waiters.indexOf(resolver);
        if (index >= 0) waiters.splice(index, 1);
        if (waiters.length === 0) replayWaiters.delete(originalId);
      };
      return { promise, cancel };
    },
    flush,
    close() {
      if (timer) clearTimeout(timer);
      timer = null;
      dirty.clear();
    },
  };
}
