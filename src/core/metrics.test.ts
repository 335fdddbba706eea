import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PointSet } from './datasets.ts';
import { createLinearModel } from './linearModel.ts';
import {
  addPenaltyGradient,
  downsampleIndices,
  evaluate,
  finiteRange,
  penaltyPerExample,
} from './metrics.ts';
import type { Model } from './model.ts';
import { objectiveNames, objectives } from './objectives.ts';

/** A model whose score is simply the point's x1, so a test can choose every score exactly. */
function scoreIsX1(): Model {
  return {
    label: 'x1',
    weights: new Float64Array(0),
    parameterLabels: [],
    penalized: new Uint8Array(0),
    score: (x1) => x1,
    scoreAll(x, out) {
      for (let i = 0; i < out.length; i++) out[i] = x[2 * i]!;
    },
    batchGradient: () => 0,
  };
}

function pointsWithScores(scores: readonly number[], labels: readonly number[]): PointSet {
  const x = new Float64Array(2 * scores.length);
  scores.forEach((s, i) => (x[2 * i] = s));
  return { x, y: Float64Array.from(labels) };
}

describe('evaluate', () => {
  it('counts sign(0) as wrong, for either label', () => {
    const points = pointsWithScores([1, -1, 0, 2, 0, -3], [1, 1, 1, -1, -1, -1]);
    // Right: the first (1, +1) and the last (−3, −1). Wrong: a miss, two zeros, and (2, −1).
    expect(evaluate(scoreIsX1(), points, objectives.hinge).accuracy).toBe(2 / 6);
  });

  it('gives zero accuracy to the zero-weight linear model, whose every score is 0', () => {
    const points = pointsWithScores([1, 2, 3, 4], [1, -1, 1, -1]);
    const result = evaluate(createLinearModel(), points, objectives.logistic);
    expect(result.accuracy).toBe(0);
    expect(result.objective).toBeCloseTo(4 * Math.LN2, 14);
  });

  it('sums the loss and counts s·y > 0 over every point, whatever the scratch buffer', () => {
    const example = fc.record({
      score: fc.double({ min: -20, max: 20, noNaN: true }),
      y: fc.constantFrom(-1, 1),
    });
    fc.assert(
      fc.property(
        fc.array(example, { minLength: 1, maxLength: 60 }),
        fc.constantFrom(...objectiveNames),
        fc.nat(5),
        (rows, name, extraScratch) => {
          const points = pointsWithScores(
            rows.map((r) => r.score),
            rows.map((r) => r.y),
          );
          const objective = objectives[name];
          const expectedObjective = rows.reduce((sum, r) => sum + objective.loss(r.score, r.y), 0);
          const expectedCorrect = rows.filter((r) => Math.sign(r.score) === r.y).length;
          const scratch = new Float64Array(rows.length + extraScratch);
          for (const result of [
            evaluate(scoreIsX1(), points, objective),
            evaluate(scoreIsX1(), points, objective, scratch),
          ]) {
            expect(result.objective).toBeCloseTo(expectedObjective, 9);
            expect(result.accuracy).toBe(expectedCorrect / rows.length);
          }
        },
      ),
    );
  });

  it('returns zeros, not NaN, for an empty set', () => {
    const result = evaluate(createLinearModel([1, 1, 1]), pointsWithScores([], []), objectives.squared);
    expect(result).toEqual({ objective: 0, accuracy: 0 });
  });
});

