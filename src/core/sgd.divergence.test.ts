import { describe, expect, it } from 'vitest';
import { generateDataset } from './datasets.ts';
import { createLinearModel } from './linearModel.ts';
import { objectives } from './objectives.ts';
import { createShuffler } from './random.ts';
import type { BatchReport } from './runRecords.ts';
import { EXPLODING_WEIGHT, SgdStepper } from './sgd.ts';
import { createStepper } from '../test/stepperReference.ts';

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
