/**
 * The desktop client: calls go through the preload's `window.portico` (IPC to the main
 * process, which relays them to the engine). Outcomes and events are parsed like any other
 * data that crosses a boundary.
 */
import type { MethodName } from '../../../shared/contract';
import {
  apiFromTransport,
  parseEventMessage,
  type ConnectionState,
  type EngineClient,
} from './engine-client';
import type { PreloadApi } from './preload-api';

export function createIpcClient(preload: PreloadApi): EngineClient {
  const transport = (method: MethodName, params: unknown): Promise<unknown> => {
    // The preload validates params against the contract on the main side; here they are
    // passed through as the caller gave them.
    const call = preload[method] as (params: unknown) => Promise<unknown>;
    return call(params);
  };
  return {
    ...apiFromTransport(transport),
    subscribe(listener) {
      return preload.onEvent((raw: unknown) => {
        const message = parseEventMessage(raw);
        if (message) listener(message);
      });
    },
    onConnection(listener: (state: ConnectionState) => void) {
      listener('open');
      return () => {};
    },
  };
}
