import { describe, expect, it } from 'vitest';
import { IterateAverages } from '../../core/iterateAverages.ts';
import { evaluate } from '../../core/metrics.ts';
import { createModel } from '../../core/models.ts';
import { objectives } from '../../core/objectives.ts';
import { findOptimum } from '../../core/optimum.ts';
import { buildRun, type RunSettings } from '../../core/run.ts';
import { curvatureAndNoiseAtOptimum, predictStationarySpread } from '../../core/stationaryPrediction.ts';
import { separableRun } from '../../test/runSettings.ts';
import { NoiseFloorMeter } from './noiseFloor.ts';
import type { FromTraining, NoiseFloorViews } from './protocol.ts';
import { TrainingSession } from './session.ts';

/** The squared objective on the workers' test data, annealed: each epoch has a rate of its own. */
const settings: RunSettings = {
  ...separableRun({ learningRate: 0.05, annealingRate: 0.9, batchSize: 10, epochs: 200 }),
  objective: 'squared',
};

/** A meter on a fresh run of `settings`, with `views` shown. */
function meterOn(views: Partial<NoiseFloorViews>) {
  const run = buildRun(settings);
  const meter = new NoiseFloorMeter();
  const optimum = findOptimum(createModel(settings.model, 0), run.data.train, objectives.squared, 0);
  meter.reset({ model: settings.model, points: run.data.train, objective: run.objective, l2: 0, optimum });
  meter.setViews({ cloud: false, floor: false, averages: false, tailStartEpoch: 0, ...views });
  const measured = curvatureAndNoiseAtOptimum(
    createModel(settings.model, 0),
    run.data.train,
    objectives.squared,
    0,
    optimum,
  );
  return { run, meter, measured };
}

describe('NoiseFloorMeter: the floor per epoch', () => {
  it("sends each new epoch's floor at the rate it ran with, and all of them again after a restart", () => {
    const { run, meter, measured } = meterOn({ floor: true });
    run.stepper.runBatches(3 * 14);
    const floors = meter.describe(run.stepper)?.floorEpochs;
    const expected = [1, 2, 3].map((epoch) => {
      const prediction = predictStationarySpread(measured, 0.05 * 0.9 ** (epoch - 1), 10);
      if (prediction.kind !== 'prediction') throw new Error(prediction.reason);
      return {
        epoch,
        summedFloor: prediction.summedFloor,
        summedSmallRateFloor: 140 * prediction.smallRateFloor,
      };
    });
    expect(floors).toEqual(expected);
    run.stepper.runBatches(14);
    expect(meter.describe(run.stepper)?.floorEpochs?.map((floor) => floor.epoch)).toEqual([4]);
    expect(meter.describe(run.stepper)).toBeNull();
    meter.restart();
    expect(meter.describe(run.stepper)?.floorEpochs?.map((floor) => floor.epoch)).toEqual([1, 2, 3, 4]);
  });
});

describe('NoiseFloorMeter: the averages at each epoch end', () => {
  it('evaluates the summed objective at both averages after the last batch of each epoch', () => {
    const { run, meter } = meterOn({ averages: true, tailStartEpoch: 1 });
    const averages = new IterateAverages(3, { tailStart: 15, decay: 0.5 ** (1 / 14) });
    const model = createModel(settings.model, 0);
    const objectiveAt = (weights: ArrayLike<number>) => {
      model.weights.set(weights);
      return evaluate(model, run.data.train, objectives.squared).objective;
    };
    const expected: { epoch: number; tail: number | null; moving: number }[] = [];
    run.stepper.runBatches(3 * 14, () => {
      meter.observe(run.stepper);
      averages.observe(run.stepper.updates, run.model.weights);
      if (run.stepper.updates % 14 === 0) {
        const tail = averages.tailAverage;
        expected.push({
          epoch: run.stepper.updates / 14,
          tail: tail === null ? null : objectiveAt(tail),
          moving: objectiveAt(averages.movingAverage ?? []),
        });
      }
    });
    const epochs = meter.describe(run.stepper)?.averages?.epochs ?? [];
    expect(epochs.map((epoch) => [epoch.epoch, epoch.tail === null])).toEqual([
      [1, true],
      [2, false],
      [3, false],
    ]);
    epochs.forEach((epoch, k) => {
      expect(epoch.moving).toBeCloseTo(expected[k]!.moving, 9);
      if (epoch.tail !== null) expect(epoch.tail).toBeCloseTo(expected[k]!.tail!, 9);
    });
    expect(meter.describe(run.stepper)?.averages?.epochs).toBeUndefined();
  });
});

describe('training session: the landscape holds the iterate cloud', () => {
  it('widens the window to hold the predicted ellipse when the cloud is shown', () => {
    const session = new TrainingSession();
    const wide: RunSettings = {
      ...settings,
      hyperparameters: { learningRate: 0.098, annealingRate: 1, batchSize: 1, epochs: 200 },
    };
    const messages: FromTraining[] = [];
    const send = (message: Parameters<TrainingSession['handle']>[0]) =>
      messages.push(...session.handle(message, 0).map((reply) => reply.message));
    send({ type: 'start', runId: 1, settings: wide, speed: 300 });
    const progress = () => messages.filter((message) => message.type === 'progress');
    const before = progress().at(-1)?.landscape;
    send({ type: 'frameDone', runId: 1 });
    send({
      type: 'setNoiseFloorViews',
      runId: 1,
      views: { cloud: true, floor: false, averages: false, tailStartEpoch: 0 },
    });
    send({ type: 'frameDone', runId: 1 });
    send({ type: 'stepBatch', runId: 1 });
    const spread = progress().find((message) => message.noiseFloor?.spread)?.noiseFloor?.spread;
    const after = progress()
      .filter((message) => message.landscape)
      .at(-1)?.landscape;
    if (spread?.kind !== 'prediction' || !before || !after)
      throw new Error('expected a spread and landscapes');
    const { center, radii, angle } = spread.ellipse;
    // The ellipse's half-widths along w₁ and w₂.
    const half = [
      Math.hypot(radii[0] * Math.cos(angle), radii[1] * Math.sin(angle)),
      Math.hypot(radii[0] * Math.sin(angle), radii[1] * Math.cos(angle)),
    ] as const;
    const holds = (range: readonly [number, number], axis: 0 | 1) =>
      range[0] <= center[axis] - half[axis] && range[1] >= center[axis] + half[axis];
    // Before, the window held only the start and w*; the 95 % ellipse reaches beyond it.
    expect(holds(before.w1Range, 0) && holds(before.w2Range, 1)).toBe(false);
    expect(holds(after.w1Range, 0) && holds(after.w2Range, 1)).toBe(true);
  });
});
