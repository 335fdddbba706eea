import { describe, expect, it } from 'vitest';
import { extendAxis, fitsInside, linearAxisFrom0, logAxis, sameAxis, valuesOf } from './axes.ts';

describe('chart axes', () => {
  it('fits a linear axis from 0 to a round top with at most five round ticks', () => {
    expect(linearAxisFrom0(1109)).toMatchObject({ domain: [0, 1250], ticks: [0, 250, 500, 750, 1000, 1250] });
    expect(linearAxisFrom0(400)).toMatchObject({ domain: [0, 400], ticks: [0, 100, 200, 300, 400] });
    expect(linearAxisFrom0(0.37).ticks).toEqual([0, 0.1, 0.2, 0.3, 0.4]);
    for (const top of [0.0123, 7, 99, 101, 4321, 9.9e6]) {
      const axis = linearAxisFrom0(top);
      expect(axis.domain[1]).toBeGreaterThanOrEqual(top);
      expect(axis.domain[1]).toBeLessThan(top * 2);
      expect(axis.ticks.length).toBeLessThanOrEqual(6);
      expect(axis.ticks.at(-1)).toBe(axis.domain[1]);
    }
  });

  it('shows no ticks when fitted to nothing, and a unit axis for values that are all zero', () => {
    expect(linearAxisFrom0(null)).toMatchObject({ empty: true, ticks: [] });
    expect(linearAxisFrom0(0)).toMatchObject({ empty: false, domain: [0, 1] });
    expect(logAxis(null)).toMatchObject({ empty: true, ticks: [] });
  });

  it('fits a log axis to whole decades, with at most five decade ticks on round multiples', () => {
    expect(logAxis([0.003, 0.4])).toMatchObject({ domain: [0.001, 1], ticks: [0.001, 0.01, 0.1, 1] });
    expect(logAxis([5, 5]).domain).toEqual([1, 10]);
    // Room below: at least six decades under the top.
    expect(logAxis([0.5, 700], 6).domain).toEqual([0.001, 1000]);
    expect(logAxis([1e-9, 700], 6).domain).toEqual([1e-9, 1000]);
    const wide = logAxis([1e-44, 0.01]);
    expect(wide.domain).toEqual([1e-44, 0.01]);
    expect(wide.ticks.length).toBeLessThanOrEqual(5);
    expect(wide.ticks).toEqual([1e-40, 1e-30, 1e-20, 1e-10]);
  });

  it('ignores what cannot be drawn', () => {
    expect([...valuesOf([{ a: 1, b: 2 }, { a: 3 }], ['a', 'b'])]).toEqual([1, 2, 3, Number.NaN]);
    expect(fitsInside(logAxis([1, 10]), [0, 5, Number.NaN])).toBe(true);
  });

  it('only widens while training, with room to spare, and replaces an axis fitted to nothing', () => {
    const objective = linearAxisFrom0(400);
    expect(extendAxis(objective, [390, 12])).toBe(objective);
    const risen = extendAxis(objective, [450]);
    expect(risen.domain[1]).toBeGreaterThanOrEqual(675);
    expect(fitsInside(risen, [450])).toBe(true);
    expect(extendAxis(linearAxisFrom0(null), [420]).domain).toEqual([0, 500]);

    const distance = logAxis([0.01, 3]);
    expect(extendAxis(distance, [0.5])).toBe(distance);
    const fallen = extendAxis(distance, [0.004]);
    expect(fallen.domain).toEqual([1e-6, 10]);
    expect(extendAxis(logAxis(null), [0.2, 3]).domain).toEqual([0.1, 10]);
    expect(sameAxis(extendAxis(distance, []), distance)).toBe(true);
  });

  it('stops a log axis at 1e-323, the lowest decade a number reaches', () => {
    // 5e-324 is the smallest positive number; a thousandth of it is 0.
    expect(logAxis([5e-324, 0.1]).domain).toEqual([1e-323, 0.1]);
    expect(extendAxis(logAxis([1e-300, 0.1]), [5e-324]).domain).toEqual([1e-323, 0.1]);
  });
});
