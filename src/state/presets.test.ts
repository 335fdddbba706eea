import { describe, expect, it } from 'vitest';
import type { Hyperparameters } from '../core/hyperparameters.ts';
import { buildRun, type RunSettings } from '../core/run.ts';
import { suggestLearningRate } from '../core/safeRate.ts';
import { presetIds, presets, type PresetId } from './presets.ts';

/** A preset's run settings, as the training worker gets them with the fast engine, some hyperparameters changed. */
function presetSettings(id: PresetId, changes: Partial<Hyperparameters> = {}): RunSettings {
  const preset = presets[id];
  return {
    dataset: preset.dataset,
    customPoints: null,
    model: preset.model,
    engine: 'fast',
    objective: preset.objective,
    l2: preset.l2,
    hyperparameters: { ...preset.hyperparameters, ...changes },
  };
}

/** The run a preset starts, as the training worker builds it. */
function presetRun(id: PresetId) {
  return buildRun(presetSettings(id));
}

/** Trains a run of `settings` to its end, or until it diverges. */
function trained(settings: RunSettings) {
  const run = buildRun(settings);
  run.stepper.runBatches(Number.POSITIVE_INFINITY);
  return run.stepper;
}

/** A run of `settings` that diverges, and the rate the worker suggests then (as ActiveRun asks for it). */
function divergeAndSuggest(settings: RunSettings) {
  const { stepper, model } = buildRun(settings);
  const initialWeights = Array.from(model.weights);
  stepper.runBatches(Number.POSITIVE_INFINITY);
  return { stepper, initialWeights, suggestion: suggestLearningRate(stepper, settings, initialWeights) };
}

/** The largest eigenvalue of the Hessian of the MEAN squared objective of the linear model on [x1, x2, 1]. */
function largestCurvature(x: Float64Array, count: number): number {
  const hessian = [0, 0, 0, 0, 0, 0, 0, 0, 0];
  for (let i = 0; i < count; i++) {
    const features = [x[2 * i]!, x[2 * i + 1]!, 1];
    for (let a = 0; a < 3; a++) {
      for (let b = 0; b < 3; b++) hessian[3 * a + b]! += (2 * features[a]! * features[b]!) / count;
    }
  }
  let vector = [1, 1, 1];
  let value = 0;
  for (let iteration = 0; iteration < 200; iteration++) {
    const product = [0, 1, 2].map((a) =>
      [0, 1, 2].reduce((sum, b) => sum + hessian[3 * a + b]! * vector[b]!, 0),
    );
    value = Math.hypot(...product);
    vector = product.map((entry) => entry / value);
  }
  return value;
}

describe('the guided presets, trained in core for their epochs', () => {
  it.each(presetIds.filter((id) => id !== 'diverge'))('%s trains to its end without a divergence', (id) => {
    const { stepper } = presetRun(id);
    stepper.runBatches(Number.POSITIVE_INFINITY);
    expect(stepper.diverged).toBeNull();
    expect(stepper.epoch).toBe(presets[id].hyperparameters.epochs);
  });

  it('diverge: lr a little above 2/λ_max, so the objective climbs for nine epochs before the rule stops it', () => {
    const { stepper, data } = presetRun('diverge');
    const curvature = largestCurvature(data.train.x, data.train.y.length);
    // The numbers the preset's text gives.
    expect(curvature.toFixed(1)).toBe('20.4');
    expect((2 / curvature).toFixed(3)).toBe('0.098');
    const rate = presets.diverge.hyperparameters.learningRate;
    expect(rate).toBeGreaterThan(2 / curvature);
    expect(rate).toBeLessThan(1.05 * (2 / curvature));
    stepper.runBatches(Number.POSITIVE_INFINITY);
    const start = stepper.diverged?.objectiveRise?.start ?? Number.NaN;
    const objectives = [start, ...stepper.history.map((record) => record.objective)];
    expect(objectives[0]).toBe(140);
    expect(objectives).toHaveLength(10);
    // Every epoch higher than the one before, from 140 to over 10,000.
    for (let k = 1; k < objectives.length; k++) expect(objectives[k]).toBeGreaterThan(objectives[k - 1]!);
    expect(objectives.at(-1)).toBeGreaterThan(10_000);
    expect(stepper.diverged).toMatchObject({ epoch: 10, learningRate: rate });
    expect(stepper.diverged?.objectiveRise).toMatchObject({ limit: 14_000, lowest: 140 });
    // At 10 batches a second, four batches an epoch: four seconds of climbing before the stop.
    expect(presets.diverge.speed).toBe(10);
    expect(stepper.updates).toBe(40);
    expect(presets.diverge.watch).toContain('"Diverged at epoch 10"');
  });
});

describe('the rate suggested after the divergence preset converges on the same data', () => {
  const epochs = presets.diverge.hyperparameters.epochs;

  it('"Use lr": the suggestion trains the preset to 100 % test accuracy in its epochs', () => {
    const { stepper, suggestion } = divergeAndSuggest(presetSettings('diverge'));
    expect(stepper.diverged?.objectiveRise).toBeDefined();
    expect(suggestion).toBe(0.02);
    const fresh = trained(presetSettings('diverge', { learningRate: suggestion! }));
    expect(fresh.diverged).toBeNull();
    expect(fresh.epoch).toBe(epochs);
    expect(fresh.history.at(-1)?.testAccuracy).toBe(1);
  });

  it('"Rewind to the last good epoch": from epoch 9 with the suggestion it converges by its last epoch', () => {
    const { stepper, initialWeights, suggestion } = divergeAndSuggest(presetSettings('diverge'));
    stepper.rewindToLastEpoch(initialWeights);
    stepper.setHyperparameters({ learningRate: suggestion! });
    expect(stepper.epoch).toBe(9);
    stepper.runBatches(Number.POSITIVE_INFINITY);
    expect(stepper.diverged).toBeNull();
    expect(stepper.epoch).toBe(epochs);
    expect(stepper.history.at(-1)?.testAccuracy).toBeGreaterThanOrEqual(0.9);
  });

  it('at lr 0.5 and batch 10: not 0.1, which stays finite for epochs while it blows up, but 0.05', () => {
    const settings = presetSettings('diverge', { learningRate: 0.5, batchSize: 10, epochs: 50 });
    const { stepper, suggestion } = divergeAndSuggest(settings);
    expect(stepper.diverged).toMatchObject({ epoch: 1, batch: 9, reason: 'the weights exploded' });
    expect(stepper.diverged?.objectiveRise).toBeUndefined();
    expect(suggestion).toBe(0.05);
    const fresh = trained({
      ...settings,
      hyperparameters: { ...settings.hyperparameters, learningRate: 0.05 },
    });
    expect(fresh.diverged).toBeNull();
    expect(fresh.history.at(-1)?.testAccuracy).toBeGreaterThanOrEqual(0.9);
    // What a probe that only asked for finite numbers suggested: the slow blow-up rule stops it.
    const tooHigh = trained({
      ...settings,
      hyperparameters: { ...settings.hyperparameters, learningRate: 0.1 },
    });
    expect(tooHigh.diverged?.objectiveRise).toBeDefined();
  });
});
