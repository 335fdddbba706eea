import { describe, expect, it } from 'vitest';
import { largestEigenvalue, sharpness, type Sharpness } from './curvature.ts';
import { generateDataset, type PointSet } from './datasets.ts';
import { createLinearModel, linearFeatures } from './linearModel.ts';
import type { Model } from './model.ts';
import type { FeatureName } from './modelSpec.ts';
import { objectives } from './objectives.ts';
import { findOptimum } from './optimum.ts';
import { createShuffler } from './random.ts';
import { SgdStepper } from './sgd.ts';

/** (±1, 0) and (0, ±2): with features [x1, x2, 1], ΦᵀΦ = diag(2, 8, 4). */
const axisPoints: PointSet = {
  x: Float64Array.of(1, 0, -1, 0, 0, 2, 0, -2),
  y: Float64Array.of(1, -1, 1, -1),
};

const defaultData = generateDataset({
  kind: 'overlapping',
  points: 200,
  noise: 0.3,
  trainFraction: 0.7,
  seed: 1,
});

function exact(result: Sharpness): { lambdaMax: number; eigenvector: Float64Array } {
  if (result.kind !== 'exact') throw new Error(`expected an exact sharpness, got ${JSON.stringify(result)}`);
  return result;
}

describe('sharpness of the linear model (exact)', () => {
  it('is the largest eigenvalue of (2/N)·ΦᵀΦ for the squared objective, with its eigenvector', () => {
    // ∇²F = (2/4)·diag(2, 8, 4) = diag(1, 4, 2): λ_max = 4 along w₂.
    const result = exact(sharpness(createLinearModel(), axisPoints, objectives.squared, 0));
    expect(result.lambdaMax).toBeCloseTo(4, 14);
    expect(Array.from(result.eigenvector)).toEqual([0, 1, 0]);
  });

  it('adds λ to the penalised weights only, as the stepper’s L2 term does', () => {
    // diag(1, 4, 2) + 0.5·diag(1, 1, 0); and with λ = 3 the bias direction (2) loses to w₂ (4 + 3 = 7).
    expect(exact(sharpness(createLinearModel(), axisPoints, objectives.squared, 0.5)).lambdaMax).toBeCloseTo(
      4.5,
      14,
    );
    const strong = exact(sharpness(createLinearModel(), axisPoints, objectives.squared, 3));
    expect(strong.lambdaMax).toBeCloseTo(7, 14);
    expect(Array.from(strong.eigenvector)).toEqual([0, 1, 0]);
  });

  it('is (1/4N)·λ_max(ΦᵀΦ) for the logistic objective at w = 0, where every loss″ is σ(0)(1 − σ(0)) = 1/4', () => {
    expect(exact(sharpness(createLinearModel(), axisPoints, objectives.logistic, 0)).lambdaMax).toBeCloseTo(
      8 / 16,
      14,
    );
  });

  it('shrinks for the logistic objective where the margins are large (loss″ → 0)', () => {
    const model = createLinearModel([0, 10, 0]);
    // loss″ = σ(m)(1 − σ(m)) with m = 20 on the two points on the x2 axis; 0 on the others (score 0: 1/4).
    const onAxis = Math.exp(-20) / (1 + Math.exp(-20)) ** 2;
    // ∇²F = (1/4)·[diag(2·1/4, 8·onAxis, 2·1/4 + 2·onAxis)]: the x1 and bias directions tie at 1/8 + ….
    const result = exact(sharpness(model, axisPoints, objectives.logistic, 0));
    expect(result.lambdaMax).toBeCloseTo((0.5 + 2 * onAxis) / 4, 14);
  });

  it('on extra features, the eigenpair satisfies H·v = λ·v for H = (1/N)·Σ loss″·φφᵀ built by hand', () => {
    const features: FeatureName[] = ['x1Squared', 'x1x2', 'sinX2'];
    const model = createLinearModel(features, [0.1, -0.2, 0.05, 0.03, 0.4, 0.2]);
    const points = defaultData.train;
    const { lambdaMax, eigenvector } = exact(sharpness(model, points, objectives.logistic, 0.01));
    const d = 6;
    const count = points.y.length;
    const hessian = new Float64Array(d * d);
    const phi = new Float64Array(d);
    for (let i = 0; i < count; i++) {
      linearFeatures(features, points.x[2 * i]!, points.x[2 * i + 1]!, phi);
      const score = phi.reduce((sum, value, j) => sum + value * model.weights[j]!, 0);
      const curvature = objectives.logistic.secondDerivative!(score, points.y[i]!);
      for (let j = 0; j < d; j++)
        for (let k = 0; k < d; k++) hessian[j * d + k]! += (curvature * phi[j]! * phi[k]!) / count;
    }
    for (let j = 0; j < d - 1; j++) hessian[j * d + j]! += 0.01;
    for (let j = 0; j < d; j++) {
      const image = eigenvector.reduce((sum, value, k) => sum + hessian[j * d + k]! * value, 0);
      expect(Math.abs(image - lambdaMax * eigenvector[j]!)).toBeLessThan(1e-12 * lambdaMax);
    }
    // And no direction is sharper: the Rayleigh quotient of every unit vector e_j is at most λ_max.
    for (let j = 0; j < d; j++) expect(hessian[j * d + j]!).toBeLessThanOrEqual(lambdaMax);
  });

  it('has none for the hinge and the perceptron, saying why', () => {
    expect(sharpness(createLinearModel(), axisPoints, objectives.hinge, 0)).toEqual({
      kind: 'none',
      reason: 'the hinge objective has no Hessian: it is piecewise linear',
    });
    expect(sharpness(createLinearModel(), axisPoints, objectives.perceptron, 0)).toEqual({
      kind: 'none',
      reason: 'the perceptron objective has no Hessian: it is piecewise linear',
    });
  });

  it('has none without points, at weights that are not finite, and for a model it cannot differentiate twice', () => {
    const empty: PointSet = { x: new Float64Array(0), y: new Float64Array(0) };
    expect(sharpness(createLinearModel(), empty, objectives.squared, 0).kind).toBe('none');
    expect(sharpness(createLinearModel([Number.NaN, 0, 0]), axisPoints, objectives.squared, 0)).toEqual({
      kind: 'none',
      reason: 'the weights are not finite',
    });
    // A model whose score is not linear in its weights and that gives no Hessian-vector products.
    const weights = new Float64Array(1);
    const cubic: Model = {
      ...createLinearModel(),
      weights,
      parameterLabels: ['w'],
      penalized: Uint8Array.of(1),
      score: (x1) => weights[0]! ** 3 * x1,
      scoreAll: (x, out) => out.forEach((_, i) => (out[i] = weights[0]! ** 3 * x[2 * i]!)),
    };
    expect(sharpness(cubic, axisPoints, objectives.squared, 0)).toEqual({
      kind: 'none',
      reason: 'no exact Hessian for this model',
    });
    expect(() => sharpness(createLinearModel(), axisPoints, objectives.squared, -1)).toThrow(RangeError);
  });
});

