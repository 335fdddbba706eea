import { describe, expect, it } from 'vitest';
import { generateDataset, type DatasetName, type PointSet } from './datasets.ts';
import { createLinearModel, describeLinearModel, linearFeatures, orderFeatures } from './linearModel.ts';
import type { Model } from './model.ts';
import { activationNames, type FeatureName, type ModelSpec } from './modelSpec.ts';
import { createModel, describeModel, isValidModelSpec } from './models.ts';
import { countParameters, createNetwork, describeNetwork, networkLayout } from './network.ts';
import { objectiveNames, objectives, type Objective } from './objectives.ts';
import { createRandom, createShuffler } from './random.ts';
import { SgdStepper } from './sgd.ts';

/** Random points in [−3, 3]² with random labels, and the identity order. */
function randomBatch(count: number, seed: number): { points: PointSet; order: Uint32Array } {
  const random = createRandom(seed);
  const x = Float64Array.from({ length: 2 * count }, () => 6 * random.next() - 3);
  const y = Float64Array.from({ length: count }, () => (random.next() < 0.5 ? -1 : 1));
  return { points: { x, y }, order: Uint32Array.from({ length: count }, (_, i) => i) };
}

function summedLoss(model: Model, points: PointSet, order: Uint32Array, objective: Objective): number {
  return model.batchGradient(
    points,
    order,
    0,
    order.length,
    objective,
    new Float64Array(model.weights.length),
  );
}

/** Whether every score is clear of the objective's kinks, so a small step in any weight stays on one piece. */
function clearOfKinks(model: Model, points: PointSet, objective: Objective): boolean {
  if (objective.smooth) return true;
  const scores = new Float64Array(points.y.length);
  model.scoreAll(points.x, scores);
  return scores.every((score, i) => {
    const label = points.y[i]!;
    return objective.derivative(score - 1e-3, label) === objective.derivative(score + 1e-3, label);
  });
}

/** Checks the model's gradient against central differences of Σ loss, to 1e-6 relative. */
function expectFiniteDifferenceGradient(
  model: Model,
  points: PointSet,
  order: Uint32Array,
  objective: Objective,
) {
  const gradient = new Float64Array(model.weights.length);
  const objectiveValue = model.batchGradient(points, order, 0, order.length, objective, gradient);
  expect(objectiveValue).toBeCloseTo(summedLoss(model, points, order, objective), 12);
  const largest = Math.max(...gradient.map(Math.abs));
  const step = 1e-6;
  for (let j = 0; j < model.weights.length; j++) {
    const kept = model.weights[j]!;
    model.weights[j] = kept + step;
    const above = summedLoss(model, points, order, objective);
    model.weights[j] = kept - step;
    const below = summedLoss(model, points, order, objective);
    model.weights[j] = kept;
    const estimate = (above - below) / (2 * step);
    // Relative 1e-6, with a floor of 1e-6 of the largest component for entries near zero.
    const tolerance = 1e-6 * Math.max(Math.abs(gradient[j]!), 1e-3 * largest, 1e-6);
    if (!(Math.abs(estimate - gradient[j]!) <= tolerance)) {
      throw new Error(`${model.parameterLabels[j]}: analytic ${gradient[j]}, finite difference ${estimate}`);
    }
  }
}

const shapes: readonly (readonly number[])[] = [[1], [4], [3, 5], [2, 4, 3]];

describe('network layout', () => {
  it('puts each layer’s row-major matrix, then its biases, one after another', () => {
    const layers = networkLayout([3, 2]);
    expect(layers).toEqual([
      { inputs: 2, outputs: 3, weightOffset: 0, biasOffset: 6 },
      { inputs: 3, outputs: 2, weightOffset: 9, biasOffset: 15 },
      { inputs: 2, outputs: 1, weightOffset: 17, biasOffset: 19 },
    ]);
    expect(countParameters(layers)).toBe(20);
  });

  it('names and flags each parameter: matrices penalised, biases not', () => {
    const model = createNetwork([2], 'tanh', 1);
    expect(model.parameterLabels).toEqual([
      'W1[0,0]',
      'W1[0,1]',
      'W1[1,0]',
      'W1[1,1]',
      'b1[0]',
      'b1[1]',
      'W2[0,0]',
      'W2[0,1]',
      'b2[0]',
    ]);
    expect(Array.from(model.penalized)).toEqual([1, 1, 1, 1, 0, 0, 1, 1, 0]);
    expect(model.label).toBe('Network 2-2-1 tanh');
    expect(describeNetwork([8, 8], 'relu')).toBe('Network 2-8-8-1 relu');
  });

  it('starts from the same Glorot-uniform weights for the same seed, and zero biases', () => {
    const first = createNetwork([8, 8], 'tanh', 42);
    expect(Array.from(createNetwork([8, 8], 'relu', 42).weights)).toEqual(Array.from(first.weights));
    expect(Array.from(createNetwork([8, 8], 'tanh', 43).weights)).not.toEqual(Array.from(first.weights));
    for (const layer of networkLayout([8, 8])) {
      const limit = Math.sqrt(6 / (layer.inputs + layer.outputs));
      const matrix = first.weights.subarray(layer.weightOffset, layer.biasOffset);
      expect(matrix.every((w) => Math.abs(w) <= limit)).toBe(true);
      expect(Math.max(...matrix.map(Math.abs))).toBeGreaterThan(limit / 2);
      const biases = first.weights.subarray(layer.biasOffset, layer.biasOffset + layer.outputs);
      expect(biases.every((b) => b === 0)).toBe(true);
    }
  });
});

