/**
 * The renderer's store: one zustand store built from slices, wired to the engine client.
 * `connectStore` loads everything and keeps it live from the engine's events; after a
 * reconnect it loads everything again, since events may have been missed.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { EventMessage, EventName } from '../../../shared/contract';
import type { EngineClient } from '../client/engine-client';
import { createCertificatesSlice } from './certificates-slice';
import { createDoctorSlice } from './doctor-slice';
import { createDomainsSlice } from './domains-slice';
import { createEngineSlice } from './engine-slice';
import { createInspectorSlice } from './inspector-slice';
import type { PorticoState } from './types';
import { createUiSlice } from './ui-slice';

export type PorticoStore = StoreApi<PorticoState>;

export function createPorticoStore(client: EngineClient): PorticoStore {
  return createStore<PorticoState>()((set, get) => ({
    ...createUiSlice(set, get, client),
    ...createEngineSlice(set, get, client),
    ...createDomainsSlice(set, get, client),
    ...createCertificatesSlice(set, get, client),
    ...createInspectorSlice(set, get, client),
    ...createDoctorSlice(set, get, client),
  }));
}

/** An event message whose `payload` type follows its `event` name. */
type AnyEvent = { [E in EventName]: EventMessage<E> }[EventName];

/** Applies one engine event to the store. */
export function applyEvent(store: PorticoStore, message: EventMessage): void {
  const state = store.getState();
  const event = message as AnyEvent;
  switch (event.event) {
    case 'domains':
      store.setState({ domains: event.payload, domainsLoaded: true });
      return;
    case 'status':
      store.setState({ status: event.payload });
      return;
    case 'exchanges':
      state.applyExchangeUpdates(event.payload.upserted);
      return;
    case 'exchangesCleared':
      state.applyExchangesCleared();
      return;
  }
}

export async function loadEverything(store: PorticoStore): Promise<void> {
  const state = store.getState();
  await Promise.all([
    state.loadStatus(),
    state.loadDomains(),
    state.loadSettings(),
    state.loadCa(),
    state.loadExchanges(),
  ]);
}

/** Subscribes the store to the client's events and connection; returns the disconnect. */
export function connectStore(store: PorticoStore, client: EngineClient): () => void {
  const offEvents = client.subscribe((message) => applyEvent(store, message));
  const offConnection = client.onConnection((connection) => {
    store.getState().setConnection(connection);
    if (connection === 'open') {
      // The first open and every reconnect: whatever happened meanwhile is fetched.
      void loadEverything(store);
    }
  });
  return () => {
    offEvents();
    offConnection();
  };
}
