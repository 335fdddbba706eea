import type { AppState, AppStore } from '../state/store.ts';
import { untilTick } from './useThrottledSelector.ts';

/**
 * Calls `paint` when `changed` says the store moved: at once, except in a stretch of training, where it
 * paints at the ticks of a clock of `period` milliseconds. Returns the unsubscribe.
 */
export function paintOnTicks(
  store: AppStore,
  changed: (state: AppState, previous: AppState) => boolean,
  paint: (state: AppState) => void,
  period: number,
): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const tick = () => {
    timer = null;
    paint(store.getState());
  };
  const unsubscribe = store.subscribe((state, previous) => {
    const training = state.counters.state === 'training' && previous.counters.state === 'training';
    if (!training) {
      if (timer !== null || changed(state, previous)) {
        if (timer !== null) clearTimeout(timer);
        tick();
      }
    } else if (timer === null && changed(state, previous)) {
      timer = setTimeout(tick, untilTick(period));
    }
  });
  return () => {
    unsubscribe();
    if (timer !== null) clearTimeout(timer);
  };
}
