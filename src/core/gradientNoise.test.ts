import { describe, expect, it } from 'vitest';
import { generateDataset, type PointSet } from './datasets.ts';
import { batchNoiseVariance, gradientNoise, sampledBatchNoise, type GradientNoise } from './gradientNoise.ts';
import { createLinearModel } from './linearModel.ts';
import type { Model } from './model.ts';
import { createNetwork } from './network.ts';
import { objectives } from './objectives.ts';
import { createRandom, createShuffler } from './random.ts';
import { SgdStepper } from './sgd.ts';

/** (1, 0) labelled +1 and (−1, 0) labelled −1. */
const twoPoints: PointSet = { x: Float64Array.of(1, 0, -1, 0), y: Float64Array.of(1, -1) };

const defaultData = generateDataset({
  kind: 'overlapping',
  points: 200,
  noise: 0.3,
  trainFraction: 0.7,
  seed: 1,
});

/** G and tr S by the definition, in two passes over per-example gradients from one-row batches. */
function definitionNoise(model: Model, points: PointSet): { mean: Float64Array; trace: number } {
  const count = points.y.length;
  const d = model.weights.length;
  const order = Uint32Array.from({ length: count }, (_, i) => i);
  const gradients = Array.from({ length: count }, (_, i) => {
    const gradient = new Float64Array(d);
    model.batchGradient(points, order, i, i + 1, objectives.logistic, gradient);
    return gradient;
  });
  const mean = new Float64Array(d);
  for (const gradient of gradients) gradient.forEach((value, j) => (mean[j]! += value / count));
  let trace = 0;
  for (const gradient of gradients)
    gradient.forEach((value, j) => (trace += (value - mean[j]!) ** 2 / count));
  return { mean, trace };
}

describe('gradientNoise', () => {
  it('gives G, tr S and B_simple of two points by hand (squared, w = 0)', () => {
    // g_i = 2(s − y)·φ_i: g₁ = −2·(1, 0, 1), g₂ = 2·(−1, 0, 1); G = (−2, 0, 0), deviations (0, 0, ∓2).
    expect(gradientNoise(createLinearModel(), twoPoints, objectives.squared, 0)).toEqual({
      count: 2,
      meanGradientNormSquared: 4,
      traceCovariance: 4,
      noiseScale: 1,
    });
  });

  it('adds the L2 term λ·w_pen to G and leaves tr S alone; B_simple is null where G = 0', () => {
    // w = (1, 0, 0) fits both points exactly: every ∇loss is 0, so g_i = λ·w_pen = (λ, 0, 0).
    const fitted = createLinearModel([1, 0, 0]);
    expect(gradientNoise(fitted, twoPoints, objectives.squared, 0.5)).toEqual({
      count: 2,
      meanGradientNormSquared: 0.25,
      traceCovariance: 0,
      noiseScale: 0,
    });
    expect(gradientNoise(fitted, twoPoints, objectives.squared, 0).noiseScale).toBeNull();
    // The bias is not penalised: λ·w_pen leaves it out.
    const biased = gradientNoise(createLinearModel([0, 0, 3]), twoPoints, objectives.squared, 10);
    expect(biased.traceCovariance).toBeCloseTo(
      gradientNoise(createLinearModel([0, 0, 3]), twoPoints, objectives.squared, 0).traceCovariance,
      12,
    );
  });

  it.each([
    ['the linear model', () => createLinearModel([0.3, -0.2, 0.1])],
    ['a 2-8-8-1 tanh network', () => createNetwork([8, 8], 'tanh', 3)],
  ])('agrees with the definition over per-example gradients for %s', (_name, create) => {
    const model = create();
    const points = defaultData.train;
    const noise = gradientNoise(model, points, objectives.logistic, 0);
    const { mean, trace } = definitionNoise(model, points);
    const normSquared = mean.reduce((sum, value) => sum + value * value, 0);
    expect(noise.count).toBe(points.y.length);
    expect(Math.abs(noise.meanGradientNormSquared - normSquared)).toBeLessThan(1e-12 * normSquared);
    expect(Math.abs(noise.traceCovariance - trace)).toBeLessThan(1e-12 * trace);
    expect(noise.noiseScale).toBeCloseTo(trace / normSquared, 10);
  });
});

