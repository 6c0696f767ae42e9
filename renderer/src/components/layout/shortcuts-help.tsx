/** The keyboard shortcuts, documented in a tooltip on a help button. */
export const SHORTCUTS: Array<{ keys: string; does: string }> = [
  { keys: 'n', does: 'Add a domain' },
  { keys: '/', does: 'Filter the inspector' },
  { keys: 'Ctrl K / ⌘ K', does: 'Clear the inspector' },
  { keys: 'Esc', does: 'Close a dialog or menu' },
];

export function ShortcutsHelp() {
  return (
    <div className="help">
      <button type="button" className="icon-button help-button" aria-describedby="shortcuts-tip">
        ?<span className="visually-hidden">Keyboard shortcuts</span>
      </button>
      <div className="tooltip" role="tooltip" id="shortcuts-tip">
        <strong>Keyboard shortcuts</strong>
        <dl>
          {SHORTCUTS.map((shortcut) => (
            <div key={shortcut.keys}>
              <dt>
                <kbd>{shortcut.keys}</kbd>
              </dt>
              <dd>{shortcut.does}</dd>
            </div>
          ))}
        </dl>
      </div>
    </div>
  );
}
