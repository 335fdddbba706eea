import { describe, expect, it } from 'vitest';
import { sharpness } from './curvature.ts';
import type { PointSet } from './datasets.ts';
import { createLinearModel } from './linearModel.ts';
import { addPenaltyGradient } from './metrics.ts';
import type { Model } from './model.ts';
import { createModel } from './models.ts';
import { objectives, type Objective } from './objectives.ts';
import { findOptimum } from './optimum.ts';
import { solveStationaryCovariance, trace } from './stationaryCovariance.ts';
import {
  curvatureAndNoiseAtOptimum,
  predictStationarySpread,
  type CurvatureAndNoise,
} from './stationaryPrediction.ts';

/** Five points a line cannot fit exactly, so the per-example gradients at w* do not all vanish. */
const points: PointSet = {
  x: Float64Array.of(1, 0, -1, 0, 0, 2, 0, -2, 1, 1),
  y: Float64Array.of(1, -1, 1, -1, -1),
};

function measured(result: CurvatureAndNoise): Extract<CurvatureAndNoise, { kind: 'measured' }> {
  if (result.kind !== 'measured') throw new Error(`expected a measurement, got: ${result.reason}`);
  return result;
}

function measure(model: Model, objective: Objective, l2: number): CurvatureAndNoise {
  return curvatureAndNoiseAtOptimum(model, points, objective, l2, findOptimum(model, points, objective, l2));
}

/** S* from the model's own per-example gradients at w* (L2 term added as the stepper adds it), by definition. */
function gradientCovarianceByDefinition(
  model: Model,
  objective: Objective,
  l2: number,
  at: Float64Array,
): number[] {
  const d = model.weights.length;
  const count = points.y.length;
  const saved = model.weights.slice();
  model.weights.set(at);
  const gradients = Array.from({ length: count }, (_, i) => {
    const gradient = new Float64Array(d);
    model.batchGradient(points, Uint32Array.of(i), 0, 1, objective, gradient);
    addPenaltyGradient(gradient, model.weights, model.penalized, l2, 1);
    return gradient;
  });
  model.weights.set(saved);
  const mean = Array.from({ length: d }, (_, j) => gradients.reduce((sum, g) => sum + g[j]!, 0) / count);
  const covariance: number[] = [];
  for (let j = 0; j < d; j++)
    for (let k = 0; k < d; k++)
      covariance.push(gradients.reduce((sum, g) => sum + (g[j]! - mean[j]!) * (g[k]! - mean[k]!), 0) / count);
  return covariance;
}