describe('batchNoiseVariance', () => {
  const noise: GradientNoise = { count: 5, meanGradientNormSquared: 1, traceCovariance: 8, noiseScale: 8 };

  it('is (tr S / B)·(N − B)/(N − 1): tr S at B = 1, 0 at B = N', () => {
    expect(batchNoiseVariance(noise, 1)).toBe(8);
    expect(batchNoiseVariance(noise, 2)).toBe(3);
    expect(batchNoiseVariance(noise, 4)).toBe(0.5);
    expect(batchNoiseVariance(noise, 5)).toBe(0);
  });

  it('refuses a batch size outside 1 … N', () => {
    for (const batchSize of [0, 6, 1.5, Number.NaN]) {
      expect(() => batchNoiseVariance(noise, batchSize)).toThrow(RangeError);
    }
  });
});

describe('sampledBatchNoise', () => {
  const points = defaultData.train;
  const count = points.y.length;

  it.each([
    ['the linear model', () => createLinearModel([0.3, -0.2, 0.1])],
    ['a 2-8-8-1 tanh network', () => createNetwork([8, 8], 'tanh', 3)],
  ])(
    'over 4,000 batches is within 5 % of the formula at B = 1, 4, 16 and N/2 (%s, L2 0.01)',
    (_name, create) => {
      const model = create();
      const noise = gradientNoise(model, points, objectives.logistic, 0.01);
      for (const batchSize of [1, 4, 16, count / 2]) {
        const random = createRandom(batchSize);
        const sampled = sampledBatchNoise(model, points, objectives.logistic, 0.01, batchSize, 4000, random);
        const exact = batchNoiseVariance(noise, batchSize);
        expect(Math.abs(sampled - exact)).toBeLessThan(0.05 * exact);
      }
    },
  );

  it('is exactly 0 at B = N, every batch being the whole set', () => {
    const model = createNetwork([8, 8], 'tanh', 3);
    expect(sampledBatchNoise(model, points, objectives.logistic, 0.01, count, 50, createRandom(1))).toBe(0);
    expect(
      sampledBatchNoise(
        createLinearModel([1, 2, 3]),
        points,
        objectives.squared,
        0,
        count,
        5,
        createRandom(1),
      ),
    ).toBe(0);
  });

  it('refuses a batch size outside 1 … N and a count of batches below 1', () => {
    const model = createLinearModel();
    expect(() =>
      sampledBatchNoise(model, points, objectives.logistic, 0, count + 1, 10, createRandom(1)),
    ).toThrow(RangeError);
    expect(() => sampledBatchNoise(model, points, objectives.logistic, 0, 4, 0, createRandom(1))).toThrow(
      RangeError,
    );
  });
});

describe('the noise scale during training', () => {
  it('grows as the objective falls on a converging run (logistic, default data)', () => {
    const stepper = new SgdStepper(
      createLinearModel(),
      defaultData,
      objectives.logistic,
      { learningRate: 0.05, annealingRate: 1, batchSize: 10, epochs: 40 },
      createShuffler(1),
    );
    while (stepper.runBatches(10_000) > 0);
    const checkpoints = [1, 2, 5, 10, 40].map((epoch) => stepper.history[epoch - 1]!);
    const model = createLinearModel();
    const noiseScales = checkpoints.map((record) => {
      model.weights.set(record.weights);
      return gradientNoise(model, defaultData.train, objectives.logistic, 0).noiseScale!;
    });
    for (let k = 1; k < checkpoints.length; k++) {
      expect(checkpoints[k]!.objective).toBeLessThan(checkpoints[k - 1]!.objective);
      expect(noiseScales[k]).toBeGreaterThan(noiseScales[k - 1]!);
    }
  });
});
