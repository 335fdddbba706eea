import { useEffect, useState } from 'react';
import { useAppStoreApi, type AppState } from '../../state/store.ts';
import { followOnTicks } from '../pageClock.ts';

/**
 * Something a chart draws, built from the store: the store fields it is built from (`inputs`, compared one
 * by one) and the value, built again only when one of them changed.
 */
export interface ChartSource<T> {
  readonly inputs: (state: AppState) => readonly unknown[];
  readonly read: (state: AppState) => T;
}

/** Whether two lists of inputs hold the same values, by reference. */
export function sameInputs(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((value, index) => Object.is(value, b[index]));
}

/**
 * A source that remembers its last value. Each chart makes its own (one per mounted chart), so that no
 * cache outlives the chart or is shared between stores.
 */
export function chartSource<T>(
  inputs: (state: AppState) => readonly unknown[],
  build: (state: AppState) => T,
): ChartSource<T> {
  let last: { inputs: readonly unknown[]; value: T } | null = null;
  return {
    inputs,
    read(state) {
      const now = inputs(state);
      if (last === null || !sameInputs(now, last.inputs)) last = { inputs: now, value: build(state) };
      return last.value;
    },
  };
}

/**
 * A source's value as the charts follow the store: at once while the run is stopped, at the ticks of the
 * page's clock while it trains. `source` must be stable (made once per chart).
 */
export function useChartSource<T>(source: ChartSource<T>): T {
  const store = useAppStoreApi();
  const [value, setValue] = useState(() => source.read(store.getState()));
  useEffect(() => {
    const follow = (state: AppState) => {
      const next = source.read(state);
      setValue(() => next);
    };
    // The store may have moved between the first render and this effect.
    follow(store.getState());
    return followOnTicks(
      store,
      (state, previous) => !sameInputs(source.inputs(state), source.inputs(previous)),
      follow,
    );
  }, [store, source]);
  return value;
}

/**
 * A source's value as it stands whenever the run is not training: a table of hundreds of rows is not
 * rebuilt ten times a second; it shows the run as it was when training started and catches up when it stops.
 */
export function useChartSourceWhenStopped<T>(source: ChartSource<T>): T {
  const store = useAppStoreApi();
  const [value, setValue] = useState(() => source.read(store.getState()));
  useEffect(() => {
    const follow = (state: AppState) => {
      if (state.counters.state === 'training') return;
      const next = source.read(state);
      setValue(() => next);
    };
    follow(store.getState());
    return store.subscribe(follow);
  }, [store, source]);
  return value;
}
