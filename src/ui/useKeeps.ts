import { keepsControl, type ControlId } from '../state/lessonControls.ts';
import { useAppStore } from '../state/store.ts';

/**
 * Whether the page keeps a control: a lesson or an embedded page leaves out the others, which are then not
 * rendered at all (gone from the DOM and the accessibility tree, not merely hidden).
 */
export function useKeeps(id: ControlId): boolean {
  return useAppStore((state) => keepsControl(state.linkView.kept, id));
}

/** Whether the page keeps any of several controls (a panel with none of its controls is left out). */
export function useKeepsAny(ids: readonly ControlId[]): boolean {
  return useAppStore((state) => ids.some((id) => keepsControl(state.linkView.kept, id)));
}
