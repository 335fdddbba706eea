import { describe, expect, it } from 'vitest';
import {
  defaultReachTarget,
  examplesSeen,
  fastestPerBatchSize,
  firstReach,
  fitStepsExamples,
  fittedSteps,
} from './criticalBatch.ts';
import { createRandom } from './random.ts';
import type { SweepCell, SweepResult } from './sweep.ts';
import type { UpdateTrace } from './updateTrace.ts';

function trace(updates: number[], lowestObjective: number[], highestAccuracy: number[]): UpdateTrace {
  return {
    updatesPerEpoch: 10,
    every: 1,
    relativeGap: 0.05,
    updates,
    lowestObjective,
    highestAccuracy,
    resolution: 1,
  };
}

function cell(index: number, learningRate: number, batchSize: number): SweepCell {
  return {
    index,
    learningRateIndex: 0,
    batchSizeIndex: 0,
    annealingRateIndex: 0,
    learningRate,
    batchSize,
    annealingRate: 1,
  };
}

function result(index: number, batchSize: number, updateTrace: UpdateTrace): SweepResult {
  return { index, batchSize, updateTrace } as unknown as SweepResult;
}

describe('firstReach', () => {
  const run = trace([0, 2, 4, 6], [0.69, 0.5, 0.4, 0.3], [0, 0.6, 0.8, 0.9]);
  it('finds the first evaluation at or under an objective target, with the one before it', () => {
    expect(firstReach(run, { kind: 'objective', value: 0.4 })).toEqual({ updates: 4, before: 2 });
    expect(firstReach(run, { kind: 'objective', value: 0.45 })).toEqual({ updates: 4, before: 2 });
    expect(firstReach(run, { kind: 'objective', value: 0.29 })).toBeNull();
    expect(firstReach(run, { kind: 'objective', value: 0.7 })).toEqual({ updates: 0, before: 0 });
  });
  it('finds the first evaluation at or over an accuracy target', () => {
    expect(firstReach(run, { kind: 'accuracy', value: 0.6 })).toEqual({ updates: 2, before: 0 });
    expect(firstReach(run, { kind: 'accuracy', value: 0.95 })).toBeNull();
  });
});

describe('examplesSeen', () => {
  it('counts whole epochs of N and B per update, the last batch of an epoch shorter', () => {
    // N = 140, B = 16: 9 updates per epoch, the ninth of 12 examples.
    expect(examplesSeen(8, 16, 140)).toBe(128);
    expect(examplesSeen(9, 16, 140)).toBe(140);
    expect(examplesSeen(11, 16, 140)).toBe(172);
    expect(examplesSeen(5, 140, 140)).toBe(700);
    expect(examplesSeen(300, 1, 140)).toBe(300);
  });
});

describe('fitStepsExamples', () => {
  it('recovers S_min and E_min exactly from points on the curve', () => {
    const fit = { minSteps: 40, minExamples: 1200 };
    const points = [1, 4, 16, 64].map((batchSize) => {
      const steps = fittedSteps(fit, batchSize);
      return { steps, examples: batchSize * steps };
    });
    const fitted = fitStepsExamples(points);
    expect(fitted.kind).toBe('fit');
    if (fitted.kind !== 'fit') return;
    expect(fitted.minSteps).toBeCloseTo(40, 9);
    expect(fitted.minExamples).toBeCloseTo(1200, 7);
    expect(fitted.criticalBatch).toBeCloseTo(30, 9);
  });

  it('recovers S_min and E_min within 5 % from points with 5 % noise', () => {
    // Batch sizes as a sweep takes them, fourfold from 1 to the full batch of N = 4,000; S off by a normal
    // relative error of sd 5 %.
    const random = createRandom(2018);
    const truth = { minSteps: 200, minExamples: 6000 };
    const points = [1, 4, 16, 64, 256, 1024, 4000].map((batchSize) => {
      const steps = fittedSteps(truth, batchSize) * (1 + 0.05 * random.normal());
      return { steps, examples: batchSize * steps };
    });
    const fitted = fitStepsExamples(points);
    if (fitted.kind !== 'fit') throw new Error(fitted.reason);
    expect(Math.abs(fitted.minSteps / truth.minSteps - 1)).toBeLessThan(0.05);
    expect(Math.abs(fitted.minExamples / truth.minExamples - 1)).toBeLessThan(0.05);
    expect(Math.abs(fitted.criticalBatch / 30 - 1)).toBeLessThan(0.1);
  });

  it('says why there is no fit: too few batch sizes, or no trade-off', () => {
    expect(fitStepsExamples([])).toEqual({ kind: 'none', reason: 'no batch size reached the target' });
    expect(fitStepsExamples([{ steps: 10, examples: 40 }])).toEqual({
      kind: 'none',
      reason: 'only one batch size reached the target: a curve needs two',
    });
    // Larger batches taking more updates: E_min < 0.
    const rising = fitStepsExamples([
      { steps: 10, examples: 10 },
      { steps: 20, examples: 80 },
    ]);
    expect(rising.kind).toBe('none');
    // The same updates at every batch size: S = S_min, E_min = 0.
    const flat = fitStepsExamples([
      { steps: 10, examples: 10 },
      { steps: 10, examples: 40 },
    ]);
    expect(flat.kind).toBe('none');
    if (flat.kind === 'none') expect(flat.reason).toContain('do not show the trade-off');
  });
});

