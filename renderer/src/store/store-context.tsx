/**
 * Makes the store available to components. Components read it only through selectors
 * (`usePortico(selector)`), so each re-renders only when what it reads changes.
 */
import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { PorticoStore } from './store';
import type { PorticoState } from './types';

const StoreContext = createContext<PorticoStore | null>(null);

export function StoreProvider({ store, children }: { store: PorticoStore; children: ReactNode }) {
  return <StoreContext.Provider value={store}>{children}</StoreContext.Provider>;
}

export function usePorticoStore(): PorticoStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('usePortico must be used inside <StoreProvider>.');
  return store;
}

export function usePortico<T>(selector: (state: PorticoState) => T): T {
  return useStore(usePorticoStore(), selector);
}
