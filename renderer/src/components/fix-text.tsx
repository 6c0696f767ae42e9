/**
 * A fix (from the doctor, or install instructions): prose as text, commands in monospace with
 * a copy button each. Everything is rendered as text: messages may quote names and paths.
 */
import { splitFix } from '../doctor/doctor-view';
import { usePortico } from '../store/store-context';
import { copyText } from './copy-text';
import { Icon } from './icons';

export function FixText({ fix }: { fix: string }) {
  const toast = usePortico((state) => state.toast);
  return (
    <span className="fix-text">
      {splitFix(fix).map((part, index) =>
        part.kind === 'text' ? (
          <span key={index}>{part.text}</span>
        ) : (
          <span key={index} className="fix-command">
            <code>{part.text}</code>
            <button
              type="button"
              className="icon-button small"
              aria-label={`Copy the command ${part.text}`}
              title="Copy"
              onClick={() => void copyText(part.text, 'the command', toast)}
            >
              <Icon name="copy" size={13} />
            </button>
          </span>
        ),
      )}
    </span>
  );
}
