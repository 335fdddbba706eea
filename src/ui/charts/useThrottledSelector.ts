import { useEffect, useState } from 'react';
import type { AppState } from '../../state/store.ts';
import { useAppStoreApi } from '../../state/store.ts';

/** How often the charts take new data while a run trains: four times a second still reads as live. */
export const CHART_INTERVAL_MILLISECONDS = 250;

/**
 * A slice of the store that follows it at most every `intervalMilliseconds` while training, and at once
 * otherwise (a step, a pause, a reset). The charts redraw from it: drawing them is the costliest work on
 * the main thread, far more than the boundary canvas, which still follows every frame. `selector` must be
 * stable (defined outside the component) and return the same object for the same state.
 */
export function useThrottledSelector<T>(
  selector: (state: AppState) => T,
  intervalMilliseconds = CHART_INTERVAL_MILLISECONDS,
): T {
  const store = useAppStoreApi();
  const [value, setValue] = useState(() => selector(store.getState()));
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    let lastUpdate = Number.NEGATIVE_INFINITY;
    const update = () => {
      timer = null;
      lastUpdate = performance.now();
      setValue(() => selector(store.getState()));
    };
    // The store may have moved between the first render and this effect.
    update();
    const unsubscribe = store.subscribe((state, previous) => {
      if (Object.is(selector(state), selector(previous))) return;
      if (state.counters.state !== 'training') {
        if (timer !== null) clearTimeout(timer);
        update();
      } else if (timer === null) {
        timer = setTimeout(update, Math.max(0, lastUpdate + intervalMilliseconds - performance.now()));
      }
    });
    return () => {
      unsubscribe();
      if (timer !== null) clearTimeout(timer);
    };
  }, [store, selector, intervalMilliseconds]);
  return value;
}
