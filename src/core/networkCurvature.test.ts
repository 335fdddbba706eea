import { describe, expect, it } from 'vitest';
import { sharpness } from './curvature.ts';
import { generateDataset, type PointSet } from './datasets.ts';
import type { Activation } from './modelSpec.ts';
import { createNetwork } from './network.ts';
import { objectives, type ObjectiveName } from './objectives.ts';
import { createRandom } from './random.ts';
import { symmetricEigen } from './symmetricEigen.ts';

const points: PointSet = generateDataset({
  kind: 'moons',
  points: 120,
  noise: 0.3,
  trainFraction: 0.5,
  seed: 4,
}).train;
const order = Uint32Array.from({ length: points.y.length }, (_, i) => i);

/** A network off its initialisation: larger weights and non-zero biases, so no unit sits in its linear middle. */
function perturbedNetwork(hiddenLayers: number[], activation: Activation, seed: number) {
  const model = createNetwork(hiddenLayers, activation, seed);
  const random = createRandom(seed + 1000);
  model.weights.forEach((w, j) => (model.weights[j] = 1.3 * w + 0.3 * (2 * random.next() - 1)));
  return model;
}

function randomVector(length: number, seed: number): Float64Array {
  const random = createRandom(seed);
  return Float64Array.from({ length }, () => 2 * random.next() - 1);
}

/** Σ ∇loss over every point at weights w + t·v (the model's weights are restored). */
function gradientAlong(
  model: ReturnType<typeof createNetwork>,
  name: ObjectiveName,
  v: Float64Array,
  t: number,
) {
  const kept = model.weights.slice();
  model.weights.forEach((w, j) => (model.weights[j] = w + t * v[j]!));
  const gradient = new Float64Array(model.weights.length);
  model.batchGradient(points, order, 0, order.length, objectives[name], gradient);
  model.weights.set(kept);
  return gradient;
}

/** The dense Hessian of the summed objective, column j = H·e_j from the exact products. */
function denseHessian(model: ReturnType<typeof createNetwork>, name: ObjectiveName): Float64Array {
  const d = model.weights.length;
  const hessian = new Float64Array(d * d);
  const unit = new Float64Array(d);
  const column = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    unit.fill(0);
    unit[j] = 1;
    model.hessianVectorProduct(points, objectives[name], unit, column);
    for (let k = 0; k < d; k++) hessian[k * d + j] = column[k]!;
  }
  return hessian;
}

const smoothObjectives: ObjectiveName[] = ['logistic', 'squared'];

describe.each(['tanh', 'sigmoid'] as const)('network Hessian-vector product, %s', (activation) => {
  it.each(smoothObjectives)('equals a central difference of the %s gradient along v, to 1e-5', (name) => {
    for (const [shape, seed] of [
      [[8, 8], 1],
      [[3, 5, 4], 2],
      [[1], 3],
    ] as const) {
      const model = perturbedNetwork([...shape], activation, seed);
      const v = randomVector(model.weights.length, seed + 7);
      const product = new Float64Array(model.weights.length);
      model.hessianVectorProduct(points, objectives[name], v, product);
      const step = 1e-5;
      const above = gradientAlong(model, name, v, step);
      const below = gradientAlong(model, name, v, -step);
      const largest = Math.max(...product.map(Math.abs));
      expect(largest).toBeGreaterThan(0);
      product.forEach((value, j) => {
        const difference = (above[j]! - below[j]!) / (2 * step);
        expect(Math.abs(value - difference)).toBeLessThan(1e-5 * largest);
      });
    }
  });
});

describe.each(['tanh', 'sigmoid', 'relu'] as const)('network sharpness, %s', (activation) => {
  it('has a symmetric Hessian: u·(H·v) = v·(H·u)', () => {
    const model = perturbedNetwork([8, 8], activation, 5);
    const d = model.weights.length;
    const u = randomVector(d, 1);
    const v = randomVector(d, 2);
    const hu = new Float64Array(d);
    const hv = new Float64Array(d);
    model.hessianVectorProduct(points, objectives.logistic, u, hu);
    model.hessianVectorProduct(points, objectives.logistic, v, hv);
    const uHv = u.reduce((sum, value, j) => sum + value * hv[j]!, 0);
    const vHu = v.reduce((sum, value, j) => sum + value * hu[j]!, 0);
    expect(Math.abs(uHv - vHu)).toBeLessThan(1e-10 * Math.max(1, Math.abs(uHv)));
  });

  it.each(smoothObjectives)(
    'by power iteration agrees with λ_max of the dense Hessian built from the products (%s, L2 0.01)',
    (name) => {
      const model = perturbedNetwork([8, 8], activation, 6);
      const d = model.weights.length;
      const count = points.y.length;
      const hessian = denseHessian(model, name);
      for (let j = 0; j < d; j++) {
        for (let k = 0; k < d; k++) hessian[j * d + k] = hessian[j * d + k]! / count;
        if (model.penalized[j] === 1) hessian[j * d + j]! += 0.01;
      }
      const dense = symmetricEigen(hessian, d).values[0]!;
      const result = sharpness(model, points, objectives[name], 0.01);
      if (result.kind !== 'iterated') throw new Error(`expected power iteration, got ${result.kind}`);
      expect(result.converged).toBe(true);
      expect(result.tolerance).toBe(1e-6);
      expect(result.iterations).toBeLessThanOrEqual(200);
      expect(Math.abs(result.lambdaMax - dense)).toBeLessThan(1e-5 * Math.abs(dense));
    },
  );
});

describe('network sharpness', () => {
  it('has none for the hinge', () => {
    expect(sharpness(createNetwork([4], 'tanh', 1), points, objectives.hinge, 0)).toEqual({
      kind: 'none',
      reason: 'the hinge objective has no Hessian: it is piecewise linear',
    });
  });

  it('finds λ_max where the Hessian is indefinite (a negative eigenvalue of larger magnitude)', () => {
    // A network with large weights, far from a minimum, on the squared loss: search seeds for such a Hessian.
    for (let seed = 1; seed < 60; seed++) {
      const model = perturbedNetwork([4, 4], 'tanh', seed);
      model.weights.forEach((w, j) => (model.weights[j] = 3 * w));
      const d = model.weights.length;
      const hessian = denseHessian(model, 'squared').map((value) => value / points.y.length);
      const { values } = symmetricEigen(hessian, d);
      if (!(-values[d - 1]! > values[0]! && values[0]! > 0)) continue;
      const result = sharpness(model, points, objectives.squared, 0);
      if (result.kind !== 'iterated') throw new Error(`expected power iteration, got ${result.kind}`);
      expect(Math.abs(result.lambdaMax - values[0]!)).toBeLessThan(1e-5 * Math.abs(values[0]!));
      return;
    }
    throw new Error('no seed gave an indefinite Hessian with a dominant negative eigenvalue');
  });
});