describe('fastestPerBatchSize', () => {
  const cells = [cell(0, 0.1, 1), cell(1, 1, 1), cell(2, 0.1, 4), cell(3, 1, 4), cell(4, 0.1, 16)];
  const results = [
    result(0, 1, trace([0, 10, 20, 30], [0.7, 0.5, 0.4, 0.3], [0, 0.5, 0.6, 0.7])),
    result(1, 1, trace([0, 5, 10], [0.7, 0.45, 0.35], [0, 0.7, 0.8])),
    result(2, 4, trace([0, 3, 6, 9], [0.7, 0.6, 0.5, 0.38], [0, 0.5, 0.6, 0.7])),
    result(3, 4, trace([0, 2], [0.7, 0.69], [0, 0.1])),
    result(4, 16, trace([0, 1, 2], [0.7, 0.6, 0.55], [0, 0.4, 0.5])),
  ];
  it('picks for each batch size the cell with the fewest updates to the target', () => {
    const found = fastestPerBatchSize(cells, results, { kind: 'objective', value: 0.4 }, 140);
    expect(found.points).toEqual([
      {
        cellIndex: 1,
        batchSize: 1,
        learningRate: 1,
        annealingRate: 1,
        steps: 10,
        stepsBefore: 5,
        exact: false,
        examples: 10,
      },
      {
        cellIndex: 2,
        batchSize: 4,
        learningRate: 0.1,
        annealingRate: 1,
        steps: 9,
        stepsBefore: 6,
        exact: false,
        examples: 36,
      },
    ]);
    expect(found.unreached).toEqual([16]);
    expect(found.metAtStart).toEqual([]);
  });
  it('takes the exact S of the replayed cells in place of their trace’s bracket', () => {
    // Cell 0 reached 0.4 in (10, 20] and cell 1 in (5, 10]; replayed, cell 1 took 7 updates; cell 2, 8.
    const exact = new Map([
      [1, 7],
      [2, 8],
    ]);
    const found = fastestPerBatchSize(cells, results, { kind: 'objective', value: 0.4 }, 140, exact);
    expect(
      found.points.map(({ cellIndex, steps, stepsBefore, exact, examples }) => [
        cellIndex,
        steps,
        stepsBefore,
        exact,
        examples,
      ]),
    ).toEqual([
      [1, 7, 6, true, 7],
      [2, 8, 7, true, 32],
    ]);
  });
  it('sets apart batch sizes that met the target with their starting weights', () => {
    const found = fastestPerBatchSize(cells, results, { kind: 'objective', value: 0.7 }, 140);
    expect(found.points).toEqual([]);
    expect(found.metAtStart).toEqual([1, 4, 16]);
  });
  it('defaults to a value near the lowest objective that every improving batch size reached', () => {
    // The bests: 0.3 (B 1), 0.38 (B 4; B 4 at lr 1 barely moved), 0.55 (B 16).
    expect(defaultReachTarget(results, 'objective', 0.1)).toEqual({
      kind: 'objective',
      value: 0.55,
      basis: 'loosest',
    });
    const nearLowest = defaultReachTarget(results.slice(0, 4), 'objective', 0.3);
    expect(nearLowest?.basis).toBe('nearLowest');
    expect(nearLowest?.value).toBeCloseTo(0.39, 12);
    expect(defaultReachTarget(results.slice(0, 4), 'objective')).toEqual({
      kind: 'objective',
      value: 0.38,
      basis: 'loosest',
    });
    expect(defaultReachTarget(results, 'accuracy')).toEqual({
      kind: 'accuracy',
      value: 0.5,
      basis: 'loosest',
    });
    expect(defaultReachTarget([null], 'objective')).toBeNull();
  });
});
