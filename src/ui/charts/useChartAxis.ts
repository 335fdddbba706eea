import { useEffect, useState } from 'react';
import { useAppStoreApi, type AppState } from '../../state/store.ts';
import { followOnTicks } from '../pageClock.ts';
import { extendAxis, sameAxis, type Axis } from './axes.ts';
import { sameInputs, type ChartSource } from './chartSource.ts';
import { axisValues, type DrawnLine } from './lines.ts';

/**
 * A chart's y-axis, from the lines it draws: fitted to them (`fit`) while the run is stopped; while it
 * trains only ever widened, at the page clock's ticks, when a value leaves it, so that the axis, and with
 * it Recharts' frame, moves seldom. `source` and `fit` must be stable.
 */
export function useChartAxis(
  source: ChartSource<readonly DrawnLine[]>,
  fit: (values: Iterable<number>) => Axis,
): Axis {
  const store = useAppStoreApi();
  const [axis, setAxis] = useState(() => fit(axisValues(source.read(store.getState()))));
  useEffect(() => {
    const follow = (state: AppState) => {
      const values = [...axisValues(source.read(state))];
      const training = state.counters.state === 'training';
      setAxis((current) => {
        const next = training ? extendAxis(current, values) : fit(values);
        return sameAxis(next, current) ? current : next;
      });
    };
    follow(store.getState());
    return followOnTicks(
      store,
      (state, previous) =>
        state.counters.state !== previous.counters.state ||
        !sameInputs(source.inputs(state), source.inputs(previous)),
      follow,
    );
  }, [store, source, fit]);
  return axis;
}
