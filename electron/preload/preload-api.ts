/**
 * The object the preload exposes to the page as `window.portico`: exactly one function per
 * contract method plus `onEvent`, built from `methodNames` so it cannot drift from the
 * contract. It never hands out `ipcRenderer` or the IPC event object (whose `sender` would
 * give the page raw IPC). The renderer declares the same shape as `PreloadApi`.
 */
import type { EventMessage, MethodName, ParamsOf } from '../../shared/contract';
import { METHOD_NAMES } from '../../shared/method-names';
import type { RpcOutcome } from '../../shared/rpc';
import { EVENT_CHANNEL, RPC_CHANNEL } from './ipc-channels';

export type PreloadApi = {
  [M in MethodName]: (params?: ParamsOf<M>) => Promise<RpcOutcome<unknown>>;
} & {
  /** Calls `listener` with every engine event; returns the function that stops it. */
  onEvent(listener: (message: EventMessage) => void): () => void;
};

/** `ipcRenderer.invoke`, narrowed to what the api needs. */
export type Invoke = (
  channel: string,
  payload: { method: MethodName; params: unknown },
) => Promise<unknown>;
/** Subscribes to an IPC channel; the listener gets the message without the IPC event. */
export type Subscribe = (channel: string, listener: (message: unknown) => void) => () => void;

function isOutcome(value: unknown): value is RpcOutcome<unknown> {
  if (typeof value !== 'object' || value === null || !('ok' in value)) return false;
  if (value.ok === true) return 'value' in value;
  return value.ok === false && 'error' in value;
}

export function buildPreloadApi(invoke: Invoke, on: Subscribe): PreloadApi {
  const api: Record<string, unknown> = {};
  for (const method of METHOD_NAMES) {
    api[method] = async (params?: unknown): Promise<RpcOutcome<unknown>> => {
      const outcome = await invoke(RPC_CHANNEL, { method, params: params ?? {} });
      return isOutcome(outcome)
        ? outcome
        : { ok: false, error: { code: 'INTERNAL', message: 'Malformed answer from the app.' } };
    };
  }
  api.onEvent = (listener: (message: EventMessage) => void) =>
    on(EVENT_CHANNEL, (message) => {
      // The main process only relays events it parsed from the engine; checked cheaply here.
      if (typeof message === 'object' && message !== null && 'event' in message) {
        listener(message as EventMessage);
      }
    });
  return Object.freeze(api) as PreloadApi;
}
