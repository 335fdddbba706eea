/**
 * What the stepper's tests share: the reference algorithm of golden/README.md written out by hand for the
 * linear model on [x1, x2, 1], independently of objectives.ts and metrics.ts, and small random runs.
 */
import fc from 'fast-check';
import type { Dataset, PointSet } from '../core/datasets.ts';
import type { Hyperparameters } from '../core/hyperparameters.ts';
import { createLinearModel } from '../core/linearModel.ts';
import { objectiveNames, objectives, type ObjectiveName } from '../core/objectives.ts';
import { createRandom, createShuffler, type PermutationSource } from '../core/random.ts';
import type { BatchReport } from '../core/runRecords.ts';
import { SgdStepper } from '../core/sgd.ts';

// The objectives written out again from golden/README.md, independently of objectives.ts.
const handLoss: Record<ObjectiveName, (s: number, y: number) => number> = {
  logistic: (s, y) => Math.log1p(Math.exp(-y * s)),
  hinge: (s, y) => Math.max(0, 1 - y * s),
  squared: (s, y) => (s - y) ** 2,
  perceptron: (s, y) => Math.max(0, -y * s),
};
const handSlope: Record<ObjectiveName, (s: number, y: number) => number> = {
  logistic: (s, y) => -y / (1 + Math.exp(y * s)),
  hinge: (s, y) => (y * s < 1 ? -y : 0),
  squared: (s, y) => 2 * (s - y),
  // The subgradient at y·s = 0 is −y, so that zero weights move.
  perceptron: (s, y) => (y * s <= 0 ? -y : 0),
};

/** The three weights of the linear model on [x1, x2, 1]. */
export type Weights = [number, number, number];

function scoreOf(w: readonly number[], points: PointSet, i: number): number {
  return w[0]! * points.x[2 * i]! + w[1]! * points.x[2 * i + 1]! + w[2]!;
}

/** (λ/2)·(w1² + w2²): the L2 penalty of one example; the bias w[2] is not penalised. */
function handPenalty(w: readonly number[], l2: number): number {
  return (l2 / 2) * (w[0]! ** 2 + w[1]! ** 2);
}

/**
 * Σ ∇f_i over `indices` on the features [x1, x2, 1], f_i = loss_i + (λ/2)·(w1² + w2²), and the magnitude
 * Σ|term| to scale a tolerance.
 */
export function handGradient(
  name: ObjectiveName,
  w: readonly number[],
  points: PointSet,
  indices: ArrayLike<number>,
  l2 = 0,
) {
  const sum: Weights = [0, 0, 0];
  const magnitude: Weights = [0, 0, 0];
  let objective = 0;
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k]!;
    const features = [points.x[2 * i]!, points.x[2 * i + 1]!, 1];
    const s = scoreOf(w, points, i);
    const slope = handSlope[name](s, points.y[i]!);
    objective += handLoss[name](s, points.y[i]!);
    features.forEach((feature, j) => {
      sum[j]! += slope * feature;
      magnitude[j]! += Math.abs(slope * feature);
    });
  }
  for (let j = 0; j < 2; j++) {
    sum[j]! += indices.length * l2 * w[j]!;
    magnitude[j]! += Math.abs(indices.length * l2 * w[j]!);
  }
  objective += indices.length * handPenalty(w, l2);
  return { sum, magnitude, objective };
}

/** The objective (summed, with the L2 penalty) and accuracy of weights `w` on `points`, by hand. */
export function handEvaluate(name: ObjectiveName, w: readonly number[], points: PointSet, l2 = 0) {
  let objective = points.y.length * handPenalty(w, l2);
  let correct = 0;
  for (let i = 0; i < points.y.length; i++) {
    const s = scoreOf(w, points, i);
    objective += handLoss[name](s, points.y[i]!);
    if (Math.sign(s) === points.y[i]) correct++;
  }
  return { objective, accuracy: correct / points.y.length };
}

/** Random points in [−2, 2]² with random labels: nothing the stepper could rely on. */
function randomPoints(count: number, seed: number): PointSet {
  const random = createRandom(seed);
  const x = Float64Array.from({ length: 2 * count }, () => 4 * random.next() - 2);
  const y = Float64Array.from({ length: count }, () => (random.next() < 0.5 ? -1 : 1));
  return { x, y };
}

/** `trainCount` random training points and seven random test points. */
export function randomData(trainCount: number, seed: number): Dataset {
  return { train: randomPoints(trainCount, seed), test: randomPoints(7, seed + 1) };
}

/** A stepper of the linear model with small default hyperparameters, overridden by `changes`. */
export function createStepper(
  data: Dataset,
  name: ObjectiveName,
  changes: Partial<Hyperparameters> = {},
  permute: PermutationSource = createShuffler(17),
  l2 = 0,
): SgdStepper {
  const hyperparameters = { learningRate: 0.05, annealingRate: 1, batchSize: 8, epochs: 3, ...changes };
  return new SgdStepper(createLinearModel(), data, objectives[name], hyperparameters, permute, { l2 });
}

/** Runs stepBatch to the end and groups the reports by epoch. */
export function collectEpochs(stepper: SgdStepper): BatchReport[][] {
  const epochs: BatchReport[][] = [];
  for (let report = stepper.stepBatch(); report !== null; report = stepper.stepBatch()) {
    (epochs[report.epochIndex] ??= []).push(report);
  }
  return epochs;
}

/** Throws, naming `where`, unless `actual` is within `tolerance` of `expected` (relative beyond 1). */
export function expectClose(actual: number, expected: number, tolerance: number, where = ''): void {
  if (!(Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected)))) {
    throw new Error(`${where}: got ${actual}, expected ${expected}`);
  }
}

/** Any of the objectives. */
export const objectiveName = fc.constantFrom(...objectiveNames);
/** No regularisation half of the time, so both paths of the stepper are exercised. */
export const l2Strength = fc.oneof(fc.constant(0), fc.double({ min: 1e-4, max: 2, noNaN: true }));
/** A training-set size n and a batch size up to n + 5. */
export const sizeAndBatch = fc
  .integer({ min: 1, max: 300 })
  .chain((n) => fc.tuple(fc.constant(n), fc.integer({ min: 1, max: n + 5 })));
