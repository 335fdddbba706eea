import type { PageTicks } from '../worker/training/protocol.ts';

/**
 * The page's clock, in one place. While a run trains, every view that follows it ticks at the multiples of
 * this period (`src/ui/pageClock.ts`), the store takes the worker's messages just before each tick
 * (`bridge.ts`), and the worker steps aside around the ticks (`worker/training/stepAside.ts`).
 */
export const PAGE_TICK_MILLISECONDS = 100;
/**
 * At full speed the worker rests from this long before each tick to this long after it. A tick's work
 * (its renders, then the frame's layout, paint and commit) takes 5–25 ms; on two cores, with the worker
 * training on one, the page's main thread shares the other with the compositor, the boundary view's
 * worker and the compiler, and a tick that has to wait for a core becomes a long task.
 */
export const QUIET_BEFORE_TICK_MILLISECONDS = 5;
export const QUIET_AFTER_TICK_MILLISECONDS = 25;

/** Where this page's ticks fall, for the worker. */
export function pageTicks(): PageTicks {
  return {
    origin: performance.timeOrigin,
    period: PAGE_TICK_MILLISECONDS,
    quietBefore: QUIET_BEFORE_TICK_MILLISECONDS,
    quietAfter: QUIET_AFTER_TICK_MILLISECONDS,
  };
}
