import { useCallback, useEffect, useRef, useState } from 'react';
import { useAppStoreApi, type AppState } from '../../state/store.ts';
import { untilTick } from '../useThrottledSelector.ts';
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
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(
    () => () => {
      if (timer.current !== null) clearTimeout(timer.current);
      timer.current = null;
    },
    [],
  );
  const widen = useCallback(() => {
    if (timer.current !== null) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      const { fitted: from, axis: current } = latest.current;
      const next = extendAxis(current, liveValues(store.getState()));
      if (!sameAxis(next, current)) setWidened({ from, axis: next });
    }, untilTick(period));
  }, [store, liveValues, period]);
  return [axis, widen];
}
