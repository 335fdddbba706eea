import type { StateCreator } from 'zustand';
import { FULL_VIEW, type LinkView } from './lessonLink.ts';
import type { AppState } from './store.ts';

/** How the opening link asks the page to be shown: a lesson, the controls it keeps, the embedded view. */
export interface LessonSlice {
  linkView: LinkView;
  showLinkView(view: LinkView): void;
}

/** Creates the lesson slice; the page starts as the full lab. */
export const createLessonSlice: StateCreator<AppState, [], [], LessonSlice> = (set) => ({
  linkView: FULL_VIEW,
  showLinkView(view) {
    set({ linkView: view });
  },
});
