import { useRef } from 'react';
import { useAppStore } from '../../state/store.ts';
import { keptShortcuts } from '../useShortcuts.ts';
import { useModalDialog } from './useModalDialog.ts';

/** The small "?" button in the header that opens the shortcuts dialog. */
export function ShortcutsButton() {
  const setShortcutsOpen = useAppStore((state) => state.setShortcutsOpen);
  return (
    <button
      type="button"
      className="shortcuts-button"
      aria-label="Show keyboard shortcuts"
      aria-haspopup="dialog"
      title="Keyboard shortcuts (?)"
      onClick={() => setShortcutsOpen(true)}
    >
      ?
    </button>
  );
}

/** The keyboard shortcuts in a modal dialog; opened by ? or the header's "?" button. */
export function ShortcutsDialog() {
  const open = useAppStore((state) => state.shortcutsOpen);
  return open ? <OpenShortcutsDialog /> : null;
}

function OpenShortcutsDialog() {
  const setShortcutsOpen = useAppStore((state) => state.setShortcutsOpen);
  const kept = useAppStore((state) => state.linkView.kept);
  const closeRef = useRef<HTMLButtonElement>(null);
  const close = () => setShortcutsOpen(false);
  const dialog = useModalDialog(close, closeRef);

  return (
    <dialog {...dialog} className="shortcuts-dialog" aria-labelledby="shortcuts-heading">
      <div className="shortcuts-content">
        <h2 id="shortcuts-heading">Keyboard shortcuts</h2>
        <table className="data-table shortcuts-table">
          <caption className="visually-hidden">Keys and what they do</caption>
          <thead>
            <tr>
              <th scope="col">Key</th>
              <th scope="col">Action</th>
            </tr>
          </thead>
          <tbody>
            {keptShortcuts(kept).map((shortcut) => (
              <tr key={shortcut.action}>
                <td>
                  {shortcut.keys.map((key, index) => (
                    <span key={key}>
                      {index > 0 && ' + '}
                      <kbd>{key}</kbd>
                    </span>
                  ))}
                </td>
                <td>{shortcut.action}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="shortcuts-hint">
          Shortcuts are off while typing in a field; Space on a focused button presses that button.
        </p>
        <button ref={closeRef} type="button" onClick={close}>
          Close
        </button>
      </div>
    </dialog>
  );
}
