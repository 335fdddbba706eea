/**
 * The page's clock, which paces what follows a training run more slowly than every frame: the charts' live
 * lines and axes, the readouts, the order strip, the landscape. Everything due at the same tick runs in
 * one task, with React's renders flushed inside it, so the page lays out, paints and commits once per
 * tick rather than once per view: each such frame has a fixed cost (a layout, a hit test for the pointer's
 * hover, a commit to the compositor) whatever changed in it.
 */
import { flushSync } from 'react-dom';
import type { AppState, AppStore } from '../state/store.ts';

/** The callbacks due at one tick, and its timer. */
interface Tick {
  readonly callbacks: Set<() => void>;
  readonly timer: ReturnType<typeof setTimeout>;
}

const ticks = new Map<number, Tick>();

/**
 * Calls `callback` at the next tick of a clock of `period` milliseconds (ticks at the multiples of the
 * period since the page's time origin, so clocks of different periods meet; asked at a tick, the next one).
 * The app's periods are multiples of `PAGE_TICK_MILLISECONDS`, whose ticks the training worker keeps
 * quiet (`src/state/pageTicks.ts`). Returns the cancel function.
 */
export function onNextTick(period: number, callback: () => void): () => void {
  const now = performance.now();
  const at = (Math.floor(now / period) + 1) * period;
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
 * a run trains, where it follows at the ticks of the page's clock of `period` milliseconds. The start of a
 * stretch of training waits for the first tick too: otherwise every view would render at the start and
 * again at the first tick, a tenth of a second later, while the worker's code is still being compiled.
 * The end of a stretch is followed at once, with what a pending tick held back. Returns the unsubscribe.
 */
export function followOnTicks(
  store: AppStore,
  changed: (state: AppState, previous: AppState) => boolean,
  follow: (state: AppState) => void,
  period: number,
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
      cancel = onNextTick(period, tick);
    }
  });
  return () => {
    unsubscribe();
    cancel?.();
  };
}