describe('the 2/λ_max limit of full-batch gradient descent (squared objective, linear model)', () => {
  const points = defaultData.train;
  const count = points.y.length;
  const { lambdaMax, eigenvector } = exact(sharpness(createLinearModel(), points, objectives.squared, 0));
  const optimum = findOptimum(createLinearModel(), points, objectives.squared, 0);
  if (optimum.kind !== 'minimum') throw new Error('the squared objective has a minimiser');

  function train(learningRate: number, epochs: number): SgdStepper {
    const stepper = new SgdStepper(
      createLinearModel(),
      defaultData,
      objectives.squared,
      { learningRate, annealingRate: 1, batchSize: count, epochs },
      createShuffler(7),
    );
    while (stepper.runBatches(10_000) > 0);
    return stepper;
  }
  /** u·(w − w*), the error along the top eigenvector. */
  const topComponent = (weights: ArrayLike<number>) =>
    eigenvector.reduce((sum, u, j) => sum + u * (weights[j]! - optimum.weights[j]!), 0);

  it('does not depend on the weights', () => {
    const elsewhere = exact(sharpness(createLinearModel([3, -2, 1]), points, objectives.squared, 0));
    expect(elsewhere.lambdaMax).toBeCloseTo(lambdaMax, 12);
  });

  it('converges at lr = 0.98 · 2/λ_max, the top component shrinking by |1 − lr·λ_max| = 0.96 per update', () => {
    const learningRate = (0.98 * 2) / lambdaMax;
    const stepper = train(learningRate, 600);
    expect(stepper.diverged).toBeNull();
    const distance = Math.hypot(...stepper.model.weights.map((w, j) => w - optimum.weights[j]!));
    expect(distance).toBeLessThan(1e-8 * Math.hypot(...optimum.weights));
    // One update per epoch (full batch): the weights after update k are history[k − 1].
    const components = [
      topComponent([0, 0, 0]),
      ...stepper.history.slice(0, 40).map((r) => topComponent(r.weights)),
    ];
    for (let k = 1; k < components.length; k++) {
      const ratio = components[k]! / components[k - 1]!;
      expect(Math.abs(ratio - (1 - learningRate * lambdaMax))).toBeLessThan(0.01 * 0.96);
    }
  });

  it('diverges at lr = 1.02 · 2/λ_max, the top component growing by |1 − lr·λ_max| = 1.04 per update', () => {
    const learningRate = (1.02 * 2) / lambdaMax;
    const stepper = train(learningRate, 2000);
    expect(stepper.diverged).not.toBeNull();
    const components = [topComponent([0, 0, 0]), ...stepper.history.map((r) => topComponent(r.weights))];
    expect(components.length).toBeGreaterThan(40);
    for (let k = 1; k < components.length; k++) {
      const ratio = components[k]! / components[k - 1]!;
      expect(Math.abs(ratio - (1 - learningRate * lambdaMax))).toBeLessThan(0.01 * 1.04);
    }
  });
});

describe('largestEigenvalue (power iteration)', () => {
  const diagonal = (entries: number[]) => (vector: Float64Array, out: Float64Array) =>
    entries.forEach((entry, j) => (out[j] = entry * vector[j]!));

  it('finds the largest eigenvalue of a positive operator', () => {
    const result = largestEigenvalue(4, diagonal([1, 5, 2, 0.5]));
    expect(result.converged).toBe(true);
    // The tolerance bounds the estimated relative error; allow twice it for the estimate's own error.
    expect(Math.abs(result.lambdaMax - 5)).toBeLessThan(2e-6 * 5);
  });

  it('finds the most positive eigenvalue, not the largest in magnitude, of an indefinite operator', () => {
    const result = largestEigenvalue(3, diagonal([-5, 2, 1]));
    expect(result.converged).toBe(true);
    expect(Math.abs(result.lambdaMax - 2)).toBeLessThan(2e-6 * 2);
  });

  it('gives 0 for the zero operator, and reports the cap when the tolerance is not met', () => {
    expect(largestEigenvalue(3, (_vector, out) => out.fill(0))).toEqual({
      lambdaMax: 0,
      iterations: 1,
      converged: true,
    });
    const capped = largestEigenvalue(3, diagonal([1, 0.999, 0.5]), 5, 1e-12);
    expect(capped).toMatchObject({ iterations: 5, converged: false });
  });
});
