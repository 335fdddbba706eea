import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createLinearModel } from './linearModel.ts';
import { objectives } from './objectives.ts';
import { createShuffler } from './random.ts';
import { SgdStepper } from './sgd.ts';
import { collectEpochs, createStepper, expectClose, randomData } from '../test/stepperReference.ts';

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
