/**
 * Registers the service worker that scripts/pwa.ts builds, as `./sw.js` beside index.html (its scope is
 * that folder, like the build's relative `base`). This runs on every visit, so it stays a few lines: the
 * watch for a new version (serviceWorkerUpdates.ts) loads only while a worker installs or waits.
 */
export async function registerServiceWorker(): Promise<void> {
  const registration = await navigator.serviceWorker.register('./sw.js');
  const watch = () =>
    void import('./serviceWorkerUpdates.ts').then((updates) => updates.watchForUpdate(registration));
  // The visit's own update check may have found a new version before the page registered.
  if (registration.installing || registration.waiting) watch();
  registration.addEventListener('updatefound', watch);
}
