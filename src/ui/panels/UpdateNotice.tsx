import { StrictMode, useState, useSyncExternalStore } from 'react';
import { createRoot } from 'react-dom/client';
import type { UpdateSignal, WaitingUpdate } from '../serviceWorkerUpdates.ts';
import '../styles/updateNotice.css';

/**
 * "New version — reload", when a new version of the app has installed and waits. The box floats over the
 * page's corner rather than pushing the page down; Dismiss puts it away until the next version. The live
 * region is there from the start, so that a screen reader hears the notice when it fills.
 */
export function UpdateNotice({ signal }: { signal: UpdateSignal }) {
  const update = useSyncExternalStore(signal.subscribe, signal.current);
  const [dismissed, setDismissed] = useState<WaitingUpdate | null>(null);
  return (
    <div role="status" aria-label="Update">
      {update !== null && update !== dismissed && (
        <div className="update-notice">
          <span>New version — reload</span>
          <button type="button" onClick={update.reload}>
            Reload
          </button>
          <button type="button" aria-label="Dismiss" onClick={() => setDismissed(update)}>
            ×
          </button>
        </div>
      )}
    </div>
  );
}

/** Renders the notice in a React root of its own at the end of the body, outside the app's layout. */
export function mountUpdateNotice(signal: UpdateSignal): void {
  const host = document.createElement('div');
  document.body.append(host);
  createRoot(host).render(
    <StrictMode>
      <UpdateNotice signal={signal} />
    </StrictMode>,
  );
}
