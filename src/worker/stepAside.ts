import type { PageTicks } from './protocol.ts';

/** What the worker does next at full speed: rest this long, or train for at most this long. */
export type NextSlice = { readonly rest: number } | { readonly budget: number };

/**
 * Where `now` (the worker's `performance.now()`, whose origin is `workerOrigin`) falls on the page's clock:
 * inside a quiet window around a tick, the worker rests until the window ends; outside one, it may train
 * until the next window begins.
 */
export function nextSlice(ticks: PageTicks, workerOrigin: number, now: number): NextSlice {
  const { period, quietBefore, quietAfter } = ticks;
  const phase = (((workerOrigin + now - ticks.origin) % period) + period) % period;
  if (phase < quietAfter) return { rest: quietAfter - phase };
  if (phase >= period - quietBefore) return { rest: period - phase + quietAfter };
  return { budget: period - quietBefore - phase };
}
