import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  appendEvenly,
  emptyEvenSeries,
  FINEST_SPACING,
  keepThrough,
  pickEvenly,
  pushEvenly,
  thinEvenly,
  type EvenSeries,
} from './evenThinning.ts';

const identity = (position: number) => position;

/** Epochs 1 … count. */
const epochs = (count: number) => Array.from({ length: count }, (_, k) => k + 1);

/** `series` grown by `positions` in pieces of the given sizes, each position's value its negative. */
function grow(positions: readonly number[], pieces: readonly number[], cap: number): EvenSeries {
  let series = emptyEvenSeries();
  let start = 0;
  for (const size of [...pieces, positions.length]) {
    const piece = positions.slice(start, start + size);
    start += piece.length;
    series = appendEvenly(series, { positions: piece, values: piece.map((p) => -p) }, cap);
  }
  return series;
}

/** The gaps between consecutive positions, less the last: the newest is kept however close it is. */
function gapsBeforeNewest(positions: readonly number[]): number[] {
  return positions.slice(1, -1).map((position, k) => position - (positions[k] as number));
}

describe('pickEvenly', () => {
  it('keeps the first of each interval and the newest, doubling the spacing until the cap holds', () => {
    expect(pickEvenly(10, (k) => k + 1, 1, 100)).toEqual({
      indices: epochs(10).map((e) => e - 1),
      spacing: 1,
    });
    // Epochs 1 … 10 at spacing 2 keep 1, 2, 4, 6, 8, 10 (six, over five); at spacing 4: 1, 4, 8 and 10.
    expect(pickEvenly(10, (k) => k + 1, 1, 5)).toEqual({ indices: [0, 3, 7, 9], spacing: 4 });
    expect(pickEvenly(0, identity, 1, 5)).toEqual({ indices: [], spacing: 1 });
    // Two: the first and the newest, once the spacing spans the whole series.
    expect(pickEvenly(10, (k) => k + 1, 1, 2)).toEqual({ indices: [0, 9], spacing: 16 });
  });

  it('never starts again below the spacing it is given', () => {
    // Ten epochs fit under the cap, but a series already on a grid of 4 stays on it.
    expect(pickEvenly(10, (k) => k + 1, 4, 100).indices).toEqual([0, 3, 7, 9]);
  });
});

describe('appendEvenly', () => {
  it('keeps the same samples however the series arrived, in one message or many', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0.001, max: 50, noNaN: true }), { minLength: 1, maxLength: 400 }),
        fc.array(fc.integer({ min: 1, max: 60 }), { maxLength: 30 }),
        fc.integer({ min: 2, max: 80 }),
        (steps, pieces, cap) => {
          // Ascending positions from positive steps.
          const positions = steps.map((_, k) => steps.slice(0, k + 1).reduce((sum, step) => sum + step, 0));
          const whole = grow(positions, [], cap);
          const split = grow(positions, pieces, cap);
          expect(split).toEqual(whole);
          expect(whole.positions.length).toBeLessThanOrEqual(cap);
          expect(whole.positions[0]).toBe(positions[0]);
          expect(whole.positions.at(-1)).toBe(positions.at(-1));
          expect(whole.values).toEqual(whole.positions.map((p) => -p));
        },
      ),
    );
  });

  it('spreads a long run evenly: the gaps before the newest differ by at most a factor of 2.5', () => {
    // 3,000 epochs of 14 batches each, fed in messages of five updates.
    const positions = Array.from({ length: 3000 * 14 }, (_, k) => (k + 1) / 14);
    const series = grow(positions, Array<number>(positions.length / 5).fill(5), 1000);
    const gaps = gapsBeforeNewest(series.positions);
    expect(series.spacing).toBe(4);
    expect(series.positions.length).toBe(751);
    expect(Math.max(...gaps) / Math.min(...gaps)).toBeLessThanOrEqual(2.5);
  });

  it('replaces kept samples at or after the first fresh one: the run went back there', () => {
    const series = grow([1, 2, 3, 4, 5], [], 100);
    const again = appendEvenly(series, { positions: [3.5, 4.5], values: [35, 45] }, 100);
    expect(again.positions).toEqual([1, 2, 3, 3.5, 4.5]);
    expect(again.values).toEqual([-1, -2, -3, 35, 45]);
  });

  it('keeps `width` values per sample together', () => {
    const series = appendEvenly(
      emptyEvenSeries(),
      { positions: [1, 2, 3, 4], values: [1, 10, 2, 20, 3, 30, 4, 40] },
      3,
      2,
    );
    expect(series).toEqual({ positions: [1, 2, 4], values: [1, 10, 2, 20, 4, 40], spacing: 2 });
  });
});

describe('keepThrough', () => {
  it('drops the samples after a position and keeps the spacing', () => {
    const series = grow(epochs(20), [], 8);
    expect(series.spacing).toBe(4);
    expect(keepThrough(series, 13)).toEqual({
      positions: [1, 4, 8, 12],
      values: [-1, -4, -8, -12],
      spacing: 4,
    });
    expect(keepThrough(series, 20)).toBe(series);
    expect(keepThrough({ positions: [0, 1], values: [5, 6, 7, 8], spacing: 1 }, 0.5, 2)).toEqual({
      positions: [0],
      values: [5, 6],
      spacing: 1,
    });
  });
});

describe('pushEvenly and thinEvenly', () => {
  it('keep, one record at a time, what thinning the whole list at once keeps', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3000 }), fc.integer({ min: 2, max: 200 }), (count, cap) => {
        const kept: { epoch: number }[] = [];
        let spacing = FINEST_SPACING;
        for (const epoch of epochs(count))
          spacing = pushEvenly(kept, { epoch }, (r) => r.epoch, spacing, cap);
        const whole = thinEvenly(
          epochs(count).map((epoch) => ({ epoch })),
          (r) => r.epoch,
          FINEST_SPACING,
          cap,
        );
        expect(kept).toEqual(whole.items);
        expect(spacing).toBe(whole.spacing);
      }),
      { numRuns: 60 },
    );
  });

  it('keep the grid below the cap once the spacing has grown', () => {
    const records = [1, 4, 8, 12, 13, 14, 15, 16, 17].map((epoch) => ({ epoch }));
    expect(thinEvenly(records, (r) => r.epoch, 4, 1000).items.map((r) => r.epoch)).toEqual([
      1, 4, 8, 12, 16, 17,
    ]);
  });
});
