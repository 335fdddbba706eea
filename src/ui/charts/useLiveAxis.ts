import { startTransition, useCallback, useEffect, useRef, useState } from 'react';
import { useAppStoreApi, type AppState } from '../../state/store.ts';
import { onNextTick } from '../pageClock.ts';
import { extendAxis, sameAxis, type Axis } from './axes.ts';

/**
 * A chart's y-axis: `fitted` (to the data the chart holds) until, while a run trains, a live value leaves
 * it (`LiveLines` reports it through the returned callback); then, at the next tick of the chart's clock,
 * it is widened to take the live values, with room to spare. New data (a new fit) starts over.
 */
export function useLiveAxis(
  fitted: Axis,
  liveValues: (state: AppState) => Iterable<number>,
  period: number,
): [Axis, () => void] {
  const store = useAppStoreApi();
  const [widened, setWidened] = useState<{ from: Axis; axis: Axis } | null>(null);
  const axis = widened?.from === fitted ? widened.axis : fitted;
  const latest = useRef({ fitted, axis });
  useEffect(() => {
    latest.current = { fitted, axis };
  }, [fitted, axis]);
  const cancel = useRef<(() => void) | null>(null);
  useEffect(
    () => () => {
      cancel.current?.();
      cancel.current = null;
    },
    [],
  );
  const widen = useCallback(() => {
    if (cancel.current !== null) return;
    cancel.current = onNextTick(period, () => {
      cancel.current = null;
      const { fitted: from, axis: current } = latest.current;
      const next = extendAxis(current, liveValues(store.getState()));
      // A transition: the chart takes its new axis in slices between frames, not in the clock's tick,
      // which the readouts and live lines share (Recharts takes 50–150 ms here to redraw a chart).
      if (!sameAxis(next, current)) startTransition(() => setWidened({ from, axis: next }));
    });
  }, [store, liveValues, period]);
  return [axis, widen];
}
