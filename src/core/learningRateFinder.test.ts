import { describe, expect, it } from 'vitest';
import {
  FINDER_END_RATE,
  FINDER_RULE,
  FINDER_START_RATE,
  findLearningRate,
  rampRates,
  smoothBiasCorrected,
} from './learningRateFinder.ts';
import { findOptimum } from './optimum.ts';
import { buildRun, loadRunData } from './run.ts';
import type { SweepBase } from './sweep.ts';

const base: SweepBase = {
  dataset: { kind: 'overlapping', points: 200, noise: 0.3, trainFraction: 0.7, seed: 1 },
  customPoints: null,
  model: { kind: 'linear', features: [] },
  objective: 'squared',
  l2: 0,
  hyperparameters: { learningRate: 0.1, annealingRate: 1, batchSize: 10, epochs: 100 },
};

/** λ_max of the mean squared objective's Hessian (2/N)·Σ x xᵀ with x = [x1, x2, 1], by power iteration. */
function squaredSharpness(settings: SweepBase): number {
  const { x, y } = loadRunData(settings).train;
  const count = y.length;
  const hessian = [0, 0, 0, 0, 0, 0, 0, 0, 0];
  for (let i = 0; i < count; i++) {
    const row = [x[2 * i] as number, x[2 * i + 1] as number, 1];
    for (let a = 0; a < 3; a++) {
      for (let b = 0; b < 3; b++) hessian[3 * a + b]! += (2 / count) * row[a]! * row[b]!;
    }
  }
  const times = (v: number[]) =>
    [0, 1, 2].map((a) => [0, 1, 2].reduce((s, b) => s + hessian[3 * a + b]! * v[b]!, 0));
  let vector = [1, 1, 1];
  for (let k = 0; k < 1000; k++) {
    const next = times(vector);
    const norm = Math.hypot(...next);
    vector = next.map((value) => value / norm);
  }
  const image = times(vector);
  return vector.reduce((sum, value, a) => sum + value * image[a]!, 0);
}

describe('the learning-rate ramp', () => {
  it('runs from 1e-4 to 10 exactly, never growing more than 5 % a batch', () => {
    const rates = rampRates();
    expect(rates[0]).toBe(FINDER_START_RATE);
    expect(rates.at(-1)).toBe(FINDER_END_RATE);
    // ln(1e5) / ln(1.05) = 235.97…: 236 equal ratios, 237 batches.
    expect(rates).toHaveLength(237);
    for (let k = 1; k < rates.length; k++) {
      expect(rates[k]! / rates[k - 1]!).toBeLessThanOrEqual(1.05);
      expect(rates[k]! / rates[k - 1]!).toBeGreaterThan(1.0499);
    }
  });

  it('fits an exact ramp in its whole steps', () => {
    expect(rampRates(1, 100, 10)).toEqual([1, 10, 100]);
    expect(() => rampRates(1, 1, 1.05)).toThrow(RangeError);
  });

  it('records the rates of the ramp, batch by batch, in the run it stops', () => {
    const result = findLearningRate(base);
    expect(result.rates).toEqual(rampRates().slice(0, result.rates.length));
    expect(result.losses).toHaveLength(result.rates.length);
    expect(result.smoothed).toEqual(smoothBiasCorrected(result.losses));
  });
});

describe('the smoothing', () => {
  it('is a bias-corrected exponential moving average', () => {
    // β = 0.5: the averages 1, 2.5, 5.25 divided by 1 − 0.5, 1 − 0.25, 1 − 0.125.
    expect(smoothBiasCorrected([2, 4, 8], 0.5)).toEqual([2, 2.5 / 0.75, 5.25 / 0.875]);
    // A constant series stays itself from the first value: no pull towards the average's starting 0.
    const constant = smoothBiasCorrected([3, 3, 3, 3], 0.98);
    constant.forEach((value) => expect(value).toBeCloseTo(3, 12));
  });
});

describe('the finder on the squared objective, full batch, linear model', () => {
  // The mean objective's Hessian (2/N)·Σ x xᵀ does not depend on w: gradient descent diverges above 2/λ_max
  // wherever it starts.
  const fullBatch = (dataset: SweepBase['dataset']['kind']): SweepBase => ({
    ...base,
    dataset: { ...base.dataset, kind: dataset },
    hyperparameters: { ...base.hyperparameters, batchSize: 1_000_000 },
  });

  for (const dataset of ['overlapping', 'moons', 'separable'] as const) {
    it(`on ${dataset} data: blows up above 2/λ_max, suggests below it, and the suggestion converges`, () => {
      const settings = fullBatch(dataset);
      const limit = 2 / squaredSharpness(settings);
      const result = findLearningRate(settings);
      expect(result.batchSize).toBe(140);
      expect(result.stop).toBe('blewUp');
      expect(result.stoppedAt).toBeGreaterThan(limit);
      expect(result.suggestion).toBeLessThan(limit);
      expect(result.rule).toBe(FINDER_RULE);

      const run = buildRun({
        ...settings,
        engine: 'fast',
        hyperparameters: { learningRate: result.suggestion!, annealingRate: 1, batchSize: 140, epochs: 300 },
      });
      run.stepper.runBatches(Number.POSITIVE_INFINITY);
      const optimum = findOptimum(run.model, run.data.train, run.objective, 0);
      if (optimum.kind !== 'minimum') throw new Error('the squared objective has a minimiser');
      expect(run.stepper.diverged).toBeNull();
      expect(run.stepper.history.at(-1)!.objective).toBeCloseTo(optimum.objective, 6);
    });
  }
});

describe('the finder on other objectives', () => {
  it('is deterministic: the same settings find the same curve', () => {
    const settings = { ...base, objective: 'logistic' as const };
    expect(findLearningRate(settings)).toEqual(findLearningRate(settings));
  });

  it('batches as the run’s sampling scheme does: reshuffling by default, another scheme another curve', () => {
    const reference = findLearningRate(base).losses;
    expect(findLearningRate({ ...base, sampling: 'reshuffle' }).losses).toEqual(reference);
    for (const sampling of ['shuffleOnce', 'fixedOrder', 'withReplacement'] as const) {
      expect(findLearningRate({ ...base, sampling }).losses.slice(0, 20)).not.toEqual(reference.slice(0, 20));
    }
  });

  it('suggests nothing for the perceptron criterion, which is 0 at zero weights', () => {
    const result = findLearningRate({ ...base, objective: 'perceptron' });
    expect(result.suggestion).toBeNull();
    expect(result.stop).toBe('reachedEnd');
    expect(result.stoppedAt).toBeNull();
    expect(result.rule).toMatch(/objective is 0/);
  });

  it('counts the L2 term in each batch’s objective', () => {
    const plain = findLearningRate(base);
    const penalised = findLearningRate({ ...base, l2: 0.1 });
    // At zero weights the penalty is 0, so the first batch agrees; after an update it adds to the objective.
    expect(penalised.losses[0]).toBe(plain.losses[0]);
    expect(penalised.losses[1]).not.toBe(plain.losses[1]);
  });

  it('scales each batch’s mean loss to the training set: 140 at zero weights for the squared loss', () => {
    // (0 − y)² = 1 for every point, so the mean is 1 and the scaled objective is the training count.
    expect(findLearningRate(base).losses[0]).toBe(140);
  });
});
