/**
 * The inspector: the live list of exchange summaries (newest first), the selected
 * exchange's details, filters, and pause. While paused, live updates are counted but not
 * shown, so the list holds still while the user reads it; resuming refetches.
 */
import type { Exchange, ExchangeSummary } from '../../../shared/exchange';
import { errorMessage } from '../client/engine-client';
import { emptyFilters, mergeExchanges, type InspectorFilters } from '../inspector/exchange-list';
import type { SliceCreator } from './types';

export interface InspectorSlice {
  exchanges: ExchangeSummary[];
  filters: InspectorFilters;
  paused: boolean;
  /** Updates that arrived while paused. */
  missedWhilePaused: number;
  selectedId: string | null;
  /** The selected exchange with headers and bodies, once fetched. */
  selected: Exchange | null;
  selectedError: string | null;
  loadExchanges(): Promise<void>;
  applyExchangeUpdates(upserted: ExchangeSummary[]): void;
  applyExchangesCleared(): void;
  setFilters(patch: Partial<InspectorFilters>): void;
  setInspectorPaused(paused: boolean): Promise<void>;
  clearExchanges(): Promise<void>;
  select(id: string | null): Promise<void>;
  /** Fetches the selected exchange again (after redaction was switched), keeping it shown. */
  reloadSelected(): Promise<void>;
  replay(id: string): Promise<void>;
  curlFor(id: string): Promise<string | null>;
  /** HAR 1.2 of the given exchanges (all when omitted), as a JSON string. */
  exportHar(ids?: string[]): Promise<string | null>;
}

export const createInspectorSlice: SliceCreator<InspectorSlice> = (set, get, client) => {
  // Fetches the details of `id` unless the selection moved on meanwhile.
  const refreshSelected = async (id: string): Promise<void> => {
    try {
      const exchange = await client.getExchange({ id });
      if (get().selectedId === id) set({ selected: exchange, selectedError: null });
    } catch (error) {
      if (get().selectedId === id) set({ selectedError: errorMessage(error) });
    }
  };

  return {
    exchanges: [],
    filters: emptyFilters,
    paused: false,
    missedWhilePaused: 0,
    selectedId: null,
    selected: null,
    selectedError: null,
    async loadExchanges() {
      try {
        const list = await client.listExchanges({});
        set({ exchanges: mergeExchanges([], list), missedWhilePaused: 0 });
      } catch (error) {
        get().toast(errorMessage(error), 'error');
      }
    },
    applyExchangeUpdates(upserted) {
      const state = get();
      if (state.paused) {
        set({ missedWhilePaused: state.missedWhilePaused + upserted.length });
        return;
      }
      set({ exchanges: mergeExchanges(state.exchanges, upserted) });
      // The selected exchange finished or changed: its details are stale.
      if (state.selectedId && upserted.some((e) => e.id === state.selectedId)) {
        void refreshSelected(state.selectedId);
      }
    },
    applyExchangesCleared() {
      set({ exchanges: [], selectedId: null, selected: null, missedWhilePaused: 0 });
    },
    setFilters: (patch) => set({ filters: { ...get().filters, ...patch } }),
    async setInspectorPaused(paused) {
      set({ paused });
      if (!paused) await get().loadExchanges();
    },
    async clearExchanges() {
      try {
        await client.clearExchanges({});
        get().applyExchangesCleared();
      } catch (error) {
        get().toast(errorMessage(error), 'error');
      }
    },
    async select(id) {
      set({ selectedId: id, selected: null, selectedError: null });
      if (id) await refreshSelected(id);
    },
    async reloadSelected() {
      const id = get().selectedId;
      if (id) await refreshSelected(id);
    },
    async replay(id) {
      try {
        const { id: newId } = await client.replayExchange({ id });
        get().toast('Replayed: the new entry is selected.');
        await get().select(newId);
      } catch (error) {
        get().toast(errorMessage(error), 'error');
      }
    },
    async curlFor(id) {
      try {
        return (await client.curlForExchange({ id })).command;
      } catch (error) {
        get().toast(errorMessage(error), 'error');
        return null;
      }
    },
    async exportHar(ids) {
      try {
        return JSON.stringify(await client.exportHar(ids ? { ids } : {}), null, 2);
      } catch (error) {
        get().toast(errorMessage(error), 'error');
        return null;
      }
    },
  };
};
