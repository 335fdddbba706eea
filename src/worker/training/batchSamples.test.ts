import { describe, expect, it } from 'vitest';
import { countTrainingPoints } from '../../core/datasets.ts';
import { buildRun } from '../../core/run.ts';
import { BatchSamples } from './batchSamples.ts';
import { MAX_BATCH_SAMPLES } from './protocol.ts';
import { separableRun } from '../../test/runSettings.ts';

const settings = separableRun({ learningRate: 0.1, annealingRate: 1, batchSize: 1, epochs: 100 });
const trainCount = countTrainingPoints(200, 0.7);

describe('batch samples', () => {
  it('keeps every update until a message holds MAX_BATCH_SAMPLES, then every other one from then on', () => {
    const { stepper } = buildRun(settings);
    const samples = new BatchSamples();
    const step = () =>
      stepper.runBatches(1, (objective, size) => samples.sample(stepper, objective, size), samples.stride);
    for (let k = 0; k < MAX_BATCH_SAMPLES - 1; k++) step();
    expect([samples.count, samples.stride]).toEqual([MAX_BATCH_SAMPLES - 1, 1]);
    step();
    expect([samples.count, samples.stride]).toEqual([MAX_BATCH_SAMPLES / 2, 2]);
    const taken = samples.take();
    // The even-numbered updates stay: update u sits at u / trainCount on the epoch axis.
    expect(taken.positions.length).toBe(MAX_BATCH_SAMPLES / 2);
    expect(taken.positions[0]).toBeCloseTo(2 / trainCount, 12);
    expect(taken.positions.at(-1)).toBeCloseTo(MAX_BATCH_SAMPLES / trainCount, 12);
    expect(taken.objectives.length).toBe(MAX_BATCH_SAMPLES / 2);
    expect(taken.trajectory.length).toBe(MAX_BATCH_SAMPLES);
    expect(Array.from(taken.trajectory.slice(-2))).toEqual([
      stepper.model.weights[0],
      stepper.model.weights[1],
    ]);
    // The stride carries over to the next message: of two more updates, only the even one is kept.
    step();
    step();
    expect([samples.count, samples.stride]).toEqual([1, 2]);
    samples.reset();
    expect([samples.count, samples.stride]).toEqual([0, 1]);
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
