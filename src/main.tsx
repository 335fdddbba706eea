import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { connectStore } from './state/bridge.ts';
import { decodeConfig, loadSavedConfig, saveConfig } from './state/link.ts';
import { createAppStore, StoreProvider } from './state/store.ts';
import { App } from './ui/App.tsx';
import { registerServiceWorker } from './ui/serviceWorker.ts';
import { createTrainingClient } from './worker/training/client.ts';
import './ui/styles/index.css';

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
const defaults = store.getState().config;
// A lesson link carries its lesson in the hash, which no server sees.
const link = location.search + location.hash;
if (link.length > 1) {
  const { config, view, notices } = decodeConfig(link, defaults);
  store.getState().replaceConfig(config);
  store.getState().showLinkView(view);
  store.getState().showLinkNotices(notices);
} else {
  const saved = loadSavedConfig(storage, defaults);
  if (saved) store.getState().replaceConfig(saved);
  else store.getState().restartRun();
}

// Remember the configuration for the next visit, at most a few times a second.
let saveTimer: ReturnType<typeof setTimeout> | null = null;
store.subscribe((state, previous) => {
  if (state.config === previous.config || saveTimer !== null) return;
  saveTimer = setTimeout(() => {
    saveTimer = null;
    saveConfig(storage, store.getState().config);
  }, 300);
});

// A read-only window onto the run's sizes, for `npm run soak`, `npm run bench:browser` and anyone curious
// in the console.
Object.defineProperty(window, 'sgdLabStats', {
  value: () => {
    const state = store.getState();
    const { epoch, batchInEpoch, batchSize, updates } = state.counters;
    const trainCount = state.points?.trainY.length ?? 0;
    return {
      epoch,
      updates,
      // Training examples the updates so far have used: whole epochs, then the batches of the current one.
      samples: epoch * trainCount + Math.min(trainCount, batchInEpoch * batchSize),
      trainCount,
      state: state.counters.state,
      history: state.history.length,
      batchSamples: state.batchSeries.positions.length,
      trajectory: state.trajectory.length / 2,
      tensors: state.counters.tensors,
    };
  },
});

// The in-page half of `npm run bench:browser`, fetched only when the bench calls it.
Object.defineProperty(window, 'sgdLabBench', {
  value: async () => {
    const [hooks, worker] = await Promise.all([
      import('./ui/benchHooks.ts'),
      import('./worker/bench/client.ts'),
    ]);
    return { timeHeatmapPaint: hooks.timeHeatmapPaint, timeInBenchWorker: worker.timeInBenchWorker };
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

// The built app works offline through its service worker (scripts/pwa.ts); the dev server registers none.
// Without the worker the app still works online.
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  registerServiceWorker().catch(console.warn);
}
