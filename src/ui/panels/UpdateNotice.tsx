import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
// Inlined into this lazy chunk: a stylesheet of its own would be one more file for the first load to name.
import noticeStyles from '../styles/updateNotice.css?inline';

/**
 * "New version — reload", when a new version of the app has installed and waits. The box floats over the
 * page's corner rather than pushing the page down; Dismiss puts it away for this visit.
 */
export function UpdateNotice({ onReload }: { onReload: () => void }) {
  // Empty on its first frame, then filled: a live region announces what changes in it.
  const [shown, setShown] = useState<'not yet' | 'shown' | 'dismissed'>('not yet');
  useEffect(() => setShown((current) => (current === 'not yet' ? 'shown' : current)), []);
  return (
    <div role="status" aria-label="App update">
      <style href="sgd-lab-update-notice" precedence="default">
        {noticeStyles}
      </style>
      {shown === 'shown' && (
        <div className="update-notice">
          <span>New version — reload</span>
          <button type="button" onClick={onReload}>
            Reload
          </button>
          <button type="button" aria-label="Dismiss" onClick={() => setShown('dismissed')}>
            ×
          </button>
        </div>
      )}
    </div>
  );
}

/**
 * Tells the waiting worker to take over (the `SKIP_WAITING` message Workbox's generated worker listens
 * for) and reloads the page once the new worker controls it, so that every file comes from one version.
 */
export function activateWaitingWorker(registration: ServiceWorkerRegistration): void {
  navigator.serviceWorker.addEventListener('controllerchange', () => location.reload(), { once: true });
  registration.waiting?.postMessage({ type: 'SKIP_WAITING' });
}

/** Shows the notice in a React root of its own at the end of the body, outside the app's layout. */
export function showUpdateNotice(registration: ServiceWorkerRegistration): void {
  const host = document.createElement('div');
  document.body.append(host);
  createRoot(host).render(
    <StrictMode>
      <UpdateNotice onReload={() => activateWaitingWorker(registration)} />
    </StrictMode>,
  );
}