describe('network scores', () => {
  it('agree between score, scoreAll and the batch pass, across chunks of rows', () => {
    const model = createNetwork([5, 3], 'sigmoid', 9);
    const { points, order } = randomBatch(1300, 4);
    const scores = new Float64Array(1300);
    model.scoreAll(points.x, scores);
    for (const i of [0, 511, 512, 1024, 1299]) {
      expect(scores[i]).toBeCloseTo(model.score(points.x[2 * i]!, points.x[2 * i + 1]!), 14);
    }
    // The batch objective over more rows than one chunk equals the sum of the losses of the scores.
    const expected = scores.reduce((sum, s, i) => sum + objectives.logistic.loss(s, points.y[i]!), 0);
    expect(summedLoss(model, points, order, objectives.logistic)).toBeCloseTo(expected, 9);
  });

  it('computes the 2-1-1 relu network by hand', () => {
    const model = createNetwork([1], 'relu', 0);
    model.weights.set([2, -1, 0.5, 3, -4]);
    expect(model.score(1, 1)).toBeCloseTo(3 * 1.5 - 4, 14);
    expect(model.score(-1, 1)).toBe(-4);
  });
});

describe.each(activationNames)('network gradient, %s', (activation) => {
  it.each(objectiveNames)('equals central differences of Σ %s', (name) => {
    const objective = objectives[name];
    let checked = 0;
    for (let seed = 1; checked < shapes.length; seed++) {
      expect(seed).toBeLessThan(100);
      const shape = shapes[checked]!;
      const model = createNetwork(shape, activation, seed);
      // Non-zero biases and larger weights, so every unit works off its linear middle.
      const random = createRandom(seed + 1000);
      model.weights.forEach((w, j) => (model.weights[j] = 1.5 * w + 0.3 * (2 * random.next() - 1)));
      const { points, order } = randomBatch(7, seed);
      if (!clearOfKinks(model, points, objective)) continue;
      expectFiniteDifferenceGradient(model, points, order, objective);
      checked++;
    }
  });
});

