import type { StateCreator } from 'zustand';
import type { AppConfig } from './config.ts';
import type { AppState } from './store.ts';

/** How the page is shown, apart from what it trains. */
export interface ViewSlice {
  /** Presentation mode: larger type, controls collapsed to the essentials, canvas and charts fill the screen. */
  presentation: boolean;
  setPresentation(on: boolean): void;
  /** Whether the keyboard-shortcuts dialog is open. */
  shortcutsOpen: boolean;
  setShortcutsOpen(open: boolean): void;
  /** What was wrong with the link the page was opened with, each naming a parameter. */
  linkNotices: readonly string[];
  /** Takes a whole configuration (from a link or the last visit) and starts a fresh run with it. */
  applyConfig(config: AppConfig, notices?: readonly string[]): void;
  dismissLinkNotices(): void;
}

/** Creates the view slice. */
export const createViewSlice: StateCreator<AppState, [], [], ViewSlice> = (set, get) => ({
  presentation: false,
  setPresentation(on) {
    set({ presentation: on });
  },
  shortcutsOpen: false,
  setShortcutsOpen(open) {
    set({ shortcutsOpen: open });
  },
  linkNotices: [],
  applyConfig(config, notices = []) {
    set({
      dataset: config.dataset,
      customPoints: config.customPoints,
      model: config.model,
      engine: config.engine,
      objective: config.objective,
      l2: config.l2,
      hyperparameters: config.hyperparameters,
      speed: config.speed,
      presentation: config.presentation,
      linkNotices: notices,
      presetId: null,
    });
    get().refitBatchSize();
    get().restartRun();
  },
  dismissLinkNotices() {
    set({ linkNotices: [] });
  },
});
