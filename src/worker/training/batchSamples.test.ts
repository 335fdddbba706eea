import { describe, expect, it } from 'vitest';
import { countTrainingPoints } from '../../core/datasets.ts';
import { appendEvenly, emptyEvenSeries } from '../../core/evenThinning.ts';
import { buildRun } from '../../core/run.ts';
import type { SgdStepper } from '../../core/sgd.ts';
import { BatchSamples } from './batchSamples.ts';
import { MAX_BATCH_SAMPLES } from './protocol.ts';
import { separableRun } from '../../test/runSettings.ts';

const settings = separableRun({ learningRate: 0.1, annealingRate: 1, batchSize: 1, epochs: 100 });
const trainCount = countTrainingPoints(200, 0.7);

/** The stepper's batch callback that feeds `samples`. */
const record = (samples: BatchSamples, stepper: SgdStepper) => (objective: number, size: number) =>
  samples.sample(stepper, objective, size);

describe('batch samples', () => {
  it('drops the held samples past a rewound epoch and keeps those before it, pairs and all', () => {
    const { stepper } = buildRun(settings);
    const samples = new BatchSamples();
    // One epoch and five batches of the next: batch size 1, so positions are k / trainCount.
    stepper.runBatches(trainCount + 5, record(samples, stepper), samples.stride);
    const held = samples.count;
    samples.dropAfter(1);
    expect(held).toBe(trainCount + 5);
    const kept = samples.take();
    expect(kept.positions.length).toBe(trainCount);
    expect(kept.positions.at(-1)).toBeCloseTo(1, 12);
    expect(kept.objectives.length).toBe(trainCount);
    expect(kept.trajectory.length).toBe(2 * trainCount);
  });

  it('samples every update until the run passes 8 · MAX_BATCH_SAMPLES updates, then every other one', () => {
    const { stepper } = buildRun(settings);
    const samples = new BatchSamples();
    const limit = 8 * MAX_BATCH_SAMPLES;
    // Across messages: the stride follows the run's updates, not the size of a message.
    stepper.runBatches(limit - 10, record(samples, stepper), samples.stride);
    expect(samples.take().positions.length).toBe(limit - 10);
    stepper.runBatches(10, record(samples, stepper), samples.stride);
    expect([samples.count, samples.stride]).toEqual([10, 1]);
    stepper.runBatches(1, record(samples, stepper), samples.stride);
    // Update limit + 1 widens the stride: of the held updates limit − 9 … limit + 1 the even ones stay.
    expect([samples.count, samples.stride]).toEqual([5, 2]);
    const taken = samples.take();
    expect(taken.positions[0]).toBeCloseTo((limit - 8) / trainCount, 12);
    expect(taken.positions.at(-1)).toBeCloseTo(limit / trainCount, 12);
    expect(taken.objectives.length).toBe(5);
    expect(taken.trajectory.length).toBe(10);
    // Update limit + 2 falls on the stride, limit + 3 does not.
    stepper.runBatches(1, record(samples, stepper), samples.stride);
    const weights = [stepper.model.weights[0], stepper.model.weights[1]];
    stepper.runBatches(1, record(samples, stepper), samples.stride);
    expect([samples.count, samples.stride]).toEqual([1, 2]);
    expect(Array.from(samples.take().trajectory)).toEqual(weights);
    samples.reset();
    expect([samples.count, samples.stride]).toEqual([0, 1]);
  });

  it('with the page, keeps a long run evenly sampled however big the first message is', () => {
    // 3,000 epochs of 14 batches: one message of 30,000 updates (a page that was busy), then small ones.
    const longSettings = separableRun({ learningRate: 0.1, annealingRate: 1, batchSize: 10, epochs: 3000 });
    const { stepper } = buildRun(longSettings);
    const samples = new BatchSamples();
    let kept = emptyEvenSeries();
    const send = () => {
      const taken = samples.take();
      kept = appendEvenly(kept, { positions: taken.positions, values: taken.objectives }, MAX_BATCH_SAMPLES);
    };
    stepper.runBatches(30_000, record(samples, stepper), samples.stride);
    send();
    while (!stepper.finished) {
      stepper.runBatches(70, record(samples, stepper), samples.stride);
      send();
    }
    expect(kept.positions.at(-1)).toBe(3000);
    expect(kept.positions.length).toBeLessThanOrEqual(MAX_BATCH_SAMPLES);
    const gaps = kept.positions.slice(1, -1).map((position, k) => position - kept.positions[k]!);
    expect(Math.max(...gaps) / Math.min(...gaps)).toBeLessThan(5 / 3);
  });

  it('scales a batch objective to the whole training set', () => {
    const { stepper } = buildRun({
      ...settings,
      hyperparameters: { ...settings.hyperparameters, batchSize: 7 },
    });
    const samples = new BatchSamples();
    let batchObjective = Number.NaN;
    stepper.runBatches(1, (objective, size) => {
      batchObjective = objective;
      samples.sample(stepper, objective, size);
    });
    const taken = samples.take();
    expect(Array.from(taken.objectives)).toEqual([(batchObjective * trainCount) / 7]);
    expect(Array.from(taken.positions)).toEqual([1 / Math.ceil(trainCount / 7)]);
  });
});
