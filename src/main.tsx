import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { connectStore } from './state/bridge.ts';
import { selectConfig } from './state/config.ts';
import { decodeConfig, loadSavedConfig, saveConfig } from './state/link.ts';
import { createAppStore, StoreProvider } from './state/store.ts';
import { App } from './ui/App.tsx';
import { createTrainingClient } from './worker/client.ts';
import './ui/styles.css';

/** localStorage, or null where the browser refuses it (private modes, sandboxed frames). */
function openStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

const client = createTrainingClient();
const store = createAppStore(client);
connectStore(store, client);

// A link wins over the last visit; either is validated, and what was wrong with a link is said on the page.
const storage = openStorage();
const defaults = selectConfig(store.getState());
if (location.search.length > 1) {
  const { config, notices } = decodeConfig(location.search, defaults);
  store.getState().applyConfig(config, notices);
} else {
  const saved = loadSavedConfig(storage, defaults);
  if (saved) store.getState().applyConfig(saved);
  else store.getState().restartRun();
}

// Remember the configuration for the next visit, at most a few times a second.
let saveTimer: ReturnType<typeof setTimeout> | null = null;
store.subscribe((state, previous) => {
  const changed =
    state.dataset !== previous.dataset ||
    state.customPoints !== previous.customPoints ||
    state.model !== previous.model ||
    state.engine !== previous.engine ||
    state.objective !== previous.objective ||
    state.l2 !== previous.l2 ||
    state.hyperparameters !== previous.hyperparameters ||
    state.speed !== previous.speed ||
    state.presentation !== previous.presentation;
  if (!changed || saveTimer !== null) return;
  saveTimer = setTimeout(() => {
    saveTimer = null;
    saveConfig(storage, selectConfig(store.getState()));
  }, 300);
});

// A read-only window onto the run's sizes, for `npm run soak` and anyone curious in the console.
Object.defineProperty(window, 'sgdLabStats', {
  value: () => {
    const state = store.getState();
    return {
      epoch: state.counters.epoch,
      state: state.counters.state,
      history: state.history.length,
      batchSamples: state.batchSeries.positions.length,
      trajectory: state.trajectory.length / 2,
      tensors: state.counters.tensors,
    };
  },
});

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
