import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PointSet } from './datasets.ts';
import { createLinearModel } from './linearModel.ts';
import type { Model } from './model.ts';
import { objectiveNames, objectives } from './objectives.ts';
import { createShuffler, type PermutationSource } from './random.ts';
import { SgdStepper } from './sgd.ts';
import {
  collectEpochs,
  createStepper,
  expectClose,
  handEvaluate,
  handGradient,
  l2Strength,
  objectiveName,
  randomData,
  sizeAndBatch,
  type Weights,
} from '../test/stepperReference.ts';

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
