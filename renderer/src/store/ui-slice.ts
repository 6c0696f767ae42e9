/** UI state: the page shown, the open dialog, toasts, theme, the connection to the engine. */
import type { ConnectionState } from '../client/engine-client';
import type { SliceCreator } from './types';

export type Page = 'domains' | 'inspector' | 'certificates' | 'doctor' | 'settings';
export type Theme = 'system' | 'light' | 'dark';

export type Dialog =
  | { kind: 'add-domain' }
  | { kind: 'edit-domain'; host: string }
  | { kind: 'remove-domain'; host: string };

export interface Toast {
  id: number;
  tone: 'info' | 'error';
  message: string;
}

export interface UiSlice {
  page: Page;
  theme: Theme;
  dialog: Dialog | null;
  toasts: Toast[];
  connection: ConnectionState;
  /** Bumped to ask the inspector's filter box to take focus (the `/` shortcut). */
  focusFilterRequest: number;
  setPage(page: Page): void;
  setTheme(theme: Theme): void;
  openDialog(dialog: Dialog): void;
  closeDialog(): void;
  toast(message: string, tone?: Toast['tone']): void;
  dismissToast(id: number): void;
  requestFilterFocus(): void;
  setConnection(state: ConnectionState): void;
}

let nextToastId = 1;
const TOAST_MS = 5_000;

export const createUiSlice: SliceCreator<UiSlice> = (set, get) => ({
  page: 'domains',
  theme: 'system',
  dialog: null,
  toasts: [],
  connection: 'connecting',
  focusFilterRequest: 0,
  setPage: (page) => set({ page }),
  setTheme: (theme) => set({ theme }),
  openDialog: (dialog) => set({ dialog }),
  closeDialog: () => set({ dialog: null }),
  toast(message, tone = 'info') {
    const id = nextToastId++;
    set({ toasts: [...get().toasts, { id, tone, message }].slice(-4) });
    setTimeout(() => get().dismissToast(id), tone === 'error' ? TOAST_MS * 2 : TOAST_MS);
  },
  dismissToast: (id) => set({ toasts: get().toasts.filter((toast) => toast.id !== id) }),
  requestFilterFocus: () =>
    set({ page: 'inspector', focusFilterRequest: get().focusFilterRequest + 1 }),
  setConnection: (connection) => set({ connection }),
});
