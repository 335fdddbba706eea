import type { StateCreator } from 'zustand';
import type { AppState } from './store.ts';

/** How the page is shown, apart from what it trains. */
export interface ViewSlice {
  /** Presentation mode: larger type, controls collapsed to the essentials, canvas and charts fill the screen. */
  presentation: boolean;
  setPresentation(on: boolean): void;
}

/** Creates the view slice. */
export const createViewSlice: StateCreator<AppState, [], [], ViewSlice> = (set) => ({
  presentation: false,
  setPresentation(on) {
    set({ presentation: on });
  },
});
