import { startTransition, useEffect, useState } from 'react';
import type { AppState } from '../../state/store.ts';
import { useAppStoreApi } from '../../state/store.ts';

/**
 * A slice of the store that follows it while training only at the ticks of a clock of period
 * `periodMilliseconds` shifted by `phaseMilliseconds`, and at once otherwise (a step, a pause, a reset).
 * The charts redraw from it: drawing them is the costliest work on the main thread, far more than the
 * boundary canvas, which still follows every frame, and charts with different phases take turns.
 * `selector` must be stable (defined outside the component) and return the same object for the same state.
 */
export function useThrottledSelector<T>(
  selector: (state: AppState) => T,
  periodMilliseconds: number,
  phaseMilliseconds = 0,
): T {
  const store = useAppStoreApi();
  const [value, setValue] = useState(() => selector(store.getState()));
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const update = () => {
      timer = null;
      // A transition: React renders the chart in slices and lets frames through in between.
      startTransition(() => setValue(() => selector(store.getState())));
    };
    // The store may have moved between the first render and this effect.
    update();
    const unsubscribe = store.subscribe((state, previous) => {
      if (Object.is(selector(state), selector(previous))) return;
      if (state.counters.state !== 'training') {
        if (timer !== null) clearTimeout(timer);
        update();
      } else if (timer === null) {
        const now = performance.now();
        const tick =
          Math.ceil((now - phaseMilliseconds) / periodMilliseconds) * periodMilliseconds + phaseMilliseconds;
        timer = setTimeout(update, tick - now);
      }
    });
    return () => {
      unsubscribe();
      if (timer !== null) clearTimeout(timer);
    };
  }, [store, selector, periodMilliseconds, phaseMilliseconds]);
  return value;
}
