import { useEffect } from 'react';
import { describeTrainable } from '../state/dataSlice.ts';
import { keepsShortcut, type KeptControls, type ShortcutId } from '../state/lessonControls.ts';
import { useAppStoreApi, type AppState } from '../state/store.ts';

/** One keyboard shortcut as the shortcuts dialog lists it. */
export interface Shortcut {
  readonly id: ShortcutId;
  readonly keys: readonly string[];
  readonly action: string;
}

/** Every shortcut of the page, in the order the dialog lists them. */
export const SHORTCUTS: readonly Shortcut[] = [
  { id: 'trainPause', keys: ['Space'], action: 'Train / Pause' },
  { id: 'stepBatch', keys: ['→'], action: 'Step one batch' },
  { id: 'stepEpoch', keys: ['Shift', '→'], action: 'Step one epoch' },
  { id: 'reset', keys: ['R'], action: 'Reset the run' },
  { id: 'presentation', keys: ['P'], action: 'Presentation mode on / off' },
  { id: 'showShortcuts', keys: ['?'], action: 'Show these shortcuts' },
  { id: 'close', keys: ['Esc'], action: 'Close this dialog / leave presentation mode' },
];

/** The shortcuts that work with the controls a page keeps (a lesson takes away those of the controls it hides). */
export function keptShortcuts(kept: KeptControls): readonly Shortcut[] {
  return SHORTCUTS.filter((shortcut) => keepsShortcut(kept, shortcut.id));
}

/** Elements in which a key types or edits: the page's shortcuts stay out of their way. */
function isEditable(element: Element): boolean {
  if (element instanceof HTMLElement && element.isContentEditable) return true;
  return (
    element.closest('input, select, textarea, [contenteditable]:not([contenteditable="false"])') !== null
  );
}

/** Elements that Space activates by itself: Space is theirs, not Train / Pause. */
const SPACE_ACTIVATED =
  'button, a[href], summary, [role="button"], [role="menuitem"], [role="checkbox"], [role="radio"], [role="switch"], [role="tab"], [role="option"]';

/** Widgets whose arrow keys move within them. */
const ARROW_OWNERS =
  '[role="slider"], [role="menu"], [role="menubar"], [role="tablist"], [role="radiogroup"], [role="listbox"], [role="grid"], [role="tree"]';

/** Whether Train and the step buttons are disabled, as the toolbar decides it. */
function isBlocked(state: AppState): boolean {
  if (state.workerError !== null) return true;
  return state.config.customPoints !== null && describeTrainable(state.config.customPoints) !== null;
}

/** Runs the shortcut `event` stands for, if any; returns whether it did. */
export function handleShortcut(state: AppState, event: KeyboardEvent): boolean {
  if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return false;
  const target = event.target instanceof Element ? event.target : null;
  if (target && isEditable(target)) return false;

  // While the dialog is open the page behind it is inert: only Escape (close) counts.
  if (state.shortcutsOpen) {
    if (event.key !== 'Escape') return false;
    state.setShortcutsOpen(false);
    return true;
  }

  // A modal dialog of its own (the lesson dialog) keeps its keys; Escape there is the dialog's.
  if (target?.closest('dialog')) return false;

  const kept = state.linkView.kept;
  switch (event.key) {
    case ' ':
    case 'Spacebar': {
      if (event.shiftKey || event.repeat) return false;
      if (target?.closest(SPACE_ACTIVATED)) return false;
      if (state.counters.state === 'training') state.pause();
      else if (!isBlocked(state)) state.train();
      return true;
    }
    case 'ArrowRight': {
      if (target?.closest(ARROW_OWNERS)) return false;
      if (!keepsShortcut(kept, event.shiftKey ? 'stepEpoch' : 'stepBatch')) return false;
      // Held down, the arrow keeps stepping: that is what the key repeat is for.
      if (isBlocked(state)) return true;
      if (event.shiftKey) state.stepEpoch();
      else state.stepBatch();
      return true;
    }
    case 'r':
    case 'R':
      if (event.repeat) return true;
      state.reset();
      return true;
    case 'p':
    case 'P':
      if (!keepsShortcut(kept, 'presentation')) return false;
      if (event.repeat) return true;
      state.changeConfig({ presentation: !state.config.presentation });
      return true;
    case '?':
      state.setShortcutsOpen(true);
      return true;
    case 'Escape':
      if (!state.config.presentation) return false;
      state.changeConfig({ presentation: false });
      return true;
    default:
      return false;
  }
}

/** Listens for the page's keyboard shortcuts on the window; mount once, in App. */
export function useShortcuts(): void {
  const store = useAppStoreApi();
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (handleShortcut(store.getState(), event)) event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store]);
}
