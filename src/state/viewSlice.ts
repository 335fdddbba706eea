import type { StateCreator } from 'zustand';
import type { AppState } from './store.ts';

/** How the page is shown, apart from what it trains and what the configuration holds. */
export interface ViewSlice {
  /** Whether the keyboard-shortcuts dialog is open. */
  shortcutsOpen: boolean;
  setShortcutsOpen(open: boolean): void;
  /** What was wrong with the link the page was opened with, each naming a parameter. */
  linkNotices: readonly string[];
  showLinkNotices(notices: readonly string[]): void;
  dismissLinkNotices(): void;
}

/** Creates the view slice. */
export const createViewSlice: StateCreator<AppState, [], [], ViewSlice> = (set) => ({
  shortcutsOpen: false,
  setShortcutsOpen(open) {
    set({ shortcutsOpen: open });
  },
  linkNotices: [],
  showLinkNotices(notices) {
    set({ linkNotices: notices });
  },
  dismissLinkNotices() {
    set({ linkNotices: [] });
  },
});
