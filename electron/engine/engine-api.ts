/**
 * What a host of the engine (the admin API, the Electron utility process entry, tests)
 * needs from it: the contract handlers and the event stream.
 */
import type { EngineHandlers, EventMessage } from '../../shared/contract';

export type EventListener = (message: EventMessage) => void;

export interface EngineEndpoint {
  handlers: EngineHandlers;
  /** Subscribes to every engine event; returns the unsubscribe function. */
  subscribe(listener: EventListener): () => void;
}
