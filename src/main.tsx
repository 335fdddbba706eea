import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { connectStore } from './state/bridge.ts';
import { createAppStore, StoreProvider } from './state/store.ts';
import { App } from './ui/App.tsx';
import { createTrainingClient } from './worker/client.ts';
import './ui/styles.css';

const client = createTrainingClient();
const store = createAppStore(client);
connectStore(store, client);
store.getState().restartRun();

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <StoreProvider store={store}>
        <App />
      </StoreProvider>
    </StrictMode>,
  );
}
