import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateDataset } from './datasets.ts';
import {
  landscapeContours,
  landscapeSpan,
  chooseLandscapeRanges,
  computeLandscape,
  landscapeCellWeights,
  type Landscape,
} from './landscape.ts';
import { createLinearModel } from './linearModel.ts';
import { evaluate } from './metrics.ts';
import { objectives } from './objectives.ts';
import { findOptimum } from './optimum.ts';

const data = generateDataset({ kind: 'overlapping', points: 500, noise: 0.4, trainFraction: 0.8, seed: 5 });

/** The cell with the smallest value, and its (w₁, w₂). */
function lowestCell(landscape: Landscape): { row: number; column: number; weights: [number, number] } {
  let best = 0;
  landscape.values.forEach((value, cell) => {
    if (value < landscape.values[best]!) best = cell;
  });
  const { resolution, w1Range, w2Range } = landscape;
  const row = Math.floor(best / resolution);
  const column = best % resolution;
  return { row, column, weights: landscapeCellWeights(resolution, w1Range, w2Range, row, column) };
}

describe('computeLandscape', () => {
  for (const [name, l2] of [
    ['logistic', 0],
    ['squared', 0],
    ['logistic', 0.05],
  ] as const) {
    it(`has its lowest cell next to the exact optimum (${name}, λ = ${l2}), at the optimum's bias`, () => {
      const optimum = findOptimum(createLinearModel(), data.train, objectives[name], l2);
      if (optimum.kind !== 'minimum') throw new Error(optimum.note);
      const [o1, o2, bias] = optimum.weights;
      const model = createLinearModel([0.3, -0.2, bias!]);
      const resolution = 41;
      const ranges = chooseLandscapeRanges([model.weights], optimum.weights);
      const landscape = computeLandscape(model, data.train, objectives[name], l2, { resolution, ...ranges });
      const { weights } = lowestCell(landscape);
      const cell = (ranges.w1Range[1] - ranges.w1Range[0]) / resolution;
      expect(Math.abs(weights[0] - o1!)).toBeLessThanOrEqual(cell);
      expect(Math.abs(weights[1] - o2!)).toBeLessThanOrEqual(cell);
      expect(landscape.values.every(Number.isFinite)).toBe(true);
      expect(Array.from(model.weights)).toEqual([0.3, -0.2, bias]);
    });
  }

  it('equals evaluate (with L2) at every cell centre when all points are used, row 0 at top', () => {
    const model = createLinearModel([1, 2, -0.4]);
    const options = {
      resolution: 7,
      w1Range: [-2, 3] as [number, number],
      w2Range: [-1, 0.5] as [number, number],
    };
    for (const l2 of [0, 0.3]) {
      const landscape = computeLandscape(model, data.train, objectives.logistic, l2, {
        ...options,
        maxPoints: 10_000,
      });
      expect(landscape.values).toHaveLength(49);
      const probe = createLinearModel([0, 0, -0.4]);
      for (let row = 0; row < 7; row++) {
        for (let column = 0; column < 7; column++) {
          const [w1, w2] = landscapeCellWeights(7, options.w1Range, options.w2Range, row, column);
          probe.weights[0] = w1;
          probe.weights[1] = w2;
          const expected = evaluate(probe, data.train, objectives.logistic, undefined, l2).objective;
          expect(landscape.values[row * 7 + column]).toBe(Math.fround(expected));
        }
      }
    }
    expect(landscapeCellWeights(7, options.w1Range, options.w2Range, 0, 0)[1]).toBeGreaterThan(
      landscapeCellWeights(7, options.w1Range, options.w2Range, 6, 0)[1],
    );
    expect(Array.from(model.weights)).toEqual([1, 2, -0.4]);
  });

  it('scales a subsample to the whole set, so values stay comparable', () => {
    const big = generateDataset({
      kind: 'overlapping',
      points: 20_000,
      noise: 0.5,
      trainFraction: 0.5,
      seed: 8,
    });
    const model = createLinearModel([0.5, 0.5, 0]);
    const options = { resolution: 5, w1Range: [-1, 2] as const, w2Range: [-1, 2] as const };
    const full = computeLandscape(model, big.train, objectives.logistic, 0.1, { ...options, maxPoints: 1e9 });
    const sampled = computeLandscape(model, big.train, objectives.logistic, 0.1, options);
    full.values.forEach((value, cell) => {
      expect(Math.abs(sampled.values[cell]! - value)).toBeLessThan(0.05 * value);
    });
  });

  it('leaves the weights as they were, even for a model with more parameters', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: 3, maxLength: 3 }),
        fc.integer({ min: 1, max: 9 }),
        (weights, resolution) => {
          const model = createLinearModel(weights);
          const landscape = computeLandscape(model, data.train, objectives.hinge, 0.01, {
            resolution,
            w1Range: [-3, 3],
            w2Range: [-3, 3],
            maxPoints: 50,
          });
          expect(Array.from(model.weights)).toEqual(weights);
          expect(landscape.values).toHaveLength(resolution * resolution);
          expect(landscape.values.every(Number.isFinite)).toBe(true);
        },
      ),
      { numRuns: 50 },
    );
  });
});

