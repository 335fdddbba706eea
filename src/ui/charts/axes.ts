import { finiteRange } from '../../core/metrics.ts';

/**
 * The charts' y-axes, chosen here rather than by Recharts: a domain and its ticks, fitted to a chart's
 * lines while the run is stopped, and only ever extended while it trains (`useChartAxis`), so that the
 * axes, and with them Recharts' frame, move rarely.
 */

/** A y-axis: its domain, its ticks, and whether it was fitted to no values at all (then it shows no ticks). */
export interface Axis {
  readonly scale: 'linear' | 'log';
  readonly domain: readonly [number, number];
  readonly ticks: readonly number[];
  readonly empty: boolean;
}

/** Steps between ticks, per power of ten. */
const NICE_STEPS = [1, 2, 2.5, 5];
/** A linear axis has 2 to 5 steps between its ticks. */
const MIN_STEPS = 2;
const MAX_STEPS = 5;
/** A log axis has at most this many ticks (one every few decades on a wide axis). */
const LOG_TICKS = 5;

/** The values of some keys of some rows (what an axis must show); a missing one is NaN, which no axis counts. */
export function* valuesOf<K extends string>(
  rows: Iterable<Readonly<Partial<Record<K, number>>>>,
  keys: readonly K[],
): Generator<number> {
  for (const row of rows) for (const key of keys) yield row[key] ?? Number.NaN;
}

/** A linear axis from 0 up to the smallest round number at least `top` that 2 to 5 round steps reach. */
export function linearAxisFrom0(top: number | null): Axis {
  if (top === null || !Number.isFinite(top) || top <= 0) {
    return { scale: 'linear', domain: [0, 1], ticks: top === null ? [] : [0, 1], empty: top === null };
  }
  const power = 10 ** Math.floor(Math.log10(top / MAX_STEPS));
  let best = { end: Number.POSITIVE_INFINITY, step: 1, steps: 1 };
  for (const scale of [1, 10]) {
    for (const nice of NICE_STEPS) {
      const step = nice * scale * power;
      const steps = Math.max(MIN_STEPS, Math.ceil(top / step - 1e-9));
      const end = step * steps;
      // The lowest top wins; between equal tops, the one with more ticks.
      if (
        steps <= MAX_STEPS &&
        (end < best.end * (1 - 1e-9) || (end <= best.end * (1 + 1e-9) && steps > best.steps))
      ) {
        best = { end, step, steps };
      }
    }
  }
  const ticks = Array.from({ length: best.steps + 1 }, (_, k) => Number((k * best.step).toPrecision(12)));
  return { scale: 'linear', domain: [0, ticks[best.steps] as number], ticks, empty: false };
}

/**
 * The lowest decade a log axis reaches: 1e-324 is 0 in floating point, which a log scale cannot place (a
 * learning rate annealed over many thousands of epochs gets there).
 */
const LOWEST_POWER = -323;

/** Decades between a log axis's ticks: the fewest of these that leave at most LOG_TICKS ticks. */
const DECADE_STEPS = [1, 2, 3, 5, 10, 20, 50, 100];

/**
 * A log axis from the decade at or below `low` to the decade at or above `high` (both > 0), ticks on
 * decades; at least `decades` decades deep, room below for a value that is still to fall.
 */
export function logAxis(range: [number, number] | null, decades = 1): Axis {
  if (range === null) return { scale: 'log', domain: [0.1, 10], ticks: [], empty: true };
  const highPower = Math.max(
    Math.ceil(Math.log10(range[1])),
    Math.floor(Math.log10(range[0])) + 1,
    LOWEST_POWER + 1,
  );
  const lowPower = Math.max(
    LOWEST_POWER,
    Math.min(Math.floor(Math.log10(Math.max(range[0], 0))), highPower - decades),
  );
  const every =
    DECADE_STEPS.find((step) => Math.floor(highPower / step) - Math.ceil(lowPower / step) + 1 <= LOG_TICKS) ??
    Math.ceil((highPower - lowPower) / LOG_TICKS);
  // On round multiples of the step (1e-10, 1e-20, …), so the labels read as a sequence.
  const ticks: number[] = [];
  for (let power = Math.ceil(lowPower / every) * every; power <= highPower; power += every) {
    ticks.push(Number(`1e${power}`));
  }
  return { scale: 'log', domain: [Number(`1e${lowPower}`), Number(`1e${highPower}`)], ticks, empty: false };
}

/** Whether every finite value (of a log axis: every positive one) lies inside the axis. */
export function fitsInside(axis: Axis, values: Iterable<number>): boolean {
  const [low, high] = axis.domain;
  for (const value of values) {
    if (!Number.isFinite(value) || (axis.scale === 'log' && value <= 0)) continue;
    if (value < low || value > high) return false;
  }
  return true;
}

/**
 * The axis widened to take `values`, with room to spare so that a run that keeps rising (or, on a log
 * axis, falling) moves it seldom: half as much again above the top, three decades below the bottom. An axis
 * fitted to nothing is replaced by one fitted to the values.
 */
export function extendAxis(axis: Axis, values: Iterable<number>): Axis {
  const range = finiteRange(values, axis.scale === 'log');
  if (range === null) return axis;
  if (axis.scale === 'linear') {
    if (axis.empty) return linearAxisFrom0(range[1]);
    return range[1] > axis.domain[1] ? linearAxisFrom0(range[1] * 1.5) : axis;
  }
  if (axis.empty) return logAxis(range);
  const [low, high] = axis.domain;
  if (range[0] >= low && range[1] <= high) return axis;
  return logAxis([range[0] < low ? range[0] / 1000 : low, Math.max(high, range[1])]);
}

/** Whether two axes draw the same. */
export function sameAxis(a: Axis, b: Axis): boolean {
  return (
    a.scale === b.scale &&
    a.empty === b.empty &&
    a.domain[0] === b.domain[0] &&
    a.domain[1] === b.domain[1] &&
    a.ticks.length === b.ticks.length
  );
}
