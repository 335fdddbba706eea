/**
 * Random reshuffling against sampling with replacement, as Mishchenko, Khaled & Richtárik (2020, "Random
 * Reshuffling: Simple Analysis with Vast Improvements") predict: at a constant learning rate the end-of-epoch
 * distance to the optimum settles on a plateau that grows like lr with replacement and much faster with
 * reshuffling, whose every epoch visits each example once and so cancels most of the gradient noise.
 */
import { describe, expect, it } from 'vitest';
import { sharpness } from './curvature.ts';
import { createModel } from './models.ts';
import { objectives } from './objectives.ts';
import { findOptimum } from './optimum.ts';
import { buildRun, loadRunData, type RunSettings } from './run.ts';
import { samplingSchemeNames, type SamplingScheme } from './sampling.ts';

/** The squared objective on 200 training points (of 400), a linear model, batch size 1, constant rate. */
const base: RunSettings = {
  dataset: { kind: 'overlapping', points: 400, noise: 0.3, trainFraction: 0.5, seed: 1 },
  customPoints: null,
  model: { kind: 'linear', features: [] },
  engine: 'fast',
  objective: 'squared',
  l2: 0,
  hyperparameters: { learningRate: 0.1, annealingRate: 1, batchSize: 1, epochs: 1 },
};

/** lr·λ_max·N of the five runs: a factor 2 apart, from well below one epoch's worth of movement to above. */
const EPOCH_STEPS = [0.4, 0.8, 1.6, 3.2, 6.4];
/** Epochs left out while the weights reach their plateau from zero, then the epochs averaged over. */
const BURN_IN_EPOCHS = 200;
const MEASURED_EPOCHS = 400;

const data = loadRunData(base);
const trainCount = data.train.y.length;
const startModel = createModel(base.model, 0);
const curvature = sharpness(startModel, data.train, objectives.squared, 0);
const optimum = findOptimum(startModel, data.train, objectives.squared, 0);
if (curvature.kind === 'none' || optimum.kind !== 'minimum')
  throw new Error('the squared objective has both');
const lambdaMax = curvature.lambdaMax;
const optimumWeights = optimum.weights;
const learningRates = EPOCH_STEPS.map((steps) => steps / (lambdaMax * trainCount));

/** The end-of-epoch ‖w − w*‖², averaged over the measured epochs of a run at `learningRate`. */
function plateau(sampling: SamplingScheme, learningRate: number): number {
  const epochs = BURN_IN_EPOCHS + MEASURED_EPOCHS;
  const { stepper } = buildRun({
    ...base,
    sampling,
    hyperparameters: { ...base.hyperparameters, learningRate, epochs },
  });
  stepper.runBatches(Number.POSITIVE_INFINITY);
  expect(stepper.history).toHaveLength(epochs);
  let sum = 0;
  for (const record of stepper.history.slice(BURN_IN_EPOCHS)) {
    sum += record.weights.reduce((total, weight, j) => total + (weight - optimumWeights[j]!) ** 2, 0);
  }
  return sum / MEASURED_EPOCHS;
}

/** The least-squares slope of log y against log x. */
function logLogSlope(x: readonly number[], y: readonly number[]): number {
  const logX = x.map(Math.log);
  const logY = y.map(Math.log);
  const meanX = logX.reduce((a, b) => a + b, 0) / logX.length;
  const meanY = logY.reduce((a, b) => a + b, 0) / logY.length;
  let covariance = 0;
  let variance = 0;
  logX.forEach((value, i) => {
    covariance += (value - meanX) * (logY[i]! - meanY);
    variance += (value - meanX) ** 2;
  });
  return covariance / variance;
}

const plateaus = Object.fromEntries(
  samplingSchemeNames.map((scheme) => [scheme, learningRates.map((rate) => plateau(scheme, rate))]),
) as Record<SamplingScheme, number[]>;
const slopes = Object.fromEntries(
  samplingSchemeNames.map((scheme) => [scheme, logLogSlope(learningRates, plateaus[scheme])]),
) as Record<SamplingScheme, number>;

// The runs are seeded, so each figure below is one fixed number; the bounds are the paper's laws with room
// for the spread between seeds, which is far smaller than the gaps between the schemes.
describe('the plateau of the end-of-epoch distance to the optimum (squared objective, N = 200, B = 1)', () => {
  it('runs on 200 training points at five rates a factor 2 apart', () => {
    expect(trainCount).toBe(200);
    learningRates.slice(1).forEach((rate, k) => expect(rate / learningRates[k]!).toBeCloseTo(2, 12));
  });

  it('grows like lr with replacement: log–log slope between 0.8 and 1.2', () => {
    expect(slopes.withReplacement).toBeGreaterThan(0.8);
    expect(slopes.withReplacement).toBeLessThan(1.2);
  });

  it('grows at least like lr^1.6 with reshuffling', () => {
    expect(slopes.reshuffle).toBeGreaterThanOrEqual(1.6);
  });

  it('sits at least 10 × lower with reshuffling than with replacement at the smallest rate', () => {
    expect(plateaus.withReplacement[0]! / plateaus.reshuffle[0]!).toBeGreaterThanOrEqual(10);
  });

  it('in a fixed order, settles on a point whose distance grows like lr (squared: lr²)', () => {
    expect(slopes.fixedOrder).toBeGreaterThan(1.8);
    expect(slopes.fixedOrder).toBeLessThan(2.2);
  });

  it('at the smallest rate, sits lowest with reshuffling and highest with replacement', () => {
    const smallest = samplingSchemeNames.map((scheme) => plateaus[scheme][0]!);
    expect(Math.min(...smallest)).toBe(plateaus.reshuffle[0]);
    expect(Math.max(...smallest)).toBe(plateaus.withReplacement[0]);
  });
});
