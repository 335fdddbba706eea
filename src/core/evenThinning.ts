/**
 * Thinning a growing series evenly over its whole extent, by position (an epoch, or a place on the epoch
 * axis) rather than by index: the kept samples lie on a grid of one sample per interval
 * [k·spacing, (k+1)·spacing), and the spacing doubles whenever more than a cap would stay. A sample kept once
 * is dropped only when the spacing doubles, never resampled by its index, so old and new stretches of a
 * run stay equally dense however many messages the series grew by.
 */

/** The spacing a series starts from: finer than any two samples of a run lie apart, so all are kept at first. */
export const FINEST_SPACING = 2 ** -20;

/** The indices a thinning keeps, and the spacing it reached (the next thinning of the series starts there). */
export interface EvenPick {
  readonly indices: number[];
  readonly spacing: number;
}

/**
 * Picks of `count` samples at ascending positions (`positionAt(index)`, none negative) the first in each
 * interval [k·spacing, (k+1)·spacing) and the newest, doubling the spacing until at most `cap` (at least 2)
 * stay.
 * The spacing must be the one the series was last thinned with: it only grows, which keeps the grid of
 * what was kept before.
 */
export function pickEvenly(
  count: number,
  positionAt: (index: number) => number,
  spacing: number,
  cap: number,
): EvenPick {
  // Two always fit once the spacing outgrows the series: all of it lies in the first interval.
  const limit = Math.max(2, cap);
  let current = spacing;
  for (;;) {
    const indices: number[] = [];
    let lastInterval = Number.NEGATIVE_INFINITY;
    for (let index = 0; index < count; index++) {
      // Dividing by a power of two is exact, so a position falls in the same interval at every spacing.
      const interval = Math.floor(positionAt(index) / current);
      if (interval > lastInterval) {
        indices.push(index);
        lastInterval = interval;
      }
    }
    if (count > 0 && indices[indices.length - 1] !== count - 1) indices.push(count - 1);
    // A negative position would never join the first interval: stop once the spacing cannot grow.
    if (indices.length <= limit || !Number.isFinite(current * 2)) return { indices, spacing: current };
    current *= 2;
  }
}

/** A series of samples kept evenly by position, `width` numbers per sample in `values`. */
export interface EvenSeries {
  /** Ascending positions of the kept samples. */
  readonly positions: readonly number[];
  readonly values: readonly number[];
  /** The spacing of the grid the samples are kept on (see `pickEvenly`). */
  readonly spacing: number;
}

/** A series with nothing kept yet. */
export function emptyEvenSeries(): EvenSeries {
  return { positions: [], values: [], spacing: FINEST_SPACING };
}

/**
 * `series` followed by `fresh` samples (ascending positions, `width` values each), thinned evenly to at most
 * `cap`. Kept samples at or after the first fresh position are replaced: the run went back there.
 */
export function appendEvenly(
  series: EvenSeries,
  fresh: { readonly positions: ArrayLike<number>; readonly values: ArrayLike<number> },
  cap: number,
  width = 1,
): EvenSeries {
  const freshCount = fresh.positions.length;
  if (freshCount === 0) return series;
  const firstFresh = fresh.positions[0] as number;
  let keptCount = series.positions.length;
  while (keptCount > 0 && (series.positions[keptCount - 1] as number) >= firstFresh) keptCount--;
  const positionAt = (index: number) =>
    index < keptCount ? (series.positions[index] as number) : (fresh.positions[index - keptCount] as number);
  const { indices, spacing } = pickEvenly(keptCount + freshCount, positionAt, series.spacing, cap);
  const positions = new Array<number>(indices.length);
  const values = new Array<number>(indices.length * width);
  indices.forEach((index, k) => {
    positions[k] = positionAt(index);
    for (let j = 0; j < width; j++) {
      values[k * width + j] =
        index < keptCount
          ? (series.values[index * width + j] as number)
          : (fresh.values[(index - keptCount) * width + j] as number);
    }
  });
  return { positions, values, spacing };
}

/** The samples of `series` at or before `position` (a rewind to that place); the spacing stays. */
export function keepThrough(series: EvenSeries, position: number, width = 1): EvenSeries {
  let count = series.positions.length;
  while (count > 0 && (series.positions[count - 1] as number) > position) count--;
  if (count === series.positions.length) return series;
  return {
    positions: series.positions.slice(0, count),
    values: series.values.slice(0, count * width),
    spacing: series.spacing,
  };
}

/**
 * `items` (ascending by `positionOf`) thinned evenly to at most `cap`, from the spacing they were last
 * thinned with. The grid applies below the cap too: a stretch kept densely until the cap is reached would
 * make the newest epochs look denser than the old ones.
 */
export function thinEvenly<T>(
  items: readonly T[],
  positionOf: (item: T) => number,
  spacing: number,
  cap: number,
): { readonly items: readonly T[]; readonly spacing: number } {
  const pick = pickEvenly(items.length, (index) => positionOf(items[index] as T), spacing, cap);
  if (pick.indices.length === items.length) return { items, spacing: pick.spacing };
  return { items: pick.indices.map((index) => items[index] as T), spacing: pick.spacing };
}

/**
 * Appends `item` to `items` (kept evenly by `positionOf` on a grid of `spacing`) in place, in constant time
 * unless the cap forces a wider grid, and returns the spacing now in force. The previous newest goes when
 * it does not open its interval of the grid.
 */
export function pushEvenly<T>(
  items: T[],
  item: T,
  positionOf: (item: T) => number,
  spacing: number,
  cap: number,
): number {
  items.push(item);
  const count = items.length;
  if (count >= 3) {
    const interval = (index: number) => Math.floor(positionOf(items[index] as T) / spacing);
    if (interval(count - 2) === interval(count - 3)) items.splice(count - 2, 1);
  }
  if (items.length <= Math.max(2, cap)) return spacing;
  const pick = pickEvenly(items.length, (index) => positionOf(items[index] as T), spacing, cap);
  const kept = pick.indices.map((index) => items[index] as T);
  items.splice(0, items.length, ...kept);
  return pick.spacing;
}
