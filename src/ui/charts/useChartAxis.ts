import { useEffect, useState } from 'react';
import { finiteRange } from '../../core/metrics.ts';
import { useAppStoreApi, type AppState } from '../../state/store.ts';
import { followOnTicks } from '../pageClock.ts';
import { extendAxis, sameAxis, type Axis } from './axes.ts';
import { sameInputs, type ChartSource } from './chartSource.ts';
import { axisValues, type DrawnLine } from './lines.ts';

/**
 * How far above the highest value an axis's top may be before the axis is fitted again even while the run
 * trains: a linear axis is never widened to more than about three times its highest value, a log axis to
 * the decade above it, so a top this far above means the values it was widened for are gone (a rewind after
 * a divergence dropped the blown-up epochs, a pinned run was removed).
 */
const OUTGROWN_LINEAR = 10;
const OUTGROWN_LOG = 1000;

/** Whether an axis spans far more than `values` need: what it was widened for is no longer drawn. */
export function outgrown(axis: Axis, values: Iterable<number>): boolean {
  if (axis.empty) return false;
  const range = finiteRange(values, axis.scale === 'log');
  if (range === null) return false;
  const factor = axis.scale === 'log' ? OUTGROWN_LOG : OUTGROWN_LINEAR;
  return axis.domain[1] > factor * Math.max(range[1], Number.MIN_VALUE);
}

/**
 * The next axis for `values`: fitted to them while the run is stopped; while it trains only widened when
 * a value leaves it (so that it moves seldom), unless it has outgrown them, when it is fitted again.
 */
export function followAxis(
  current: Axis,
  values: readonly number[],
  training: boolean,
  fit: (values: Iterable<number>) => Axis,
): Axis {
  return training && !outgrown(current, values) ? extendAxis(current, values) : fit(values);
}

/**
 * A chart's y-axis, from the lines it draws: fitted to them (`fit`) while the run is stopped; while it
 * trains only ever widened, at the page clock's ticks, when a value leaves it, so that the axis, and with
 * it Recharts' frame, moves seldom — and fitted again when the values it was widened for are gone (a rewind
 * followed at once by Train reaches the page as one change, from diverged to training). `source` and `fit`
 * must be stable.
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
        const next = followAxis(current, values, training, fit);
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
