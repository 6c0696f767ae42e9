/**
 * The main process's one IPC entry point for the contract: `ipcMain.handle('portico:rpc')`.
 * Each call is refused unless it comes from a frame showing the app itself (not a page it
 * navigated to, not an iframe of another site), then its `{ method, params }` is validated
 * against the contract by `dispatch()` and relayed to the engine. Engine events go to every
 * window on `portico:event`. Written against minimal interfaces of `ipcMain` and
 * `webContents`, so the unit test drives it without the Electron binary.
 */
import { z } from 'zod';
import type { EngineHandlers, EventMessage, MethodName } from '../../shared/contract';
import { methodNames } from '../../shared/contract';
import { dispatch } from '../../shared/dispatch';
import type { RpcError, RpcOutcome } from '../../shared/rpc';
import { EVENT_CHANNEL, RPC_CHANNEL } from '../preload/ipc-channels';

/** The part of an `IpcMainInvokeEvent` the check needs (Electron's own type satisfies it). */
export interface InvokeEventLike {
  senderFrame: { url: string } | null;
}

export interface IpcMainLike {
  handle(
    channel: string,
    listener: (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>,
  ): void;
  removeHandler(channel: string): void;
}

/** Relays one call to the engine (the engine validates again on its side). */
export type EngineCall = (method: MethodName, params: unknown) => Promise<RpcOutcome<unknown>>;

export interface RpcRegistryOptions {
  /** Whether a frame at this URL is the app (see `isAppUrl`). */
  isTrustedSender(url: string): boolean;
  call: EngineCall;
  /**
   * Methods the main process answers itself instead of the engine (what only the desktop
   * app can do, such as starting at login). Params arrive validated by the contract.
   */
  local?: Partial<EngineHandlers>;
  log?(message: string): void;
}

const RequestSchema = z.object({ method: z.string(), params: z.unknown().optional() });

/** An error from the engine's side, carried through `dispatch()` unchanged. */
class RelayedError extends Error {
  constructor(readonly rpcError: RpcError) {
    super(rpcError.message);
  }
}

function relayHandlers(call: EngineCall, onError: (error: RpcError) => void): EngineHandlers {
  const handlers: Record<string, (params: unknown) => Promise<unknown>> = {};
  for (const method of methodNames) {
    handlers[method] = async (params) => {
      const outcome = await call(method, params);
      if (outcome.ok) return outcome.value;
      onError(outcome.error);
      throw new RelayedError(outcome.error);
    };
  }
  // The results are the engine's, validated by the renderer's client when it reads them.
  return handlers as unknown as EngineHandlers;
}

/** Handles one `portico:rpc` invocation; exported for the unit test. */
export async function handleRpc(
  event: InvokeEventLike,
  payload: unknown,
  options: RpcRegistryOptions,
): Promise<RpcOutcome<unknown>> {
  const url = event.senderFrame?.url ?? '';
  if (!options.isTrustedSender(url)) {
    options.log?.(`Refused an IPC call from a foreign frame: ${url || '(gone)'}`);
    return {
      ok: false,
      error: { code: 'FORBIDDEN', message: 'Calls are accepted only from the Portico window.' },
    };
  }
  const request = RequestSchema.safeParse(payload);
  if (!request.success) {
    return {
      ok: false,
      error: { code: 'INVALID_PARAMS', message: 'Expected { method, params }.' },
    };
  }
  let engineError: RpcError | null = null;
  const handlers = {
    ...relayHandlers(options.call, (error) => {
      engineError = error;
    }),
    ...options.local,
  };
  const outcome = await dispatch(handlers, request.data.method, request.data.params);
  return !outcome.ok && engineError !== null ? { ok: false, error: engineError } : outcome;
}

/** Registers the handler; returns the function that removes it. */
export function registerRpc(ipcMain: IpcMainLike, options: RpcRegistryOptions): () => void {
  ipcMain.handle(RPC_CHANNEL, (event, payload) => handleRpc(event, payload, options));
  return () => ipcMain.removeHandler(RPC_CHANNEL);
}

export interface WebContentsLike {
  send(channel: string, message: unknown): void;
  isDestroyed(): boolean;
}

/** Sends an engine event to every live window. */
export function broadcastEvent(targets: Iterable<WebContentsLike>, message: EventMessage): void {
  for (const contents of targets) {
    if (!contents.isDestroyed()) contents.send(EVENT_CHANNEL, message);
  }
}
