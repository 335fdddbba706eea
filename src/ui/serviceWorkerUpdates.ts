/**
 * Shows the update notice when a new version of the app has installed beside the one in control
 * (serviceWorker.ts loads this module only while a worker installs or waits).
 */
import { showUpdateNotice } from './panels/UpdateNotice.tsx';

let noticeShown = false;

/**
 * Shows the notice once a new version waits beside an active one. A first install also passes through
 * `waiting` on its way to active, but has no active version to replace, and shows nothing.
 */
export function watchForUpdate(registration: ServiceWorkerRegistration): void {
  const showIfWaiting = () => {
    if (noticeShown || registration.waiting === null || registration.active === null) return;
    noticeShown = true;
    showUpdateNotice(registration);
  };
  showIfWaiting();
  registration.installing?.addEventListener('statechange', showIfWaiting);
}
