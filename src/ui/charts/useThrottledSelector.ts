import { startTransition, useEffect, useState } from 'react';
import { shallow } from 'zustand/shallow';
import type { AppState } from '../../state/store.ts';
import { useAppStoreApi } from '../../state/store.ts';

/**
 * A slice of the store that follows it while training only at the ticks of a clock of period
 * `periodMilliseconds` shifted by `phaseMilliseconds`, and at once otherwise (a step, a pause, a reset).
 * The charts redraw from it: drawing them is the costliest work on the main thread, far more than the
 * boundary canvas, which still follows every frame, and charts with different phases take turns.
 * `selector` must be stable (defined outside the component); what it returns is compared shallowly, so it may
 * return a fresh tuple of the pieces one chart draws, which then change together, in one render.
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
    let delivered: T | undefined;
    const update = (ticked: boolean) => {
      timer = null;
      delivered = selector(store.getState());
      const next = delivered;
      // A tick while training is a transition, which React may render in slices between frames; anything
      // else (a step, a pause, the end) is shown at once.
      if (ticked) startTransition(() => setValue(() => next));
      else setValue(() => next);
    };
    // The store may have moved between the first render and this effect.
    update(false);
    const unsubscribe = store.subscribe((state) => {
      const changed = !shallow(selector(state), delivered);
      if (state.counters.state !== 'training') {
        // Stepping, paused, finished: show the latest at once, including what a pending tick held back.
        if (changed || timer !== null) {
          if (timer !== null) clearTimeout(timer);
          update(false);
        }
      } else if (changed && timer === null) {
        const now = performance.now();
        const tick =
          Math.ceil((now - phaseMilliseconds) / periodMilliseconds) * periodMilliseconds + phaseMilliseconds;
        timer = setTimeout(() => update(true), tick - now);
      }
    });
    return () => {
      unsubscribe();
      if (timer !== null) clearTimeout(timer);
    };
  }, [store, selector, periodMilliseconds, phaseMilliseconds]);
  return value;
}
