import type { PageTicks } from './protocol.ts';

/** What the worker does next at full speed: rest this long, or train for at most this long. */
export type NextSlice = { readonly rest: number } | { readonly budget: number };

/**
 * For this long after Play the worker trains only in the last part of each period of the page's clock: it
 * rests until this long after each tick. The page then renders its views in a training state for the
 * first time (code that has not run yet, panels filled for the first time) while the machine's cores also
 * compile the worker's own code; on two cores, a worker training flat out then makes those first
 * renders long tasks.
 */
export const SLOW_START_MILLISECONDS = 1000;
export const SLOW_START_QUIET_AFTER_MILLISECONDS = 75;

/**
 * Where `now` (the worker's `performance.now()`, whose origin is `workerOrigin`) falls on the page's clock,
 * `sincePlay` milliseconds after Play: inside a quiet window around a tick, the worker rests until the
 * window ends; outside one, it may train until the next window begins.
 */
export function nextSlice(ticks: PageTicks, workerOrigin: number, now: number, sincePlay: number): NextSlice {
  const { period, quietBefore } = ticks;
  const quietAfter =
    sincePlay < SLOW_START_MILLISECONDS
      ? Math.max(ticks.quietAfter, SLOW_START_QUIET_AFTER_MILLISECONDS)
      : ticks.quietAfter;
  const phase = (((workerOrigin + now - ticks.origin) % period) + period) % period;
  if (phase < quietAfter) return { rest: quietAfter - phase };
  if (phase >= period - quietBefore) return { rest: period - phase + quietAfter };
  return { budget: period - quietBefore - phase };
}