describe('landscapeContours', () => {
  it('traces each level curve of a bowl on its circle, more of them near the minimum', () => {
    const resolution = 40;
    const values = new Float32Array(resolution * resolution);
    for (let row = 0; row < resolution; row++) {
      for (let column = 0; column < resolution; column++) {
        const x = -1 + ((column + 0.5) * 2) / resolution;
        const y = 1 - ((row + 0.5) * 2) / resolution;
        values[row * resolution + column] = x * x + y * y;
      }
    }
    const [low, high] = landscapeSpan(values) ?? [0, 0];
    const levels = Array.from({ length: 11 }, (_, k) => low + (high - low) * ((k + 1) / 12) ** 2);
    const segments = landscapeContours(values, resolution);
    expect(segments.length % 4).toBe(0);
    const found = new Set<number>();
    for (let s = 0; s < segments.length; s += 2) {
      const radius2 = (segments[s] as number) ** 2 + (segments[s + 1] as number) ** 2;
      // Every end lies on one of the levels, within the grid's linear interpolation.
      const nearest = levels.reduce(
        (best, level, k) =>
          Math.abs(level - radius2) < Math.abs((levels[best] as number) - radius2) ? k : best,
        0,
      );
      expect(Math.abs((levels[nearest] as number) - radius2)).toBeLessThan(0.01);
      found.add(nearest);
    }
    // The corners of the square reach above the top levels' circles only partly: every level is traced.
    expect(found.size).toBe(11);
  });

  it('has no curve on a flat or empty landscape', () => {
    expect(landscapeContours(new Float32Array(16).fill(3), 4)).toHaveLength(0);
    expect(landscapeSpan(new Float32Array([Number.NaN, 2, Number.POSITIVE_INFINITY]))).toBeNull();
  });
});

describe('chooseLandscapeRanges', () => {
  const pair = fc.tuple(
    fc.double({ min: -50, max: 50, noNaN: true }),
    fc.double({ min: -50, max: 50, noNaN: true }),
  );

  it('holds the start, every visited point and the optimum strictly inside one square window', () => {
    fc.assert(
      fc.property(fc.array(pair, { maxLength: 20 }), fc.option(pair, { nil: null }), (visited, optimum) => {
        const { w1Range, w2Range } = chooseLandscapeRanges(visited, optimum);
        const inside = ([w1, w2]: readonly [number, number]) =>
          w1Range[0] < w1 && w1 < w1Range[1] && w2Range[0] < w2 && w2 < w2Range[1];
        expect(inside([0, 0])).toBe(true);
        for (const point of visited) expect(inside(point)).toBe(true);
        if (optimum !== null) expect(inside(optimum)).toBe(true);
        const span1 = w1Range[1] - w1Range[0];
        expect(span1).toBeCloseTo(w2Range[1] - w2Range[0], 9);
        expect(span1).toBeGreaterThanOrEqual(1);
      }),
    );
  });

  it('ignores weights that are not finite and reads only the first two parameters', () => {
    const ranges = chooseLandscapeRanges([[Number.NaN, 3], Float64Array.of(1, 1, 1000)], null);
    expect(ranges.w1Range[1]).toBeLessThan(3);
    expect(ranges.w2Range[1]).toBeLessThan(3);
  });
});