describe('L2 penalty', () => {
  it('is (λ/2)·‖w_pen‖² per example, leaving out the parameters not flagged (the bias)', () => {
    expect(penaltyPerExample([3, 4, 100], Uint8Array.of(1, 1, 0), 0.5)).toBe(0.25 * 25);
    expect(penaltyPerExample([3, 4, 100], Uint8Array.of(1, 1, 0), 0)).toBe(0);
  });

  it('adds count·λ·w_pen to a summed gradient, and nothing at all for λ = 0', () => {
    const gradient = Float64Array.of(1, 2, 3);
    addPenaltyGradient(gradient, [3, 4, 100], Uint8Array.of(1, 1, 0), 0.5, 10);
    expect(Array.from(gradient)).toEqual([1 + 15, 2 + 20, 3]);
    const untouched = Float64Array.of(-0, 2, 3);
    addPenaltyGradient(untouched, [3, 4, 100], Uint8Array.of(1, 1, 0), 0, 10);
    expect(Object.is(untouched[0], -0)).toBe(true);
  });

  it('is the derivative of the penalty: a central difference of count·penalty matches', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: 3, maxLength: 3 }),
        fc.double({ min: 0, max: 3, noNaN: true }),
        fc.integer({ min: 1, max: 50 }),
        (weights, l2, count) => {
          const penalized = Uint8Array.of(1, 1, 0);
          const gradient = new Float64Array(3);
          addPenaltyGradient(gradient, weights, penalized, l2, count);
          weights.forEach((_, j) => {
            const shifted = (delta: number) => weights.map((w, k) => (k === j ? w + delta : w));
            const step = 1e-4;
            const numeric =
              (count * penaltyPerExample(shifted(step), penalized, l2) -
                count * penaltyPerExample(shifted(-step), penalized, l2)) /
              (2 * step);
            expect(Math.abs(gradient[j]! - numeric)).toBeLessThanOrEqual(
              1e-6 * Math.max(1, Math.abs(numeric)),
            );
          });
        },
      ),
    );
  });

  it('enters evaluate as m·(λ/2)·‖w_pen‖² over m points, and leaves accuracy and λ = 0 alone', () => {
    const points = pointsWithScores([1, -2, 0.5], [1, 1, -1]);
    const model = createLinearModel([0.5, -1, 0.25]);
    const plain = evaluate(model, points, objectives.logistic);
    expect(evaluate(model, points, objectives.logistic, undefined, 0)).toEqual(plain);
    const regularised = evaluate(model, points, objectives.logistic, undefined, 0.2);
    expect(regularised.accuracy).toBe(plain.accuracy);
    expect(regularised.objective).toBeCloseTo(plain.objective + 3 * 0.1 * (0.25 + 1), 14);
  });
});

describe('finiteRange', () => {
  it('spans the finite values only, or only the positive ones, and is null for none', () => {
    expect(finiteRange([3, Number.NaN, -1, Number.POSITIVE_INFINITY])).toEqual([-1, 3]);
    expect(finiteRange([0, -2, 5], true)).toEqual([5, 5]);
    expect(finiteRange([])).toBeNull();
  });
});

describe('downsampleIndices', () => {
  it('keeps the first and the last, at most maxPoints, strictly increasing, within range', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20_000 }),
        fc.integer({ min: 2, max: 1000 }),
        (length, maxPoints) => {
          const indices = downsampleIndices(length, maxPoints);
          expect(indices).toHaveLength(Math.min(length, maxPoints));
          expect(indices[0]).toBe(0);
          expect(indices.at(-1)).toBe(length - 1);
          for (let k = 1; k < indices.length; k++) {
            if (!(indices[k]! > indices[k - 1]!))
              throw new Error(`not increasing at ${k}: ${indices.join()}`);
          }
          expect(indices.every((i) => Number.isInteger(i) && i >= 0 && i < length)).toBe(true);
        },
      ),
    );
  });

  it('keeps every index when the series is short enough', () => {
    expect(downsampleIndices(5, 5)).toEqual([0, 1, 2, 3, 4]);
    expect(downsampleIndices(3, 300)).toEqual([0, 1, 2]);
    expect(downsampleIndices(0, 300)).toEqual([]);
  });

  it('spreads the kept indices evenly', () => {
    // 101 values into 11 points: every tenth.
    expect(downsampleIndices(101, 11)).toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
  });

  it('keeps the newest value when only one point is allowed, and none when none is', () => {
    expect(downsampleIndices(50, 1)).toEqual([49]);
    expect(downsampleIndices(50, 0)).toEqual([]);
  });
});
