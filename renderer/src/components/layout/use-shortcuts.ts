/**
 * Global keyboard shortcuts: `n` add a domain, `/` focus the inspector filter, Ctrl/⌘+K
 * clear the inspector. Single keys are ignored while typing in a field or a dialog is open.
 */
import { useEffect } from 'react';
import { usePorticoStore } from '../../store/store-context';

export type ShortcutAction = 'add-domain' | 'focus-filter' | 'clear-inspector' | null;

/** Which action a key press asks for (pure, so it is unit-tested). */
export function shortcutFor(
  event: { key: string; ctrlKey: boolean; metaKey: boolean; altKey: boolean },
  context: { typing: boolean; dialogOpen: boolean },
): ShortcutAction {
  if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'k') {
    return context.dialogOpen ? null : 'clear-inspector';
  }
  if (event.ctrlKey || event.metaKey || event.altKey || context.typing || context.dialogOpen) {
    return null;
  }
  if (event.key === 'n') return 'add-domain';
  if (event.key === '/') return 'focus-filter';
  return null;
}

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

export function useShortcuts(): void {
  const store = usePorticoStore();
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const state = store.getState();
      const action = shortcutFor(event, {
        typing: isTyping(event.target),
        dialogOpen: state.dialog !== null,
      });
      if (!action) return;
      event.preventDefault();
      if (action === 'add-domain') {
        state.setPage('domains');
        state.openDialog({ kind: 'add-domain' });
      } else if (action === 'focus-filter') {
        state.requestFilterFocus();
      } else {
        void state.clearExchanges();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [store]);
}
