/**
 * The page's clock: the one cadence at which everything that follows a training run more slowly than
 * every frame renders (the charts' lines and axes, the readouts, the order strip, the landscape). All of
 * them tick together, in one task with React's renders flushed inside it, so the page lays out, paints and
 * commits once per tick rather than once per view: each such frame has a fixed cost (a layout, a hit test
 * for the pointer's hover, a commit to the compositor) whatever changed in it.
 */
import { useEffect, useState } from 'react';
import { flushSync } from 'react-dom';
import { shallow } from 'zustand/shallow';
import { useAppStoreApi, type AppState, type AppStore } from '../state/store.ts';

/** The period of the page's clock: the views that follow a training run render ten times a second. */
export const PAGE_TICK_MILLISECONDS = 100;

/** The callbacks due at one tick, and its timer. */
interface Tick {
  readonly callbacks: Set<() => void>;
  readonly timer: ReturnType<typeof setTimeout>;
}

const ticks = new Map<number, Tick>();

/**
 * Calls `callback` at the next tick (the multiples of PAGE_TICK_MILLISECONDS since the page's time origin;
 * asked at a tick, the next one). Returns the cancel function.
 */
export function onNextTick(callback: () => void): () => void {
  const now = performance.now();
  const at = (Math.floor(now / PAGE_TICK_MILLISECONDS) + 1) * PAGE_TICK_MILLISECONDS;
  let tick = ticks.get(at);
  if (!tick) {
    const callbacks = new Set<() => void>();
    const timer = setTimeout(() => {
      ticks.delete(at);
      flushSync(() => {
        for (const due of callbacks) due();
      });
    }, at - now);
    tick = { callbacks, timer };
    ticks.set(at, tick);
  }
  const { callbacks, timer } = tick;
  callbacks.add(callback);
  return () => {
    callbacks.delete(callback);
    if (callbacks.size === 0 && ticks.get(at) === tick) {
      clearTimeout(timer);
      ticks.delete(at);
    }
  };
}

/**
 * How every view follows a run: calls `follow` when `changed` says the store moved, at once, except while
 * a run trains, where it follows at the clock's ticks. The start of a stretch of training waits for the
 * first tick too, so that every view does not render at the start and again a tenth of a second later.
 * The end of a stretch is followed at once, with what a pending tick held back. Returns the unsubscribe.
 */
export function followOnTicks(
  store: AppStore,
  changed: (state: AppState, previous: AppState) => boolean,
  follow: (state: AppState) => void,
): () => void {
  let cancel: (() => void) | null = null;
  const tick = () => {
    cancel = null;
    follow(store.getState());
  };
  const unsubscribe = store.subscribe((state, previous) => {
    if (state.counters.state !== 'training') {
      if (cancel !== null || changed(state, previous)) {
        cancel?.();
        tick();
      }
    } else if (cancel === null && changed(state, previous)) {
      cancel = onNextTick(tick);
    }
  });
  return () => {
    unsubscribe();
    cancel?.();
  };
}

/**
 * A slice of the store that follows it at the clock's ticks while a run trains, and at once otherwise (the
 * start of training, a step, a pause, a reset). A tick renders at once, not as a transition: a transition
 * may be sliced over several frames, and each of them would then pay for a layout and a commit of its own.
 * `selector` must be stable (defined outside the component); what it returns is compared shallowly, so it
 * may return a fresh tuple of the pieces one view draws, which then change together, in one render.
 */
export function useThrottledSelector<T>(selector: (state: AppState) => T): T {
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
    return followOnTicks(store, (state) => !shallow(selector(state), delivered), update);
  }, [store, selector]);
  return value;
}
