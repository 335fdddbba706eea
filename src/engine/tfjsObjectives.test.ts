import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PointSet } from '../core/datasets.ts';
import { createLinearModel } from '../core/linearModel.ts';
import { objectiveNames, objectives, type ObjectiveName } from '../core/objectives.ts';
import { featureTensors, linearObjectiveTensor, tfjsBatchGradient } from './tfjsObjectives.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
  expect(tf.getBackend()).toBe('cpu');
});

const coordinate = fc.double({ min: -6, max: 6, noNaN: true });
const example = fc.record({ x1: coordinate, x2: coordinate, y: fc.constantFrom(-1, 1) });
const weight = fc.double({ min: -3, max: 3, noNaN: true });

function toPoints(rows: readonly { x1: number; x2: number; y: number }[]): PointSet {
  return {
    x: Float64Array.from(rows.flatMap((r) => [r.x1, r.x2])),
    y: Float64Array.from(rows.map((r) => r.y)),
  };
}

/** The core's float64 gradient and objective, and Σ|term| per weight: the scale float32 rounding works at. */
function coreBatch(name: ObjectiveName, weights: readonly number[], points: PointSet) {
  const model = createLinearModel(weights);
  const order = Uint32Array.from(points.y, (_, i) => i);
  const gradient = new Float64Array(3);
  const objective = model.batchGradient(points, order, 0, order.length, objectives[name], gradient);
  const magnitude = [0, 0, 0];
  let lossMagnitude = 0;
  for (let i = 0; i < points.y.length; i++) {
    const features = [points.x[2 * i]!, points.x[2 * i + 1]!, 1];
    const score = model.score(features[0]!, features[1]!);
    const slope = objectives[name].derivative(score, points.y[i]!);
    features.forEach((feature, j) => (magnitude[j]! += Math.abs(slope * feature)));
    lossMagnitude += Math.abs(objectives[name].loss(score, points.y[i]!));
  }
  return { gradient, objective, magnitude, lossMagnitude };
}

describe.each(objectiveNames)('tfjs %s objective', (name) => {
  it('has the gradient of the hand-written core, to float32 precision', () => {
    fc.assert(
      fc.property(
        fc.array(example, { minLength: 1, maxLength: 64 }),
        fc.tuple(weight, weight, weight),
        (rows, weights) => {
          const points = toPoints(rows);
          // At a kink float32 and float64 scores may fall on different sides; keep clear of every kink.
          const objective = objectives[name];
          if (!objective.smooth) {
            fc.pre(
              rows.every((r) => {
                const score = weights[0] * r.x1 + weights[1] * r.x2 + weights[2];
                return objective.derivative(score - 1e-3, r.y) === objective.derivative(score + 1e-3, r.y);
              }),
            );
          }
          const core = coreBatch(name, weights, points);
          const indices = Array.from(points.y, (_, i) => i);
          const fromTf = tfjsBatchGradient(name, weights, points, indices);
          for (let j = 0; j < 3; j++) {
            const difference = Math.abs(fromTf.gradient[j]! - core.gradient[j]!);
            if (!(difference <= 1e-4 * Math.max(1, core.magnitude[j]!))) {
              throw new Error(`gradient[${j}]: tfjs ${fromTf.gradient[j]}, core ${core.gradient[j]}`);
            }
          }
          const difference = Math.abs(fromTf.objective - core.objective);
          if (!(difference <= 1e-4 * Math.max(1, core.lossMagnitude))) {
            throw new Error(`objective: tfjs ${fromTf.objective}, core ${core.objective}`);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('sums over the rows it is given, in any order and with repeats', () => {
    const points = toPoints([
      { x1: 1, x2: -2, y: 1 },
      { x1: -0.5, x2: 3, y: -1 },
      { x1: 2, x2: 2, y: 1 },
    ]);
    const weights = [0.3, -0.2, 0.1];
    const once = tfjsBatchGradient(name, weights, points, [0, 1, 2]);
    const twice = tfjsBatchGradient(name, weights, points, [2, 1, 0, 0, 1, 2]);
    expect(twice.objective).toBeCloseTo(2 * once.objective, 4);
    twice.gradient.forEach((g, j) => expect(g).toBeCloseTo(2 * once.gradient[j]!, 4));
    const first = tfjsBatchGradient(name, weights, points, [0]);
    const core = coreBatch(name, weights, { x: points.x.subarray(0, 2), y: points.y.subarray(0, 1) });
    first.gradient.forEach((g, j) => expect(g).toBeCloseTo(core.gradient[j]!, 5));
  });

  it('leaves no tensor behind after 1,000 gradients', () => {
    const points = toPoints(
      Array.from({ length: 32 }, (_, i) => ({ x1: Math.sin(i), x2: Math.cos(3 * i), y: i % 2 ? 1 : -1 })),
    );
    const indices = Array.from({ length: 32 }, (_, i) => i);
    tfjsBatchGradient(name, [0, 0, 0], points, indices);
    const before = tf.memory().numTensors;
    let weights = [0, 0, 0];
    for (let step = 0; step < 1000; step++) {
      const { gradient } = tfjsBatchGradient(name, weights, points, indices);
      weights = weights.map((w, j) => w - (0.01 * gradient[j]!) / 32);
    }
    expect(tf.memory().numTensors).toBe(before);
    expect(weights.every(Number.isFinite)).toBe(true);
  });
});

describe('linearObjectiveTensor', () => {
  it('keeps only its result: the caller disposes one scalar', () => {
    const points = toPoints([
      { x1: 1, x2: 2, y: 1 },
      { x1: -1, x2: 0.5, y: -1 },
    ]);
    const { features, labels } = featureTensors(points, [0, 1]);
    const weights = tf.tensor1d([0.5, -0.5, 0.25]);
    const before = tf.memory().numTensors;
    for (const name of objectiveNames) {
      const value = linearObjectiveTensor(name, weights, features, labels);
      expect(value.shape).toEqual([]);
      const core = coreBatch(name, [0.5, -0.5, 0.25], points);
      expect(value.dataSync()[0]).toBeCloseTo(core.objective, 5);
      value.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([features, labels, weights]);
  });

  it('stays finite for the logistic at scores of ±800, as the core does', () => {
    const points = toPoints([
      { x1: 100, x2: 0, y: 1 },
      { x1: -100, x2: 0, y: 1 },
    ]);
    const { gradient, objective } = tfjsBatchGradient('logistic', [8, 0, 0], points, [0, 1]);
    // Scores +800 (right, loss 0) and −800 (wrong, loss 800, slope −1 on x1 = −100).
    expect(objective).toBeCloseTo(800, 2);
    expect(Array.from(gradient)).toEqual([100, 0, -1].map((v) => expect.closeTo(v, 3)));
  });
});
