import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { connectStore } from '../state/bridge.ts';
import { createAppStore, StoreProvider } from '../state/store.ts';
import { createFakeTransport } from './fakeTransport.ts';

/** Renders `ui` against a fresh store whose worker is a fake the test controls. */
export function renderWithStore(ui: ReactElement) {
  const fake = createFakeTransport();
  const store = createAppStore(fake.transport);
  // Frames are drawn at once: the worker's messages reach the store as soon as the fake emits them.
  connectStore(store, fake.transport, (callback) => callback());
  store.getState().restartRun();
  const view = render(<StoreProvider store={store}>{ui}</StoreProvider>);
  return { ...fake, store, view };
}
