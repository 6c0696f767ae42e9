/**
 * The message protocol between the main process and the engine's utility process. Both
 * ends are transport-free (they take a `post` function and are fed raw messages), so the
 * same code runs over Electron's `parentPort`/`UtilityProcess` and, in tests, over a
 * `MessageChannel` from `node:worker_threads`.
 *
 * main → engine: `call` (with a request id) and `stop`.
 * engine → main: `ready`, `result` (the `RpcOutcome` of a call), `event`, `fatal`.
 * Every incoming message is parsed; a malformed one is reported, never trusted.
 */
import { z } from 'zod';
import { dispatch } from '../../shared/dispatch';
import { eventNames, events, type EventMessage, type MethodName } from '../../shared/contract';
import { RpcErrorSchema, type RpcError, type RpcOutcome } from '../../shared/rpc';
import type { EngineEndpoint } from '../engine/engine-api';

const OutcomeSchema = z.union([
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: RpcErrorSchema }),
]);

export const ParentMessageSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('call'),
    id: z.number().int(),
    method: z.string(),
    params: z.unknown().optional(),
  }),
  z.object({ type: z.literal('stop') }),
]);
export type ParentMessage = z.output<typeof ParentMessageSchema>;

export const ChildMessageSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('ready'),
    /** The engine's admin API (for the CLI while the app runs), if it has one. */
    adminUrl: z.string().nullable(),
  }),
  z.object({ type: z.literal('result'), id: z.number().int(), outcome: OutcomeSchema }),
  z.object({
    type: z.literal('event'),
    message: z.object({ event: z.enum(eventNames), payload: z.unknown() }),
  }),
  z.object({ type: z.literal('fatal'), error: RpcErrorSchema }),
]);
export type ChildMessage = z.output<typeof ChildMessageSchema>;

/** Parses an event message against the contract's schema for that event. */
export function parseEventMessage(raw: {
  event: EventMessage['event'];
  payload: unknown;
}): EventMessage | null {
  const parsed = events[raw.event].safeParse(raw.payload);
  return parsed.success ? ({ event: raw.event, payload: parsed.data } as EventMessage) : null;
}

// ── Engine side ─────────────────────────────────────────────────────────────────────────

export interface EngineServer {
  /** Feeds one raw message from the main process; answers through `post`. */
  receive(raw: unknown): Promise<void>;
  /** Stops relaying events. */
  close(): void;
}

export function serveEngine(
  endpoint: EngineEndpoint,
  post: (message: ChildMessage) => void,
  onStop: () => void = () => {},
  log: (message: string) => void = (message) => console.error(message),
): EngineServer {
  const unsubscribe = endpoint.subscribe((message) => post({ type: 'event', message }));
  return {
    async receive(raw) {
      const parsed = ParentMessageSchema.safeParse(raw);
      if (!parsed.success) {
        log(`Ignored a malformed message from the main process: ${parsed.error.message}`);
        return;
      }
      const message = parsed.data;
      if (message.type === 'stop') {
        onStop();
        return;
      }
      const outcome = await dispatch(endpoint.handlers, message.method, message.params);
      post({ type: 'result', id: message.id, outcome });
    },
    close: unsubscribe,
  };
}

// ── Main side ───────────────────────────────────────────────────────────────────────────

export interface EngineClientOptions {
  /** How long a call may take before it fails with `TIMEOUT` (trusting the CA may prompt). */
  timeoutMs?: number;
  log?: (message: string) => void;
}

interface Pending {
  resolve(outcome: RpcOutcome<unknown>): void;
  timer: ReturnType<typeof setTimeout>;
}

export class EngineClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly eventListeners = new Set<(message: EventMessage) => void>();
  private readonly readyListeners = new Set<(adminUrl: string | null) => void>();
  private readonly fatalListeners = new Set<(error: RpcError) => void>();
  private readonly timeoutMs: number;
  private readonly log: (message: string) => void;

  constructor(
    private post: (message: ParentMessage) => void,
    options: EngineClientOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 120_000;
    this.log = options.log ?? ((message) => console.error(message));
  }

  /** Points the client at a new transport (after the engine restarted). */
  setTransport(post: (message: ParentMessage) => void): void {
    this.post = post;
  }

  /** Sends one call; never rejects: failures come back as `{ ok: false, error }`. */
  call(method: MethodName, params: unknown): Promise<RpcOutcome<unknown>> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        resolve({
          ok: false,
          error: { code: 'TIMEOUT', message: `The engine did not answer ${method} in time.` },
        });
      }, this.timeoutMs);
      this.pending.set(id, { resolve, timer });
      try {
        this.post({ type: 'call', id, method, params });
      } catch (error) {
        this.settle(id, {
          ok: false,
          error: {
            code: 'ENGINE_UNAVAILABLE',
            message: `The engine is not running: ${String(error)}`,
          },
        });
      }
    });
  }

  receive(raw: unknown): void {
    const parsed = ChildMessageSchema.safeParse(raw);
    if (!parsed.success) {
      this.log(`Ignored a malformed message from the engine: ${parsed.error.message}`);
      return;
    }
    const message = parsed.data;
    switch (message.type) {
      case 'result':
        this.settle(message.id, message.outcome);
        break;
      case 'event': {
        const event = parseEventMessage(message.message);
        if (!event) {
          this.log(`Ignored an invalid ${message.message.event} event from the engine.`);
          break;
        }
        for (const listener of this.eventListeners) listener(event);
        break;
      }
      case 'ready':
        for (const listener of this.readyListeners) listener(message.adminUrl);
        break;
      case 'fatal':
        for (const listener of this.fatalListeners) listener(message.error);
        break;
    }
  }

  onEvent(listener: (message: EventMessage) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  onReady(listener: (adminUrl: string | null) => void): () => void {
    this.readyListeners.add(listener);
    return () => this.readyListeners.delete(listener);
  }

  onFatal(listener: (error: RpcError) => void): () => void {
    this.fatalListeners.add(listener);
    return () => this.fatalListeners.delete(listener);
  }

  /** Fails every call in flight (the engine exited: their answers will never come). */
  failPending(error: RpcError): void {
    for (const id of [...this.pending.keys()]) this.settle(id, { ok: false, error });
  }

  get pendingCount(): number {
    return this.pending.size;
  }

  private settle(id: number, outcome: RpcOutcome<unknown>): void {
    const pending = this.pending.get(id);
    if (!pending) return;
    this.pending.delete(id);
    clearTimeout(pending.timer);
    pending.resolve(outcome);
  }
}
