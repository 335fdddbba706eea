import { describe, expect, it } from 'vitest';
import { generateDataset } from './datasets.ts';
import { decayForHalfLife, IterateAverages } from './iterateAverages.ts';
import { createLinearModel } from './linearModel.ts';
import { objectives } from './objectives.ts';
import { findOptimum } from './optimum.ts';
import { createShuffler, type PermutationSource } from './random.ts';
import { createSampler } from './sampling.ts';
import { SgdStepper } from './sgd.ts';
import { curvatureAndNoiseAtOptimum, predictStationarySpread } from './stationaryPrediction.ts';

describe('IterateAverages', () => {
  it('keeps the running mean of the iterates from the tail start on, exactly', () => {
    const averages = new IterateAverages(2, { tailStart: 3, decay: 0.5 });
    expect(averages.tailAverage).toBeNull();
    averages.observe(1, [100, -100]);
    averages.observe(2, [50, 50]);
    expect(averages.tailAverage).toBeNull();
    averages.observe(3, [1, 2]);
    averages.observe(4, [3, 6]);
    averages.observe(5, [5, 1]);
    expect(Array.from(averages.tailAverage ?? [])).toEqual([3, 3]);
    expect(averages.tailCount).toBe(3);
  });

  it('keeps the exponential moving average from its first iterate: w̄ ← β·w̄ + (1 − β)·w', () => {
    const averages = new IterateAverages(2, { tailStart: 1, decay: 0.75 });
    expect(averages.movingAverage).toBeNull();
    averages.observe(1, [4, -8]);
    expect(Array.from(averages.movingAverage ?? [])).toEqual([4, -8]);
    averages.observe(2, [8, 0]);
    expect(Array.from(averages.movingAverage ?? [])).toEqual([5, -6]);
    averages.observe(3, [1, -2]);
    expect(Array.from(averages.movingAverage ?? [])).toEqual([4, -5]);
    expect(averages.movingCount).toBe(3);
  });

  it('restarts the tail alone, and resets both', () => {
    const averages = new IterateAverages(1, { tailStart: 1, decay: 0.5 });
    averages.observe(1, [10]);
    averages.observe(2, [20]);
    averages.restartTail(4);
    expect(averages.tailAverage).toBeNull();
    expect(Array.from(averages.movingAverage ?? [])).toEqual([15]);
    averages.observe(3, [30]);
    averages.observe(4, [40]);
    expect(Array.from(averages.tailAverage ?? [])).toEqual([40]);
    averages.reset(1);
    expect(averages.tailAverage).toBeNull();
    expect(averages.movingAverage).toBeNull();
    averages.observe(5, [7]);
    expect(Array.from(averages.tailAverage ?? [])).toEqual([7]);
    expect(Array.from(averages.movingAverage ?? [])).toEqual([7]);
  });

  it('halves the weight of an iterate every half-life', () => {
    expect(decayForHalfLife(1)).toBe(0.5);
    expect(decayForHalfLife(100) ** 100).toBeCloseTo(0.5, 14);
    expect(() => decayForHalfLife(0)).toThrow(RangeError);
    expect(() => new IterateAverages(2, { tailStart: 0, decay: 0.5 })).toThrow(RangeError);
    expect(() => new IterateAverages(2, { tailStart: 1, decay: 1 })).toThrow(RangeError);
    expect(() => new IterateAverages(2, { tailStart: 1, decay: 0.5 }).observe(1, [1])).toThrow(RangeError);
  });
});

describe('averaging cures the noise floor (squared objective, constant lr·λ_max = 0.1, B = 1, N = 1,000)', () => {
  const data = generateDataset({
    kind: 'overlapping',
    points: 1429,
    noise: 0.3,
    trainFraction: 0.7,
    seed: 1,
  });
  const objective = objectives.squared;
  const optimum = findOptimum(createLinearModel(), data.train, objective, 0);
  if (optimum.kind !== 'minimum') throw new Error('the squared objective has a w*');
  const measured = curvatureAndNoiseAtOptimum(createLinearModel(), data.train, objective, 0, optimum);
  const prediction = predictStationarySpread(measured, 0.01, 1);
  if (prediction.kind !== 'prediction') throw new Error(prediction.reason);
  const learningRate = 0.1 / prediction.largestCurvature;

  const squaredDistance = (weights: ArrayLike<number>) =>
    optimum.weights.reduce((sum, value, j) => sum + (weights[j]! - value) ** 2, 0);

  /** ‖w − w*‖² ÷ ‖w̄ − w*‖² after 10,000 updates from w = 0, for the tail average from update 1,001 and the EMA. */
  function improvement(order: PermutationSource): { tail: number; moving: number } {
    const model = createLinearModel();
    const hyperparameters = { learningRate, annealingRate: 1, batchSize: 1, epochs: 1_000 };
    const stepper = new SgdStepper(model, data, objective, hyperparameters, order);
    const averages = new IterateAverages(3, { tailStart: 1_001, decay: decayForHalfLife(1_000) });
    stepper.runBatches(10_000, () => averages.observe(stepper.updates, model.weights));
    const last = squaredDistance(model.weights);
    return {
      tail: last / squaredDistance(averages.tailAverage ?? []),
      moving: last / squaredDistance(averages.movingAverage ?? []),
    };
  }

  const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const seeds = [1, 2, 3, 4, 5];

  it('puts the tail average ≥ 10 × closer to w* in squared distance than the last iterate (median of 5 seeds)', () => {
    const withReplacement = seeds.map((seed) => improvement(createSampler('withReplacement', seed)));
    const reshuffled = seeds.map((seed) => improvement(createShuffler(seed)));
    const tail = median(withReplacement.map((result) => result.tail));
    const moving = median(withReplacement.map((result) => result.moving));
    const tailReshuffled = median(reshuffled.map((result) => result.tail));
    expect(tail).toBeGreaterThanOrEqual(10);
    expect(moving).toBeGreaterThanOrEqual(10);
    expect(tailReshuffled).toBeGreaterThanOrEqual(10);
  });
});
