/**
 * The inspector's recorder: implements the pipeline's `ExchangeRecorder` hooks, keeps the
 * records in a bounded store, and tells the engine what changed in batches (at most one
 * `onChange` every 100 ms, from an unref'd timer, never per request). Bodies are captured
 * only while capture is on or someone watches the inspector, capped per message and in total.
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
import { toExchange, toSummary } from './to-exchange';

export type InspectorSettings = z.output<typeof InspectorSettingsSchema>;

/** How often, at most, `onChange` fires. */
export const CHANGE_BATCH_MS = 100;
/** Most body bytes all kept exchanges hold together (1,000 × 2 × 1 MiB would be 2 GiB). */
export const DEFAULT_TOTAL_BODY_BYTES = 64 * 1024 * 1024;

export interface RecorderOptions {
  /** Where records live; by default a store with `settings().capacity`. */
  store?: ExchangeStore<RecordedExchange>;
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
  readonly store: ExchangeStore<RecordedExchange>;
  /** Summaries, newest first. */
  list(filter?: ExchangeFilter): ExchangeSummary[];
  /** Full exchanges, newest first; redacted unless `redact` is false (default: settings). */
  listDetails(filter?: ExchangeFilter, redact?: boolean): Exchange[];
  get(id: string, redact?: boolean): Exchange | null;
  /** The record itself (for replay and cURL, which need the real header values). */
  record(id: string): RecordedExchange | undefined;
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

/** A store that frees a record's bodies when it drops the record. */
export function createExchangeStore(capacity: number): ExchangeStore<RecordedExchange> {
  return new ExchangeStore<RecordedExchange>(capacity, (record) => record.release());
}

export function createRecorder(options: RecorderOptions): Recorder {
  const { settings, isWatched, onChange } = options;
  const store = options.store ?? createExchangeStore(settings().capacity);
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
  const context: RecordContext = { idPrefix, budget, changed };

  function flush(): void {
    if (timer) clearTimeout(timer);
    timer = null;
    lastFlush = Date.now();
    if (dirty.size === 0) return;
    const batch = dirty;
    dirty = new Set();
    // A record evicted before the batch went out is not announced: it is already gone.
    const upserted = [...batch].filter((record) => store.has(record)).map(toSummary);
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
      store.add(record);
      changed(record);
      if (info.replayOf !== null) {
        const waiters = replayWaiters.get(info.replayOf);
        const resolve = waiters?.shift();
        if (waiters && waiters.length === 0) replayWaiters.delete(info.replayOf);
        resolve?.(record.id);
      }
      return record;
    },
    list: (filter = {}) => store.list(filter).map(toSummary),
    listDetails: (filter = {}, redact) => {
      const hide = redactByDefault(redact);
      return store.list(filter).map((record) => toExchange(record, { redact: hide }));
    },
    get(id, redact) {
      const record = store.get(id);
      return record ? toExchange(record, { redact: redactByDefault(redact) }) : null;
    },
    record: (id) => store.get(id),
    clear() {
      store.clear();
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
