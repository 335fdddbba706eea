/**
 * The predicted spread and floor against SGD itself: the stepper on the default data's kind, noise and split
 * at N = 1,000 training points, squared objective, linear model on [x1, x2, 1]. Every run has a fixed seed.
 */
import { describe, expect, it } from 'vitest';
import { generateDataset } from './datasets.ts';
import { createLinearModel } from './linearModel.ts';
import { objectives } from './objectives.ts';
import { findOptimum } from './optimum.ts';
import { createShuffler, type PermutationSource } from './random.ts';
import { createSampler } from './sampling.ts';
import { SgdStepper } from './sgd.ts';
import { isInsideEllipse } from './stationaryCovariance.ts';
import {
  curvatureAndNoiseAtOptimum,
  predictStationarySpread,
  type StationaryPrediction,
} from './stationaryPrediction.ts';

const data = generateDataset({ kind: 'overlapping', points: 1429, noise: 0.3, trainFraction: 0.7, seed: 1 });
const count = data.train.y.length;
const objective = objectives.squared;
const optimum = findOptimum(createLinearModel(), data.train, objective, 0);
const measured = curvatureAndNoiseAtOptimum(createLinearModel(), data.train, objective, 0, optimum);
if (optimum.kind !== 'minimum' || measured.kind !== 'measured')
  throw new Error('the squared objective has a w*');
const optimalWeights = optimum.weights;
/** Mean objective at w*. */
const optimalMean = optimum.objective / count;
const largestCurvature = predict(0.01, 1).largestCurvature;

/** Batches drawn independently and uniformly, with replacement: the prediction's assumption. */
function withReplacement(seed: number): PermutationSource {
  return createSampler('withReplacement', seed);
}

function predict(learningRate: number, batchSize: number): StationaryPrediction {
  const prediction = predictStationarySpread(measured, learningRate, batchSize);
  if (prediction.kind !== 'prediction') throw new Error(prediction.reason);
  return prediction;
}

/** A constant-rate run from w* (so the burn-in only has to forget the start, not travel). */
function startRun(learningRate: number, batchSize: number, order: PermutationSource): SgdStepper {
  const model = createLinearModel([], optimalWeights);
  const hyperparameters = { learningRate, annealingRate: 1, batchSize, epochs: 1_000_000 };
  return new SgdStepper(model, data, objective, hyperparameters, order);
}

/** The sample covariance's trace of a stream of iterates. */
class TraceOfCovariance {
  private readonly sum = new Float64Array(3);
  private readonly squares = new Float64Array(3);
  private count = 0;
  add(weights: Float64Array): void {
    for (let j = 0; j < 3; j++) {
      this.sum[j]! += weights[j]!;
      this.squares[j]! += weights[j]! ** 2;
    }
    this.count++;
  }
  get value(): number {
    let total = 0;
    for (let j = 0; j < 3; j++) total += this.squares[j]! / this.count - (this.sum[j]! / this.count) ** 2;
    return total;
  }
}

/** The mean objective at the model's weights minus its value at w*. */
function excessMeanObjective(stepper: SgdStepper, scores: Float64Array): number {
  stepper.model.scoreAll(data.train.x, scores);
  return objective.totalLoss(scores, data.train.y, count) / count - optimalMean;
}

describe('the iterate cloud against its predicted spread (with replacement, B = 1, lr·λ_max = 0.1)', () => {
  it('has the predicted trace within 15 % and 95 ± 4 % of its iterates inside the 95 % ellipse', () => {
    const learningRate = 0.1 / largestCurvature;
    const prediction = predict(learningRate, 1);
    const stepper = startRun(learningRate, 1, withReplacement(5));
    stepper.runBatches(5_000);
    const spread = new TraceOfCovariance();
    let inside = 0;
    const updates = 40_000;
    stepper.runBatches(updates, () => {
      const weights = stepper.model.weights;
      spread.add(weights);
      // Inside-ness on the 2-D marginal in (w₁, w₂), the plane the landscape draws the ellipse in.
      if (isInsideEllipse(prediction.ellipse, weights[0]!, weights[1]!)) inside++;
    });
    const traceRatio = spread.value / prediction.trace;
    expect(traceRatio).toBeGreaterThan(0.85);
    expect(traceRatio).toBeLessThan(1.15);
    expect(inside / updates).toBeGreaterThan(0.91);
    expect(inside / updates).toBeLessThan(0.99);
  });
});

describe('the noise floor (with replacement, lr·λ_max = 0.02, B = 2 ≪ N)', () => {
  /** The excess mean objective averaged over every 5th of `updates` updates after a burn-in. */
  function plateau(learningRate: number, batchSize: number, seed: number): number {
    const stepper = startRun(learningRate, batchSize, withReplacement(seed));
    stepper.runBatches(5_000);
    const scores = new Float64Array(count);
    let total = 0;
    let samples = 0;
    stepper.runBatches(
      100_000,
      () => {
        total += excessMeanObjective(stepper, scores);
        samples++;
      },
      5,
    );
    return total / samples;
  }

  it('stays put when lr and B both double, doubles when lr alone doubles, and sits at ½·tr(H·Σ)', () => {
    const learningRate = 0.02 / largestCurvature;
    const base = plateau(learningRate, 2, 11);
    const bothDoubled = plateau(2 * learningRate, 4, 12);
    const rateDoubled = plateau(2 * learningRate, 2, 13);
    const prediction = predict(learningRate, 2);
    expect(bothDoubled / base).toBeGreaterThan(0.85);
    expect(bothDoubled / base).toBeLessThan(1.15);
    expect(rateDoubled / base).toBeGreaterThan(1.6);
    expect(rateDoubled / base).toBeLessThan(2.4);
    expect(base / prediction.floor).toBeGreaterThan(0.85);
    expect(base / prediction.floor).toBeLessThan(1.15);
  });
});

describe('reshuffling against the with-replacement prediction (B = 1)', () => {
  /** Measured ÷ predicted trace over every iterate and over the end-of-epoch iterates. */
  function reshuffledSpread(stability: number, epochs: number): { all: number; endOfEpoch: number } {
    const learningRate = stability / (largestCurvature * count);
    const stepper = startRun(learningRate, 1, createShuffler(21));
    stepper.runBatches(10 * count);
    const all = new TraceOfCovariance();
    const endOfEpoch = new TraceOfCovariance();
    for (let epoch = 0; epoch < epochs; epoch++) {
      stepper.runBatches(count, () => all.add(stepper.model.weights));
      endOfEpoch.add(stepper.model.weights);
    }
    const predicted = predict(learningRate, 1).trace;
    return { all: all.value / predicted, endOfEpoch: endOfEpoch.value / predicted };
  }

  it('sits far inside the prediction at epoch ends when one epoch moves the weights little', () => {
    const small = reshuffledSpread(0.8, 200);
    const large = reshuffledSpread(6.4, 200);
    console.info(
      `reshuffling, measured ÷ predicted trace: lr·λ_max·N = 0.8: all ${small.all.toFixed(3)}, ` +
        `end of epoch ${small.endOfEpoch.toFixed(4)}; 6.4: all ${large.all.toFixed(3)}, end of epoch ${large.endOfEpoch.toFixed(4)}`,
    );
    expect(small.endOfEpoch).toBeLessThan(0.05);
    expect(small.endOfEpoch).toBeLessThan(small.all / 5);
  });
});
