/// <reference types="vite-plugin-pwa/vanillajs" />
/**
 * The page's side of the service worker (scripts/pwa.ts): registers it, and shows the update notice when
 * a new version of the app is installed and waiting. main.tsx imports this module after the first render,
 * so neither it, the notice nor workbox-window adds to the first load.
 */
import { mountUpdateNotice } from './panels/UpdateNotice.tsx';

/** A new version of the app, installed and waiting; `reload` lets it take over and reloads the page. */
export interface WaitingUpdate {
  readonly reload: () => void;
}

/** Where the notice reads whether an update waits (the shape `useSyncExternalStore` takes). */
export interface UpdateSignal {
  readonly subscribe: (listener: () => void) => () => void;
  readonly current: () => WaitingUpdate | null;
  readonly announce: (update: WaitingUpdate) => void;
}

/** A signal with no update waiting yet. */
export function createUpdateSignal(): UpdateSignal {
  let waiting: WaitingUpdate | null = null;
  const listeners = new Set<() => void>();
  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    current: () => waiting,
    announce(update) {
      waiting = update;
      listeners.forEach((listener) => listener());
    },
  };
}

/** Registers the service worker of the build and mounts its update notice; a browser without either skips it. */
export async function startServiceWorker(): Promise<void> {
  if (!('serviceWorker' in navigator)) return;
  const signal = createUpdateSignal();
  mountUpdateNotice(signal);
  const { registerSW } = await import('virtual:pwa-register');
  // Sends the waiting worker `skipWaiting`; once it controls the page, the registration code reloads it.
  const activateWaiting = registerSW({
    immediate: true,
    onNeedRefresh: () => signal.announce({ reload: () => void activateWaiting() }),
  });
}
