import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateDataset, type DatasetName, type PointSet } from '../core/datasets.ts';
import type { Hyperparameters } from '../core/hyperparameters.ts';
import type { Model } from '../core/model.ts';
import { activationNames, type ModelSpec } from '../core/modelSpec.ts';
import { createModel, describeModel } from '../core/models.ts';
import { objectiveNames, objectives, type Objective } from '../core/objectives.ts';
import { createRandom, createShuffler } from '../core/random.ts';
import { SgdStepper } from '../core/sgd.ts';
import { createTfjsModel, objectiveNameOf, summedLosses } from './tfjsModel.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
  expect(tf.getBackend()).toBe('cpu');
});

const specs: readonly ModelSpec[] = [
  { kind: 'linear', features: [] },
  { kind: 'linear', features: ['x1x2'] },
  { kind: 'linear', features: ['x1Squared', 'x2Squared', 'x1x2', 'sinX1', 'sinX2'] },
  ...activationNames.flatMap((activation) =>
    [[3], [4, 3], [2, 3, 2]].map((hiddenLayers): ModelSpec => ({
      kind: 'network',
      hiddenLayers,
      activation,
    })),
  ),
];

/** Random points in [−3, 3]² with random labels, and the identity order. */
function randomBatch(count: number, seed: number): { points: PointSet; order: Uint32Array } {
  const random = createRandom(seed);
  const x = Float64Array.from({ length: 2 * count }, () => 6 * random.next() - 3);
  const y = Float64Array.from({ length: count }, () => (random.next() < 0.5 ? -1 : 1));
  return { points: { x, y }, order: Uint32Array.from({ length: count }, (_, i) => i) };
}

/** Whether every score is clear of the objective's kinks, where float32 and float64 may take different sides. */
function clearOfKinks(model: Model, points: PointSet, objective: Objective): boolean {
  if (objective.smooth) return true;
  const scores = new Float64Array(points.y.length);
  model.scoreAll(points.x, scores);
  return scores.every((score, i) => {
    const label = points.y[i]!;
    return objective.derivative(score - 1e-3, label) === objective.derivative(score + 1e-3, label);
  });
}

/**
 * The fast engine's gradient and objective, with the scale float32 rounding works at: Σ over the rows of
 * |∂loss_i/∂w_j| per weight, and Σ |loss_i|.
 */
function fastBatch(model: Model, points: PointSet, order: Uint32Array, objective: Objective) {
  const size = model.weights.length;
  const gradient = new Float64Array(size);
  const value = model.batchGradient(points, order, 0, order.length, objective, gradient);
  const magnitude = new Float64Array(size);
  const row = new Float64Array(size);
  let lossMagnitude = 0;
  for (let k = 0; k < order.length; k++) {
    lossMagnitude += Math.abs(model.batchGradient(points, order, k, k + 1, objective, row));
    row.forEach((g, j) => (magnitude[j] = magnitude[j]! + Math.abs(g)));
  }
  return { gradient, value, magnitude, lossMagnitude };
}

describe.each(specs.map((spec) => [describeModel(spec), spec] as const))('tfjs %s', (_name, spec) => {
  it.each(objectiveNames)('has the fast engine’s gradient and Σ %s, to float32 precision', (name) => {
    const objective = objectives[name];
    const fast = createModel(spec, 11);
    const viaTfjs = createTfjsModel(tf, spec, 11);
    expect(Array.from(viaTfjs.weights)).toEqual(Array.from(fast.weights));
    expect(viaTfjs.parameterLabels).toEqual(fast.parameterLabels);
    expect(Array.from(viaTfjs.penalized)).toEqual(Array.from(fast.penalized));
    let checked = 0;
    for (let seed = 1; checked < 3; seed++) {
      expect(seed).toBeLessThan(100);
      const random = createRandom(seed);
      // Random weights with non-zero biases, set identically in both engines.
      fast.weights.forEach((_, j) => (fast.weights[j] = 1.2 * random.normal()));
      viaTfjs.weights.set(fast.weights);
      const { points, order } = randomBatch(16, seed);
      if (!clearOfKinks(fast, points, objective)) continue;
      const expected = fastBatch(fast, points, order, objective);
      const gradient = new Float64Array(fast.weights.length).fill(Number.NaN);
      const value = viaTfjs.batchGradient(points, order, 0, order.length, objective, gradient);
      const largest = Math.max(...expected.magnitude);
      gradient.forEach((g, j) => {
        const tolerance = 1e-4 * Math.max(expected.magnitude[j]!, 1e-3 * largest, 1e-4);
        if (!(Math.abs(g - expected.gradient[j]!) <= tolerance)) {
          throw new Error(`${fast.parameterLabels[j]}: tfjs ${g}, fast ${expected.gradient[j]}`);
        }
      });
      if (!(Math.abs(value - expected.value) <= 1e-4 * Math.max(1, expected.lossMagnitude))) {
        throw new Error(`objective: tfjs ${value}, fast ${expected.value}`);
      }
      checked++;
    }
    viaTfjs.dispose();
  });
});

