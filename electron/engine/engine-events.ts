/**
 * The engine's event stream: every subscriber (admin WebSocket, Electron relay, tests) gets
 * every event. Subscribers that show exchanges count as "watching", which turns on body
 * capture in the inspector only while somebody can look at the bodies.
 */
import type { EventMessage, EventName, EventPayload } from '../../shared/contract';
import type { EventListener } from './engine-api';

export class EngineEvents {
  private readonly listeners = new Set<EventListener>();

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get watching(): boolean {
    return this.listeners.size > 0;
  }

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    const message = { event, payload } as EventMessage;
    for (const listener of this.listeners) {
      try {
        listener(message);
      } catch {
        // A broken subscriber must not stop the others (or the engine).
      }
    }
  }
}