describe('linear model with extra features', () => {
  it('lays out [x1, x2, extra features in canonical order, 1]', () => {
    const model = createLinearModel(['x1x2', 'sinX2', 'x1Squared']);
    expect(model.parameterLabels).toEqual(['w₁', 'w₂', 'w(x₁²)', 'w(x₁·x₂)', 'w(sin x₂)', 'b']);
    expect(Array.from(model.penalized)).toEqual([1, 1, 1, 1, 1, 0]);
    expect(Array.from(model.weights)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(model.label).toBe('Linear + x₁², x₁·x₂, sin x₂');
    const out = new Float64Array(6);
    linearFeatures(orderFeatures(['x1x2', 'sinX2', 'x1Squared']), 2, -3, out);
    expect(Array.from(out)).toEqual([2, -3, 4, -6, Math.sin(-3), 1]);
    model.weights.set([1, 2, 3, 4, 5, 6]);
    expect(model.score(2, -3)).toBeCloseTo(2 - 6 + 12 - 24 + 5 * Math.sin(-3) + 6, 12);
  });

  it('is the seed’s model without features, and accepts starting weights either way', () => {
    expect(createLinearModel().label).toBe('Linear');
    expect(createLinearModel([]).parameterLabels).toEqual(['w₁', 'w₂', 'b']);
    expect(Array.from(createLinearModel([1, 2, 3]).weights)).toEqual([1, 2, 3]);
    expect(Array.from(createLinearModel([], [1, 2, 3]).weights)).toEqual([1, 2, 3]);
    expect(createLinearModel(['sinX1'], [1, 0, 0.5, 0]).score(0, 9)).toBeCloseTo(0, 14);
    expect(describeLinearModel(['x2Squared', 'x1Squared'])).toBe('Linear + x₁², x₂²');
  });

  it.each(objectiveNames)('has the gradient of central differences of Σ %s', (name) => {
    const objective = objectives[name];
    const features: readonly FeatureName[] = ['x1Squared', 'x2Squared', 'x1x2', 'sinX1', 'sinX2'];
    let checked = 0;
    for (let seed = 1; checked < 3; seed++) {
      expect(seed).toBeLessThan(100);
      const random = createRandom(seed);
      const model = createLinearModel(
        features,
        Array.from({ length: 8 }, () => 0.4 * random.next() - 0.2),
      );
      const { points, order } = randomBatch(9, seed);
      if (!clearOfKinks(model, points, objective)) continue;
      expectFiniteDifferenceGradient(model, points, order, objective);
      checked++;
    }
  });
});

/** Train accuracy after a short logistic run on a generated dataset. */
function trainAccuracy(model: Model, kind: DatasetName, learningRate: number, epochs: number): number {
  const data = generateDataset({ kind, points: 300, noise: 0.1, trainFraction: 0.8, seed: 3 });
  const stepper = new SgdStepper(
    model,
    data,
    objectives.logistic,
    { learningRate, annealingRate: 1, batchSize: 10, epochs },
    createShuffler(5),
  );
  stepper.runBatches(Number.POSITIVE_INFINITY);
  expect(stepper.diverged).toBeNull();
  return stepper.history[stepper.history.length - 1]!.trainAccuracy;
}

describe('what each model can learn', () => {
  it('a 2-8-8-1 tanh network learns XOR', () => {
    expect(trainAccuracy(createNetwork([8, 8], 'tanh', 1), 'xor', 0.05, 40)).toBeGreaterThanOrEqual(0.9);
  });

  it('a linear model learns XOR with x1·x2, and circles with x1², x2²; without them it cannot', () => {
    expect(trainAccuracy(createLinearModel(['x1x2']), 'xor', 0.01, 20)).toBeGreaterThanOrEqual(0.9);
    expect(
      trainAccuracy(createLinearModel(['x1Squared', 'x2Squared']), 'circles', 0.01, 20),
    ).toBeGreaterThanOrEqual(0.9);
    expect(trainAccuracy(createLinearModel(), 'xor', 0.01, 20)).toBeLessThanOrEqual(0.75);
    expect(trainAccuracy(createLinearModel(), 'circles', 0.01, 20)).toBeLessThanOrEqual(0.75);
  });
});

// The registry's tests sit here, with the models it builds, to keep this change to its agreed files.
describe('model registry', () => {
  const specs: readonly [ModelSpec, string][] = [
    [{ kind: 'linear', features: [] }, 'Linear'],
    [{ kind: 'linear', features: ['x2Squared', 'x1Squared'] }, 'Linear + x₁², x₂²'],
    [{ kind: 'network', hiddenLayers: [8, 8], activation: 'tanh' }, 'Network 2-8-8-1 tanh'],
  ];

  it.each(specs)('builds and names %o', (spec, name) => {
    expect(describeModel(spec)).toBe(name);
    const model = createModel(spec, 7);
    expect(model.label).toBe(name);
    expect(model.parameterLabels).toHaveLength(model.weights.length);
    expect(model.penalized).toHaveLength(model.weights.length);
    expect(Array.from(createModel(spec, 7).weights)).toEqual(Array.from(model.weights));
  });

  it('starts a linear model at zero whatever the seed, as the reference does', () => {
    expect(Array.from(createModel({ kind: 'linear', features: ['sinX1'] }, 99).weights)).toEqual([
      0, 0, 0, 0,
    ]);
  });

  it('accepts well-formed specs and rejects everything else', () => {
    for (const [spec] of specs) expect(isValidModelSpec(JSON.parse(JSON.stringify(spec)))).toBe(true);
    expect(isValidModelSpec({ kind: 'network', hiddenLayers: [1, 16, 3], activation: 'relu' })).toBe(true);
    const invalid: unknown[] = [
      null,
      'linear',
      [],
      {},
      { kind: 'linear' },
      { kind: 'linear', features: ['x3'] },
      { kind: 'linear', features: ['x1x2', 'x1x2'] },
      { kind: 'quadratic', features: [] },
      { kind: 'network', hiddenLayers: [], activation: 'tanh' },
      { kind: 'network', hiddenLayers: [4, 4, 4, 4], activation: 'tanh' },
      { kind: 'network', hiddenLayers: [17], activation: 'tanh' },
      { kind: 'network', hiddenLayers: [0], activation: 'tanh' },
      { kind: 'network', hiddenLayers: [2.5], activation: 'tanh' },
      { kind: 'network', hiddenLayers: ['4'], activation: 'tanh' },
      { kind: 'network', hiddenLayers: [4], activation: 'softmax' },
      { kind: 'network', hiddenLayers: [4] },
    ];
    for (const value of invalid) expect(isValidModelSpec(value), JSON.stringify(value)).toBe(false);
  });
});
