import { useEffect, useRef, useState } from 'react';
import { shallow } from 'zustand/shallow';
import type { AppState } from '../state/store.ts';
import { followOnTicks } from './pageClock.ts';
import { useAppStoreApi } from '../state/store.ts';
import { PAGE_TICK_MILLISECONDS } from '../state/pageTicks.ts';

/** How often readouts (status line, update table, gradients, captions) follow a training run: ten times a second. */
export const READOUT_PERIOD_MILLISECONDS = PAGE_TICK_MILLISECONDS;

/**
 * A slice of the store that follows it while training only at the ticks of the page's clock of period
 * `periodMilliseconds`, and at once otherwise (the start of training, a step, a pause, a reset).
 * The readouts render from it. A tick renders at once, not as a transition: a transition may be sliced
 * over several frames, and each of them would then pay for a layout and a commit of its own.
 * `selector` must be stable (defined outside the component); what it returns is compared shallowly, so it may
 * return a fresh tuple of the pieces one chart draws, which then change together, in one render.
 */
export function useThrottledSelector<T>(selector: (state: AppState) => T, periodMilliseconds: number): T {
  const store = useAppStoreApi();
  const [value, setValue] = useState(() => selector(store.getState()));
  useEffect(() => {
    let delivered: T | undefined;
    const update = (state: AppState) => {
      const next = selector(state);
      delivered = next;
      setValue(() => next);
    };
    // The store may have moved between the first render and this effect.
    update(store.getState());
    return followOnTicks(store, (state) => !shallow(selector(state), delivered), update, periodMilliseconds);
  }, [store, selector, periodMilliseconds]);
  return value;
}

/**
 * The data a Recharts chart draws from: the store's, at once, except while a run trains. Then the chart
 * keeps the data it had when training started (its axes, legend and tooltip with it), `LiveLines` draws
 * the live run over it, and the chart takes new data only when a person acts: the run stops, a
 * hyperparameter changes (a mark on the chart), or the pointer enters the chart (the returned callback),
 * so that its tooltip reads the run so far. A Recharts chart takes 50–150 ms here to take new data, so no
 * chart update falls inside a stretch of training by itself.
 */
export function useChartFeed<T>(selector: (state: AppState) => T): [T, () => void] {
  const store = useAppStoreApi();
  const [value, setValue] = useState(() => selector(store.getState()));
  const feed = useRef({ delivered: value, latest: () => {} });
  useEffect(() => {
    const delivery = feed.current;
    const deliver = (state: AppState) => {
      const next = selector(state);
      if (shallow(next, delivery.delivered)) return;
      delivery.delivered = next;
      setValue(() => next);
    };
    deliver(store.getState());
    delivery.latest = () => deliver(store.getState());
    const unsubscribe = store.subscribe((state, previous) => {
      if (state.counters.state === 'training' && state.marks === previous.marks) return;
      deliver(state);
    });
    return () => {
      unsubscribe();
      delivery.latest = () => {};
    };
  }, [store, selector]);
  const [showLatest] = useState(() => () => feed.current.latest());
  return [value, showLatest];
}
