import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateDataset, type Dataset, type PointSet } from './datasets.ts';
import { createLinearModel } from './linearModel.ts';
import type { Model } from './model.ts';
import { objectiveNames, objectives, type ObjectiveName } from './objectives.ts';
import { createRandom } from './random.ts';
import {
  EXPLODING_WEIGHT,
  SgdStepper,
  createShuffler,
  type BatchReport,
  type Hyperparameters,
  type PermutationSource,
} from './sgd.ts';

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

type Weights = [number, number, number];

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
function handGradient(
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

function handEvaluate(name: ObjectiveName, w: readonly number[], points: PointSet, l2 = 0) {
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

function randomData(trainCount: number, seed: number): Dataset {
  return { train: randomPoints(trainCount, seed), test: randomPoints(7, seed + 1) };
}

function createStepper(
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
function collectEpochs(stepper: SgdStepper): BatchReport[][] {
  const epochs: BatchReport[][] = [];
  for (let report = stepper.stepBatch(); report !== null; report = stepper.stepBatch()) {
    (epochs[report.epochIndex] ??= []).push(report);
  }
  return epochs;
}

function expectClose(actual: number, expected: number, tolerance: number, where = ''): void {
  if (!(Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected)))) {
    throw new Error(`${where}: got ${actual}, expected ${expected}`);
  }
}

const objectiveName = fc.constantFrom(...objectiveNames);
/** No regularisation half of the time, so both paths of the stepper are exercised. */
const l2Strength = fc.oneof(fc.constant(0), fc.double({ min: 1e-4, max: 2, noNaN: true }));
const sizeAndBatch = fc
  .integer({ min: 1, max: 300 })
  .chain((n) => fc.tuple(fc.constant(n), fc.integer({ min: 1, max: n + 5 })));

describe('SgdStepper batches', () => {
  it('cover every training index exactly once per epoch, in ceil(n / batch) consecutive batches', () => {
    fc.assert(
      fc.property(sizeAndBatch, fc.nat(), ([n, batchSize], seed) => {
        const stepper = createStepper(randomData(n, seed), 'logistic', { batchSize, epochs: 3 });
        const epochs = collectEpochs(stepper);
        const batchesPerEpoch = Math.ceil(n / batchSize);
        const effectiveBatch = Math.min(batchSize, n);
        expect(epochs).toHaveLength(3);
        epochs.forEach((reports, epochIndex) => {
          expect(reports).toHaveLength(batchesPerEpoch);
          const covered = reports.flatMap((r) => Array.from(r.indices));
          expect([...covered].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
          reports.forEach((report, batchIndex) => {
            expect(report.epochIndex).toBe(epochIndex);
            expect(report.batchIndex).toBe(batchIndex);
            expect(report.batchesInEpoch).toBe(batchesPerEpoch);
            const isLast = batchIndex === batchesPerEpoch - 1;
            if (isLast) {
              expect(report.indices.length).toBeGreaterThan(0);
              expect(report.indices.length).toBeLessThanOrEqual(effectiveBatch);
            } else {
              expect(report.indices.length).toBe(effectiveBatch);
            }
            expect(report.epochRecord !== undefined).toBe(isLast);
          });
          expect(reports.at(-1)!.epochRecord!.updates).toBe((epochIndex + 1) * batchesPerEpoch);
        });
        expect(stepper.updates).toBe(3 * batchesPerEpoch);
        expect(stepper.history.map((record) => record.epoch)).toEqual([1, 2, 3]);
      }),
      { numRuns: 150 },
    );
  });

  it('takes the batches as consecutive slices of the epoch order, and shuffles afresh each epoch', () => {
    const stepper = createStepper(randomData(50, 4), 'hinge', { batchSize: 7, epochs: 2 });
    const orders: number[][] = [];
    const fromBatches: number[][] = [[], []];
    for (let report = stepper.stepBatch(); report !== null; report = stepper.stepBatch()) {
      fromBatches[report.epochIndex]!.push(...report.indices);
      if (report.epochRecord) orders.push(Array.from(stepper.epochOrder));
    }
    expect(fromBatches).toEqual(orders);
    expect(orders[0]).not.toEqual(orders[1]);
  });

  it('clamps a batch size larger than the training set to one full batch', () => {
    const stepper = createStepper(randomData(40, 9), 'squared', { batchSize: 1000, epochs: 2 });
    expect(stepper.batchSize).toBe(40);
    expect(stepper.batchesInEpoch).toBe(1);
    const epochs = collectEpochs(stepper);
    expect(epochs.map((reports) => reports.map((r) => r.indices.length))).toEqual([[40], [40]]);
    expect(stepper.history.map((record) => record.batchSize)).toEqual([40, 40]);
    stepper.setHyperparameters({ batchSize: 0 });
    expect(stepper.batchSize).toBe(1);
  });
});

describe('SgdStepper arithmetic', () => {
  it('with batch = all and annealing 1 is plain gradient descent, epoch by epoch', () => {
    for (const name of objectiveNames) {
      const data = randomData(60, 123);
      const learningRate = 0.05;
      const stepper = createStepper(data, name, { batchSize: 60, epochs: 25, learningRate });
      stepper.runBatches(Number.POSITIVE_INFINITY);
      expect(stepper.history).toHaveLength(25);
      let w: Weights = [0, 0, 0];
      const all = Array.from({ length: 60 }, (_, i) => i);
      stepper.history.forEach((record, e) => {
        const { sum } = handGradient(name, w, data.train, all);
        w = w.map((value, j) => value - (learningRate * sum[j]!) / 60) as Weights;
        const where = `${name} epoch ${e + 1}`;
        w.forEach((value, j) => expectClose(record.weights[j]!, value, 1e-10, `${where} w[${j}]`));
        const train = handEvaluate(name, w, data.train);
        const test = handEvaluate(name, w, data.test);
        expectClose(record.objective, train.objective, 1e-10, `${where} objective`);
        expectClose(record.testObjective, test.objective, 1e-10, `${where} test objective`);
        expect(record.trainAccuracy).toBe(train.accuracy);
        expect(record.testAccuracy).toBe(test.accuracy);
        expect(record.learningRate).toBe(learningRate);
        expect(record.updates).toBe(e + 1);
      });
      // The objective of gradient descent with a small step falls (a subgradient step need not).
      if (objectives[name].smooth)
        expect(stepper.history.at(-1)!.objective).toBeLessThan(stepper.history[0]!.objective);
    }
  });

  it('replays the reference loop for any batch size, learning rate and annealing', () => {
    fc.assert(
      fc.property(
        sizeAndBatch,
        objectiveName,
        fc.double({ min: 0.001, max: 0.04, noNaN: true }),
        fc.double({ min: 0.5, max: 1, noNaN: true }),
        l2Strength,
        fc.nat(),
        ([n, batchSize], name, learningRate, annealingRate, l2, seed) => {
          const data = randomData(n, seed);
          const handedOut: Uint32Array[] = [];
          const shuffle = createShuffler(seed);
          const recording: PermutationSource = (epochIndex, count) => {
            const order = shuffle(epochIndex, count);
            handedOut.push(order.slice());
            return order;
          };
          const epochs = 3;
          const stepper = createStepper(
            data,
            name,
            { batchSize, learningRate, annealingRate, epochs },
            recording,
            l2,
          );
          stepper.runBatches(Number.POSITIVE_INFINITY);
          expect(stepper.diverged).toBeNull();
          expect(handedOut).toHaveLength(epochs);

          // golden/README.md's loop, over the permutations the stepper was handed, with f_i = loss_i + L2.
          let w: Weights = [0, 0, 0];
          let rate = learningRate;
          for (let e = 0; e < epochs; e++) {
            const order = handedOut[e]!;
            for (let start = 0; start < n; start += batchSize) {
              const batch = order.subarray(start, start + batchSize);
              const { sum } = handGradient(name, w, data.train, batch, l2);
              w = w.map((value, j) => value - (rate * sum[j]!) / batch.length) as Weights;
            }
            const record = stepper.history[e]!;
            w.forEach((value, j) => expectClose(record.weights[j]!, value, 1e-9, `epoch ${e + 1} w[${j}]`));
            const train = handEvaluate(name, w, data.train, l2).objective;
            expectClose(record.objective, train, 1e-9, 'objective');
            expectClose(record.testObjective, handEvaluate(name, w, data.test, l2).objective, 1e-9, 'test');
            expectClose(record.learningRate, rate, 1e-14, 'learning rate');
            rate *= annealingRate;
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('reports every number of a step consistently: W* = W − lr · meanGradient', () => {
    fc.assert(
      fc.property(sizeAndBatch, objectiveName, l2Strength, fc.nat(), ([n, batchSize], name, l2, seed) => {
        const data = randomData(n, seed);
        const hyperparameters = { batchSize, learningRate: 0.03, annealingRate: 0.8 };
        const stepper = createStepper(data, name, hyperparameters, createShuffler(17), l2);
        let previousAfter: readonly number[] = [0, 0, 0];
        for (let report = stepper.stepBatch(); report !== null; report = stepper.stepBatch()) {
          const before = Array.from(report.weightsBefore);
          expect(before).toEqual(previousAfter);
          const { sum, magnitude, objective } = handGradient(name, before, data.train, report.indices, l2);
          const size = report.indices.length;
          for (let j = 0; j < 3; j++) {
            const mean = report.meanGradient[j]!;
            const tolerance = 1e-12 * (1 + magnitude[j]! / size);
            if (!(Math.abs(mean - sum[j]! / size) <= tolerance))
              throw new Error(`meanGradient[${j}] = ${mean}`);
            const expectedAfter = before[j]! - report.learningRate * mean;
            if (
              !(Math.abs(report.weightsAfter[j]! - expectedAfter) <= 1e-12 * (1 + Math.abs(expectedAfter)))
            ) {
              throw new Error(`weightsAfter[${j}] = ${report.weightsAfter[j]}, expected ${expectedAfter}`);
            }
          }
          expectClose(report.batchObjective, objective, 1e-12, 'batch objective');
          expect(report.learningRate).toBeCloseTo(0.03 * 0.8 ** report.epochIndex, 14);
          previousAfter = Array.from(report.weightsAfter);
        }
        expect(Array.from(stepper.model.weights)).toEqual(previousAfter);
      }),
      { numRuns: 100 },
    );
  });

  it('gives the same weights, history and reported batches from runBatches as from repeated stepBatch', () => {
    fc.assert(
      fc.property(
        sizeAndBatch,
        objectiveName,
        fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 8 }),
        fc.nat(),
        ([n, batchSize], name, chunks, seed) => {
          const data = randomData(n, seed);
          const fast = createStepper(data, name, { batchSize, epochs: 4 }, createShuffler(seed));
          const slow = createStepper(data, name, { batchSize, epochs: 4 }, createShuffler(seed));
          for (const [k, limit] of chunks.entries()) {
            // A different reporting interval per chunk: only updates numbered a multiple of it are seen.
            const every = 1 + (k % 3);
            const seen: [number, number, number][] = [];
            const done = fast.runBatches(
              limit,
              (objective, size) => seen.push([fast.updates, objective, size]),
              every,
            );
            const reports: [number, number, number][] = [];
            for (let step = 0; step < limit; step++) {
              const report = slow.stepBatch();
              if (report === null) break;
              reports.push([slow.updates, report.batchObjective, report.indices.length]);
            }
            expect(done).toBe(reports.length);
            expect(seen).toEqual(reports.filter(([update]) => update % every === 0));
            expect(fast.model.weights).toEqual(slow.model.weights);
            expect(fast.updates).toBe(slow.updates);
          }
          expect(fast.history).toEqual(slow.history);
        },
      ),
      { numRuns: 100 },
    );
  });

  it("takes the model's fused kernel bit for bit as the generic path would, divergence included", () => {
    fc.assert(
      fc.property(
        sizeAndBatch,
        objectiveName,
        fc.constantFrom(0.05, 3, 1e6),
        fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 6 }),
        fc.nat(),
        ([n, batchSize], name, learningRate, chunks, seed) => {
          const data = randomData(n, seed);
          const fused = createLinearModel();
          expect(fused.trainBatches).toBeDefined();
          // The same model without its fused kernel: the stepper then takes its generic loop.
          const generic = createLinearModel();
          const plain: Model = {
            label: generic.label,
            weights: generic.weights,
            parameterLabels: generic.parameterLabels,
            penalized: generic.penalized,
            score: (x1, x2) => generic.score(x1, x2),
            scoreAll: (x, out) => generic.scoreAll(x, out),
            batchGradient: (...args) => generic.batchGradient(...args),
          };
          const hyperparameters = { learningRate, annealingRate: 0.9, batchSize, epochs: 4 };
          const a = new SgdStepper(fused, data, objectives[name], hyperparameters, createShuffler(seed));
          const b = new SgdStepper(plain, data, objectives[name], hyperparameters, createShuffler(seed));
          for (const [k, limit] of chunks.entries()) {
            const seenA: number[] = [];
            const seenB: number[] = [];
            const every = 1 + (k % 3);
            expect(a.runBatches(limit, (objective) => seenA.push(objective), every)).toBe(
              b.runBatches(limit, (objective) => seenB.push(objective), every),
            );
            expect(seenA).toEqual(seenB);
            expect(Array.from(a.model.weights)).toEqual(Array.from(b.model.weights));
            expect(a.describeLastUpdate()).toEqual(b.describeLastUpdate());
            expect(a.diverged).toEqual(b.diverged);
          }
          expect(a.history).toEqual(b.history);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('is bit for bit the unregularised stepper when λ = 0 is given', () => {
    for (const name of objectiveNames) {
      const data = randomData(70, 12);
      const hyperparameters = { learningRate: 0.05, annealingRate: 0.9, batchSize: 9, epochs: 4 };
      const model = () => createLinearModel();
      const plain = new SgdStepper(model(), data, objectives[name], hyperparameters, createShuffler(3));
      const zero = new SgdStepper(model(), data, objectives[name], hyperparameters, createShuffler(3), {
        l2: 0,
      });
      plain.runBatches(Number.POSITIVE_INFINITY);
      zero.runBatches(Number.POSITIVE_INFINITY);
      expect(zero.l2).toBe(0);
      expect(zero.history).toEqual(plain.history);
      expect(zero.model.weights).toEqual(plain.model.weights);
    }
  });

  it('penalises the weights but not the bias', () => {
    // All labels +1 at the origin: the loss pulls only the bias; λ pulls w1, w2 (starting non-zero) to 0.
    const points: PointSet = { x: new Float64Array(8), y: Float64Array.of(1, 1, 1, 1) };
    const model = createLinearModel([2, -3, 0]);
    const hyperparameters = { learningRate: 0.1, annealingRate: 1, batchSize: 4, epochs: 1 };
    const stepper = new SgdStepper(
      model,
      { train: points, test: points },
      objectives.squared,
      hyperparameters,
      createShuffler(1),
      { l2: 0.5 },
    );
    const report = stepper.stepBatch()!;
    // Mean gradient: λ·w for the weights, mean 2(s − y) = −2 for the bias.
    expect(Array.from(report.meanGradient)).toEqual([1, -1.5, -2]);
    expect(Array.from(report.weightsAfter)).toEqual([2 - 0.1 * 1, -3 + 0.1 * 1.5, 0.2]);
    // Σ f_i = Σ (0 − 1)² + 4 · (0.5 / 2) · (4 + 9).
    expect(report.batchObjective).toBe(4 + 13);
  });

  it('refuses a negative or non-finite L2 strength', () => {
    for (const l2 of [-0.1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => createStepper(randomData(10, 1), 'logistic', {}, createShuffler(1), l2)).toThrow(
        RangeError,
      );
    }
  });

  it('is deterministic: the same seed gives the same run', () => {
    const run = () => {
      const stepper = createStepper(
        randomData(90, 3),
        'logistic',
        { batchSize: 10, epochs: 5 },
        createShuffler(8),
      );
      stepper.runBatches(Number.POSITIVE_INFINITY);
      return stepper.history;
    };
    expect(run()).toEqual(run());
  });
});

describe('SgdStepper schedule', () => {
  it('multiplies the learning rate by the annealing rate after every epoch', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-4, max: 0.05, noNaN: true }),
        fc.double({ min: 0.3, max: 1, noNaN: true }),
        (learningRate, annealingRate) => {
          const stepper = createStepper(randomData(30, 1), 'logistic', {
            learningRate,
            annealingRate,
            batchSize: 7,
            epochs: 12,
          });
          stepper.runBatches(Number.POSITIVE_INFINITY);
          expect(stepper.history).toHaveLength(12);
          stepper.history.forEach((record, e) => {
            expectClose(record.learningRate, learningRate * annealingRate ** e, 1e-12, `epoch ${e + 1}`);
          });
          expectClose(stepper.learningRate, learningRate * annealingRate ** 12, 1e-12, 'next rate');
        },
      ),
    );
  });

  it('applies a mid-epoch change of learning rate and batch size from the next epoch only', () => {
    const stepper = createStepper(randomData(20, 2), 'logistic', {
      learningRate: 0.1,
      annealingRate: 0.5,
      batchSize: 5,
      epochs: 3,
    });
    const early = [stepper.stepBatch()!, stepper.stepBatch()!];
    expect(stepper.setHyperparameters({ learningRate: 0.03, batchSize: 3 })).toBe(2);
    expect(stepper.learningRate).toBe(0.1);
    expect(stepper.batchSize).toBe(5);
    const epochs = collectEpochs(stepper);
    const firstEpoch = [...early, ...epochs[0]!];
    expect(firstEpoch.map((r) => r.indices.length)).toEqual([5, 5, 5, 5]);
    expect(firstEpoch.every((r) => r.learningRate === 0.1)).toBe(true);
    expect(epochs[1]!.map((r) => r.indices.length)).toEqual([3, 3, 3, 3, 3, 3, 2]);
    expect(epochs[1]!.every((r) => r.learningRate === 0.03)).toBe(true);
    expect(stepper.history.map((r) => [r.learningRate, r.batchSize, r.updates])).toEqual([
      [0.1, 5, 4],
      [0.03, 3, 11],
      [0.03 * 0.5, 3, 18],
    ]);
  });

  it('applies a change at once when the epoch has not begun', () => {
    const stepper = createStepper(randomData(20, 2), 'hinge', { learningRate: 0.1, batchSize: 5, epochs: 3 });
    expect(stepper.setHyperparameters({ learningRate: 0.2, batchSize: 7 })).toBe(1);
    expect([stepper.learningRate, stepper.batchSize]).toEqual([0.2, 7]);
    stepper.stepEpoch();
    expect(stepper.atEpochStart).toBe(true);
    expect(stepper.setHyperparameters({ learningRate: 0.01, batchSize: 4 })).toBe(2);
    expect([stepper.learningRate, stepper.batchSize]).toEqual([0.01, 4]);
    const report = stepper.stepBatch()!;
    expect([report.learningRate, report.indices.length]).toEqual([0.01, 4]);
    stepper.runBatches(Number.POSITIVE_INFINITY);
    expect(stepper.history.map((r) => [r.learningRate, r.batchSize])).toEqual([
      [0.2, 7],
      [0.01, 4],
      [0.01, 4],
    ]);
  });

  it('finishes after its epochs, and resumes when given more', () => {
    const stepper = createStepper(randomData(12, 5), 'squared', { batchSize: 5, epochs: 2 });
    expect(stepper.runBatches(1000)).toBe(6);
    expect(stepper.finished).toBe(true);
    expect(stepper.stepBatch()).toBeNull();
    expect(stepper.runBatches(10)).toBe(0);
    stepper.setHyperparameters({ epochs: 3 });
    expect(stepper.finished).toBe(false);
    expect(stepper.stepEpoch()!.epochRecord!.epoch).toBe(3);
    expect(stepper.history).toHaveLength(3);
  });
});

describe('SgdStepper divergence', () => {
  const separable = generateDataset({
    kind: 'separable',
    points: 300,
    noise: 0.3,
    trainFraction: 0.8,
    seed: 6,
  });

  function expectFiniteState(stepper: SgdStepper): void {
    for (const w of stepper.model.weights) {
      expect(Number.isFinite(w)).toBe(true);
      expect(Math.abs(w)).toBeLessThanOrEqual(EXPLODING_WEIGHT);
    }
    for (const record of stepper.history) {
      const numbers = [
        record.objective,
        record.testObjective,
        record.trainAccuracy,
        record.testAccuracy,
        record.learningRate,
        ...record.weights,
      ];
      expect(numbers.every(Number.isFinite)).toBe(true);
    }
  }

  it('stops a squared objective at learning rate 10, keeping the last finite state', () => {
    for (const batchSize of [1, 16, 240]) {
      const stepper = createStepper(separable, 'squared', { learningRate: 10, batchSize, epochs: 50 });
      let last: BatchReport | null = null;
      for (let report = stepper.stepBatch(); report !== null; report = stepper.stepBatch()) last = report;
      const divergence = stepper.diverged;
      expect(divergence).not.toBeNull();
      expect(divergence!.epoch).toBeGreaterThanOrEqual(1);
      expect(divergence!.batch).toBeGreaterThanOrEqual(1);
      expect(divergence!.batch).toBeLessThanOrEqual(stepper.batchesInEpoch);
      expect(divergence!.learningRate).toBe(10);
      expect(divergence!.reason.length).toBeGreaterThan(0);
      expect(divergence!.epoch).toBe(stepper.history.length + 1);
      expect(stepper.finished).toBe(true);
      expect(stepper.stepBatch()).toBeNull();
      expect(stepper.runBatches(100)).toBe(0);
      if (last !== null) expect(stepper.model.weights).toEqual(last.weightsAfter);
      expectFiniteState(stepper);
      // The report of the last update is the last kept one, not the rejected step's numbers.
      const described = stepper.describeLastUpdate();
      if (last === null) expect(described).toBeNull();
      else {
        expect(described?.weightsBefore).toEqual(last.weightsBefore);
        expect(described?.meanGradient).toEqual(last.meanGradient);
        expect(described?.weightsAfter).toEqual(last.weightsAfter);
      }
    }
  });

  it('records only finite epochs when a run diverges after a raise of the learning rate', () => {
    const stepper = createStepper(separable, 'squared', { learningRate: 0.001, batchSize: 16, epochs: 50 });
    stepper.runBatches(3 * stepper.batchesInEpoch);
    expect(stepper.history).toHaveLength(3);
    expect(stepper.setHyperparameters({ learningRate: 10 })).toBe(4);
    stepper.runBatches(Number.POSITIVE_INFINITY);
    expect(stepper.diverged?.epoch).toBe(4);
    expect(stepper.history).toHaveLength(3);
    expectFiniteState(stepper);
  });
});

describe('SgdStepper without training points', () => {
  it('is finished at once and never divides by an empty batch', () => {
    const empty = {
      train: { x: new Float64Array(0), y: new Float64Array(0) },
      test: { x: new Float64Array(0), y: new Float64Array(0) },
    };
    const stepper = new SgdStepper(
      createLinearModel(),
      empty,
      objectives.logistic,
      { learningRate: 0.1, annealingRate: 1, batchSize: 10, epochs: 5 },
      createShuffler(1),
    );
    expect(stepper.finished).toBe(true);
    expect(stepper.stepBatch()).toBeNull();
    expect(stepper.runBatches(10)).toBe(0);
    expect(Array.from(stepper.model.weights)).toEqual([0, 0, 0]);
  });
});

describe('SgdStepper rewind and bounded history', () => {
  const data = generateDataset({ kind: 'separable', points: 200, noise: 0.3, trainFraction: 0.7, seed: 8 });

  it('rewinds a diverged run to its last good epoch and continues from there', () => {
    const stepper = new SgdStepper(
      createLinearModel(),
      data,
      objectives.squared,
      { learningRate: 0.001, annealingRate: 0.9, batchSize: 10, epochs: 20 },
      createShuffler(3),
    );
    stepper.runBatches(3 * stepper.batchesInEpoch);
    const good = stepper.history[2]!;
    stepper.setHyperparameters({ learningRate: 10 });
    stepper.runBatches(Number.POSITIVE_INFINITY);
    expect(stepper.diverged).not.toBeNull();
    stepper.rewindToLastEpoch([0, 0, 0]);
    expect(stepper.diverged).toBeNull();
    expect(stepper.finished).toBe(false);
    expect(stepper.epoch).toBe(3);
    expect(stepper.updates).toBe(good.updates);
    expect(Array.from(stepper.model.weights)).toEqual(good.weights);
    stepper.setHyperparameters({ learningRate: 0.001 });
    expect(stepper.stepEpoch()?.epochRecord?.epoch).toBe(4);
    expect(stepper.history.map((record) => record.epoch)).toEqual([1, 2, 3, 4]);
  });

  it('keeps at most maxHistory records, evenly thinned, always the newest', () => {
    const stepper = new SgdStepper(
      createLinearModel(),
      data,
      objectives.logistic,
      { learningRate: 0.1, annealingRate: 1, batchSize: 140, epochs: 1000 },
      createShuffler(3),
      { maxHistory: 50 },
    );
    stepper.runBatches(Number.POSITIVE_INFINITY);
    expect(stepper.history.length).toBeLessThanOrEqual(50);
    expect(stepper.history.at(-1)?.epoch).toBe(1000);
    const epochs = stepper.history.map((record) => record.epoch);
    expect(epochs).toEqual([...epochs].sort((a, b) => a - b));
  });
});
