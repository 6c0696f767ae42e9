/**
 * The shape of `window.portico`, the object the Electron preload exposes with
 * contextBridge: one function per contract method returning the call's `RpcOutcome` as
 * data (errors never cross the bridge as thrown objects), plus `onEvent`. The preload
 * implements exactly this type; the renderer still validates everything it receives.
 */
import type { EventMessage, MethodName, ParamsOf } from '../../../shared/contract';
import type { RpcOutcome } from '../../../shared/rpc';

export type PreloadApi = {
  [M in MethodName]: (params: ParamsOf<M>) => Promise<RpcOutcome<unknown>>;
} & {
  /** Subscribes to every engine event; returns the unsubscribe function. */
  onEvent(listener: (message: EventMessage) => void): () => void;
};

declare global {
  interface Window {
    /** Present only inside the desktop app. */
    portico?: PreloadApi;
  }
}
