import { describe, expect, it } from 'vitest';
import { generateDataset, type Dataset } from './datasets.ts';
import { createLinearModel } from './linearModel.ts';
import { objectiveNames, objectives, type ObjectiveName } from './objectives.ts';
import {
  PLAIN_RECORD_SIZE,
  PLAIN_STOP_CHECK_SAMPLES,
  runPlainLinearSgd,
  runPlainLinearSgdFor,
  type PlainSgdOptions,
} from './plainLoop.ts';
import { createShuffler } from './random.ts';
import { SgdStepper } from './sgd.ts';

// Overlapping classes, so hinge and perceptron still make updates in the later epochs.
const data = generateDataset({ kind: 'overlapping', points: 250, noise: 0.6, trainFraction: 0.7, seed: 4 });
const trainCount = data.train.y.length;

function createStepper(dataset: Dataset, name: ObjectiveName, options: PlainSgdOptions): SgdStepper {
  return new SgdStepper(
    createLinearModel(),
    dataset,
    objectives[name],
    options,
    createShuffler(options.seed),
  );
}

/** The stepper's history in the plain loop's layout: train objective, train accuracy, test objective, test accuracy. */
function stepperRecords(stepper: SgdStepper): number[] {
  return stepper.history.flatMap((record) => [
    record.objective,
    record.trainAccuracy,
    record.testObjective,
    record.testAccuracy,
  ]);
}

/** Every number equal by Object.is (toBe), so that −0 against 0 or the last bit of a sum would fail. */
function expectSameNumbers(actual: ArrayLike<number>, expected: ArrayLike<number>): void {
  expect(actual.length).toBe(expected.length);
  for (let k = 0; k < expected.length; k++) expect(actual[k]).toBe(expected[k]);
}

describe('runPlainLinearSgd', () => {
  for (const name of objectiveNames) {
    for (const batchSize of [1, 7, trainCount]) {
      for (const seed of [3, 11]) {
        it(`equals SgdStepper exactly: ${name}, batch ${batchSize}, seed ${seed}`, () => {
          const options = { learningRate: 0.05, annealingRate: 0.9, batchSize, epochs: 6, seed };
          const plain = runPlainLinearSgd(data, name, options);
          const stepper = createStepper(data, name, options);
          stepper.runBatches(Number.POSITIVE_INFINITY);

          expect(stepper.diverged).toBeNull();
          expect(plain.epochs).toBe(6);
          expect(plain.updates).toBe(stepper.updates);
          expect(plain.samples).toBe(6 * trainCount);
          expectSameNumbers(plain.weights, stepper.model.weights);
          expect(plain.records.length).toBe(PLAIN_RECORD_SIZE * 6);
          expectSameNumbers(plain.records, stepperRecords(stepper));
          // The run really moved: a loop that did nothing would equal a stepper that did nothing.
          expect(plain.weights.some((weight) => weight !== 0)).toBe(true);
        });
      }
    }
  }

  it('clamps and rounds the batch size as the stepper does', () => {
    for (const batchSize of [0, 2.6, 10 * trainCount]) {
      const options = { learningRate: 0.1, annealingRate: 1, batchSize, epochs: 2, seed: 5 };
      const stepper = createStepper(data, 'hinge', options);
      stepper.runBatches(Number.POSITIVE_INFINITY);
      expectSameNumbers(runPlainLinearSgd(data, 'hinge', options).weights, stepper.model.weights);
    }
  });

  it('makes no update and records nothing without training points', () => {
    const empty: Dataset = { train: { x: new Float64Array(0), y: new Float64Array(0) }, test: data.test };
    const result = runPlainLinearSgd(empty, 'logistic', {
      learningRate: 0.1,
      annealingRate: 1,
      batchSize: 4,
      epochs: 3,
      seed: 1,
    });
    expect(result).toEqual({
      weights: [0, 0, 0],
      records: new Float64Array(0),
      epochs: 0,
      updates: 0,
      samples: 0,
    });
  });
});

describe('runPlainLinearSgdFor', () => {
  const options = { learningRate: 0.05, annealingRate: 0.95, batchSize: 7, epochs: 1e9, seed: 9 };

  it('stops at the first check past the target and replays on a stepper with the same updates', () => {
    const target = 10 * trainCount + 500;
    const asked: number[] = [];
    const result = runPlainLinearSgdFor(data, 'logistic', options, (samples) => {
      asked.push(samples);
      return samples >= target;
    });

    expect(result.samples).toBe(asked[asked.length - 1]);
    expect(result.samples).toBeGreaterThanOrEqual(target);
    expect(result.samples - target).toBeLessThan(PLAIN_STOP_CHECK_SAMPLES + options.batchSize);
    // Asked at most once per PLAIN_STOP_CHECK_SAMPLES samples.
    asked.forEach((samples, k) =>
      expect(samples - (asked[k - 1] ?? 0)).toBeGreaterThanOrEqual(PLAIN_STOP_CHECK_SAMPLES),
    );
    const stepper = createStepper(data, 'logistic', options);
    expect(stepper.runBatches(result.updates)).toBe(result.updates);
    expect(result.epochs).toBe(stepper.epoch);
    expectSameNumbers(result.weights, stepper.model.weights);
    expectSameNumbers(result.records, stepperRecords(stepper));
  });

  it('still records an epoch that its last batch completed', () => {
    // As many training points as samples between checks, at batch size 1: every check falls on an epoch's end.
    const epochSamples = PLAIN_STOP_CHECK_SAMPLES;
    const aligned = generateDataset({
      kind: 'overlapping',
      points: epochSamples * 2,
      noise: 0.6,
      trainFraction: 0.5,
      seed: 2,
    });
    const result = runPlainLinearSgdFor(
      aligned,
      'hinge',
      { ...options, batchSize: 1 },
      (samples) => samples >= 2 * epochSamples,
    );
    expect(result.samples).toBe(2 * epochSamples);
    expect(aligned.train.y.length).toBe(epochSamples);
    expect(result.epochs).toBe(2);
    expect(result.records.length).toBe(2 * PLAIN_RECORD_SIZE);
  });

  it('equals runPlainLinearSgd when it is never told to stop', () => {
    const short = { ...options, epochs: 5 };
    const timed = runPlainLinearSgdFor(data, 'squared', short, () => false);
    const whole = runPlainLinearSgd(data, 'squared', short);
    expectSameNumbers(timed.weights, whole.weights);
    expectSameNumbers(timed.records, whole.records);
    expect(timed.epochs).toBe(5);
  });
});