describe('tfjs model', () => {
  it('scores as the fast engine does, sharing its weights', () => {
    const spec: ModelSpec = { kind: 'network', hiddenLayers: [4], activation: 'sigmoid' };
    const fast = createModel(spec, 3);
    const viaTfjs = createTfjsModel(tf, spec, 3);
    expect(viaTfjs.label).toBe('Network 2-4-1 sigmoid');
    viaTfjs.weights[0] = 2;
    fast.weights[0] = 2;
    expect(viaTfjs.score(0.5, -1)).toBe(fast.score(0.5, -1));
  });

  it.each(objectiveNames)(
    'takes the core’s subgradient of %s at zero weights, where every score sits at 0',
    (name) => {
      // At the perceptron's kink y·s = 0 the core takes −y (tf.relu would take 0, and zero weights would
      // never move); the hinge is sloped there. Both engines must start a run the same way.
      const spec: ModelSpec = { kind: 'linear', features: ['x1Squared'] };
      const { points, order } = randomBatch(5, 2);
      const expected = new Float64Array(4);
      createModel(spec, 0).batchGradient(points, order, 0, 5, objectives[name], expected);
      const gradient = new Float64Array(4);
      createTfjsModel(tf, spec, 0).batchGradient(points, order, 0, 5, objectives[name], gradient);
      gradient.forEach((g, j) => expect(g).toBeCloseTo(expected[j]!, 5));
    },
  );

  it('has an expression for every core objective and refuses an unregistered one', () => {
    for (const name of objectiveNames) {
      expect(typeof summedLosses[name]).toBe('function');
      expect(objectiveNameOf(objectives[name])).toBe(name);
    }
    const stranger: Objective = { ...objectives.logistic, label: 'Stranger' };
    expect(() => objectiveNameOf(stranger)).toThrow(/Stranger/);
  });

  it('leaves no tensor behind over 2,000 SGD steps', () => {
    const data = generateDataset({ kind: 'moons', points: 200, noise: 0.2, trainFraction: 0.8, seed: 1 });
    const model = createTfjsModel(tf, { kind: 'network', hiddenLayers: [4, 4], activation: 'relu' }, 1);
    const stepper = new SgdStepper(
      model,
      data,
      objectives.logistic,
      { learningRate: 0.05, annealingRate: 1, batchSize: 8, epochs: 1000 },
      createShuffler(1),
    );
    const before = tf.memory().numTensors;
    expect(stepper.runBatches(2000)).toBe(2000);
    expect(tf.memory().numTensors).toBe(before);
    expect(stepper.diverged).toBeNull();
    model.dispose();
  });
});

/** The per-epoch training objective of a run in each engine, from the same seed. */
function curves(spec: ModelSpec, kind: DatasetName, hyperparameters: Hyperparameters) {
  const data = generateDataset({ kind, points: 200, noise: 0.2, trainFraction: 0.8, seed: 4 });
  const run = (model: Model) => {
    const stepper = new SgdStepper(model, data, objectives.logistic, hyperparameters, createShuffler(9));
    stepper.runBatches(Number.POSITIVE_INFINITY);
    return stepper.history.map((record) => record.objective);
  };
  return { fast: run(createModel(spec, 5)), viaTfjs: run(createTfjsModel(tf, spec, 5)) };
}

describe('training curves of the two engines', () => {
  const hyperparameters = { learningRate: 0.05, annealingRate: 0.95, batchSize: 10, epochs: 5 };
  it.each([
    [{ kind: 'network', hiddenLayers: [6, 4], activation: 'tanh' }, 'moons'],
    [{ kind: 'linear', features: ['x1Squared', 'x2Squared'] }, 'circles'],
  ] satisfies [ModelSpec, DatasetName][])('agree for %o', (spec, kind) => {
    const { fast, viaTfjs } = curves(spec, kind, hyperparameters);
    expect(viaTfjs).toHaveLength(5);
    viaTfjs.forEach((objective, epoch) => {
      const expected = fast[epoch]!;
      if (!(Math.abs(objective - expected) <= 1e-3 * Math.abs(expected))) {
        throw new Error(`epoch ${epoch + 1}: tfjs ${objective}, fast ${expected}`);
      }
    });
    // The run learned something, so agreeing is not just two flat lines.
    expect(fast[4]!).toBeLessThan(0.8 * fast[0]!);
  });
});
