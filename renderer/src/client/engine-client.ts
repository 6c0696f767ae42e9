/**
 * The one client interface the renderer talks to the engine through: the contract's
 * `EngineApi` plus an event subscription. Two implementations exist (IPC through the
 * preload in the desktop app, HTTP + WebSocket to the admin API in a browser); the store
 * and the components never know which one they have.
 */
import { z } from 'zod';
import {
  events,
  methods,
  methodNames,
  type EngineApi,
  type EventMessage,
  type EventName,
  type MethodName,
} from '../../../shared/contract';
import { RpcErrorSchema } from '../../../shared/rpc';

/** How the live connection to the engine is doing (the IPC client is always `open`). */
export type ConnectionState = 'connecting' | 'open' | 'closed';

export interface EngineClient extends EngineApi {
  /** Subscribes to every engine event (already validated); returns the unsubscribe function. */
  subscribe(listener: (message: EventMessage) => void): () => void;
  /**
   * Subscribes to connection changes. After a reconnect the store refetches everything,
   * since events may have been missed while the connection was down.
   */
  onConnection(listener: (state: ConnectionState) => void): () => void;
}

/** An engine call that failed; `code` and `message` come from the engine and reach the user. */
export class ClientError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ClientError';
  }
}

const OutcomeSchema = z.union([
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: RpcErrorSchema }),
]);

/**
 * Turns an `RpcOutcome` received from the other side into the method's parsed result, or
 * throws a `ClientError` carrying the engine's `{ code, message }`.
 */
export function resultFromOutcome<M extends MethodName>(method: M, outcome: unknown) {
  const parsed = OutcomeSchema.safeParse(outcome);
  if (!parsed.success) {
    throw new ClientError('BAD_RESPONSE', `The engine sent an unreadable answer to ${method}.`);
  }
  if (!parsed.data.ok) throw new ClientError(parsed.data.error.code, parsed.data.error.message);
  const result = methods[method].result.safeParse(parsed.data.value);
  if (!result.success) {
    throw new ClientError(
      'BAD_RESPONSE',
      `The engine's answer to ${method} has an unexpected shape.`,
    );
  }
  return result.data;
}

/** Validates an incoming event message; null (and a console warning) when it is not one. */
export function parseEventMessage(raw: unknown): EventMessage | null {
  const envelope = z.object({ event: z.string(), payload: z.unknown() }).safeParse(raw);
  if (!envelope.success || !Object.prototype.hasOwnProperty.call(events, envelope.data.event)) {
    console.warn('Portico: ignored a malformed event', raw);
    return null;
  }
  const name = envelope.data.event as EventName;
  const payload = events[name].safeParse(envelope.data.payload);
  if (!payload.success) {
    console.warn(`Portico: ignored a "${name}" event with an unexpected shape`, payload.error);
    return null;
  }
  return { event: name, payload: payload.data } as EventMessage;
}

/**
 * Builds the `EngineApi` half of a client from one transport function that returns the
 * raw outcome of a call. Every method is derived from the contract: nothing re-declared.
 */
export function apiFromTransport(
  transport: (method: MethodName, params: unknown) => Promise<unknown>,
): EngineApi {
  const api: Partial<Record<MethodName, (params: unknown) => Promise<unknown>>> = {};
  for (const method of methodNames) {
    api[method] = async (params: unknown) =>
      resultFromOutcome(method, await transport(method, params ?? {}));
  }
  // Each entry was built from the contract's own method list and result schema above.
  return api as EngineApi;
}

/** A readable message for anything an action throws. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