describe('the curvature and the gradient noise at the optimum', () => {
  it('for the squared objective: H = (2/N)·ΦᵀΦ and S* the covariance of the per-example gradients', () => {
    const model = createLinearModel();
    const result = measured(measure(model, objectives.squared, 0));
    // ΦᵀΦ over [x1, x2, 1]: Σx1² = 3, Σx2² = 9, Σx1x2 = 1, Σx1 = 1, Σx2 = 1, N = 5.
    const expected = [3, 1, 1, 1, 9, 1, 1, 1, 5].map((value) => (2 * value) / 5);
    Array.from(result.hessian).forEach((value, cell) => expect(value).toBeCloseTo(expected[cell]!, 14));
    const byDefinition = gradientCovarianceByDefinition(model, objectives.squared, 0, result.optimum);
    Array.from(result.gradientCovariance).forEach((value, cell) =>
      expect(value).toBeCloseTo(byDefinition[cell]!, 13),
    );
    expect(trace(result.gradientCovariance, 3)).toBeGreaterThan(0.1);
    expect(Array.from(model.weights)).toEqual([0, 0, 0]);
  });

  it('with L2 and the logistic objective: H is the sharpness Hessian at w*, S* is unchanged by the L2 term', () => {
    const model = createLinearModel();
    const l2 = 0.3;
    const result = measured(measure(model, objectives.logistic, l2));
    model.weights.set(result.optimum);
    const atOptimum = sharpness(model, points, objectives.logistic, l2);
    if (atOptimum.kind !== 'exact') throw new Error('expected an exact sharpness');
    const prediction = predictStationarySpread(result, 0.1, 1);
    if (prediction.kind !== 'prediction') throw new Error(prediction.reason);
    expect(prediction.largestCurvature).toBeCloseTo(atOptimum.lambdaMax, 13);
    const byDefinition = gradientCovarianceByDefinition(model, objectives.logistic, l2, result.optimum);
    Array.from(result.gradientCovariance).forEach((value, cell) =>
      expect(value).toBeCloseTo(byDefinition[cell]!, 13),
    );
  });

  it('says why there is no prediction: piecewise-linear objectives, networks, no optimum', () => {
    expect(measure(createLinearModel(), objectives.hinge, 0)).toEqual({
      kind: 'none',
      reason: 'the hinge objective is piecewise linear: no Hessian to predict from',
    });
    expect(measure(createLinearModel(), objectives.perceptron, 0).kind).toBe('none');
    const network = createModel({ kind: 'network', hiddenLayers: [4], activation: 'tanh' }, 1);
    expect(
      curvatureAndNoiseAtOptimum(network, points, objectives.logistic, 0, {
        kind: 'minimum',
        weights: network.weights.slice(),
      }),
    ).toEqual({ kind: 'none', reason: 'no exact Hessian for this model' });
    const separable: PointSet = { x: Float64Array.of(1, 0, -1, 0), y: Float64Array.of(1, -1) };
    const model = createLinearModel();
    const optimum = findOptimum(model, separable, objectives.logistic, 0);
    expect(curvatureAndNoiseAtOptimum(model, separable, objectives.logistic, 0, optimum)).toEqual({
      kind: 'none',
      reason: 'no exact optimum (separable data: no finite minimiser)',
    });
  });
});

describe('the predicted spread at a learning rate and batch size', () => {
  const result = measured(measure(createLinearModel(), objectives.squared, 0));

  it('is the Lyapunov solution for C = S* / B, with its trace, ellipse on (w₁, w₂) and floor', () => {
    const prediction = predictStationarySpread(result, 0.05, 4);
    if (prediction.kind !== 'prediction') throw new Error(prediction.reason);
    const noise = result.gradientCovariance.map((value) => value / 4);
    const direct = solveStationaryCovariance(result.hessian, noise, 0.05, 3);
    if (direct.kind !== 'solved') throw new Error(direct.reason);
    expect(Array.from(prediction.covariance)).toEqual(Array.from(direct.covariance));
    expect(prediction.trace).toBe(trace(direct.covariance, 3));
    expect(prediction.ellipse.center).toEqual([result.optimum[0], result.optimum[1]]);
    expect(prediction.ellipse.variances).toEqual([direct.covariance[0], direct.covariance[4]]);
    expect(prediction.ellipse.covariance).toBe(direct.covariance[1]);
    let floor = 0;
    for (let cell = 0; cell < 9; cell++) floor += (result.hessian[cell]! * direct.covariance[cell]!) / 2;
    expect(prediction.floor).toBeCloseTo(floor, 15);
    expect(prediction.summedFloor).toBeCloseTo(5 * floor, 14);
    expect(prediction.smallRateFloor).toBeCloseTo((0.05 * trace(result.gradientCovariance, 3)) / 16, 15);
  });

  it('halves when the batch doubles, and has none once lr·λ_max reaches 2', () => {
    const single = predictStationarySpread(result, 0.05, 1);
    const double = predictStationarySpread(result, 0.05, 2);
    if (single.kind !== 'prediction' || double.kind !== 'prediction') throw new Error('expected predictions');
    expect(double.trace).toBeCloseTo(single.trace / 2, 15);
    const tooLarge = predictStationarySpread(result, 2.5 / single.largestCurvature, 1);
    expect(tooLarge.kind).toBe('none');
    expect(tooLarge.kind === 'none' && tooLarge.reason).toMatch(/^lr·λ_max = 2.5 ≥ 2/);
    expect(() => predictStationarySpread(result, 0.05, 0)).toThrow(RangeError);
  });
});
