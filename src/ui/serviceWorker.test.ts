// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

/**
 * The browser's service worker container and one registration, enough to play the lifecycle as the
 * specification has it: an installed worker always becomes `waiting`, and goes on to `active` at once when
 * no version is active yet.
 */
function fakeBrowser({ active, state }: { active: boolean; state: 'idle' | 'installing' | 'waiting' }) {
  const container = { register: vi.fn() };
  const registration = Object.assign(new EventTarget(), {
    installing: null as EventTarget | null,
    waiting: state === 'waiting' ? new EventTarget() : null,
    active: active ? new EventTarget() : null,
  });
  /** A new version starts installing; `finish()` ends its install as the browser would. */
  const startInstall = () => {
    const worker = new EventTarget();
    registration.installing = worker;
    return {
      worker,
      finish() {
        registration.installing = null;
        registration.waiting = worker;
        worker.dispatchEvent(new Event('statechange'));
        if (registration.active === null) {
          registration.waiting = null;
          registration.active = worker;
          worker.dispatchEvent(new Event('statechange'));
        }
      },
    };
  };
  const early = state === 'installing' ? startInstall() : null;
  container.register.mockResolvedValue(registration);
  Object.defineProperty(navigator, 'serviceWorker', { value: container, configurable: true });
  /** The browser finds a new version and fires updatefound. */
  const findUpdate = () => {
    const install = startInstall();
    registration.dispatchEvent(new Event('updatefound'));
    return install;
  };
  return { container, early, findUpdate };
}

/** How many update notices the page shows, once the lazily loaded notice has had time to render. */
async function noticesShown(): Promise<number> {
  await vi.dynamicImportSettled();
  await new Promise((resolve) => setTimeout(resolve, 0));
  // showUpdateNotice adds its root's element to the body at once; React fills it a moment later.
  if (document.body.childElementCount > 0) {
    await vi.waitFor(() => expect(document.querySelector('.update-notice')).not.toBeNull());
  }
  return document.querySelectorAll('.update-notice').length;
}

beforeEach(() => vi.resetModules());
afterEach(() => {
  document.body.innerHTML = '';
});

describe('registerServiceWorker', () => {
  it("registers ./sw.js (its scope is the page's folder), and shows nothing on a first install", async () => {
    const browser = fakeBrowser({ active: false, state: 'installing' });
    const { registerServiceWorker } = await import('./serviceWorker.ts');
    await registerServiceWorker();
    expect(browser.container.register.mock.calls).toEqual([['./sw.js']]);
    await vi.dynamicImportSettled();
    browser.early!.finish();
    expect(await noticesShown()).toBe(0);
  });

  it('shows the notice once when new versions install beside the one in control', async () => {
    const browser = fakeBrowser({ active: true, state: 'idle' });
    const { registerServiceWorker } = await import('./serviceWorker.ts');
    await registerServiceWorker();
    const next = browser.findUpdate();
    expect(await noticesShown()).toBe(0);
    next.finish();
    expect(await noticesShown()).toBe(1);
    browser.findUpdate().finish();
    expect(await noticesShown()).toBe(1);
  });

  it('shows the notice for a version that was installing before the page registered', async () => {
    const browser = fakeBrowser({ active: true, state: 'installing' });
    const { registerServiceWorker } = await import('./serviceWorker.ts');
    await registerServiceWorker();
    await vi.dynamicImportSettled();
    browser.early!.finish();
    expect(await noticesShown()).toBe(1);
  });

  it('shows the notice for a version an earlier visit left waiting', async () => {
    fakeBrowser({ active: true, state: 'waiting' });
    const { registerServiceWorker } = await import('./serviceWorker.ts');
    await registerServiceWorker();
    expect(await noticesShown()).toBe(1);
  });
});
