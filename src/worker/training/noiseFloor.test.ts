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

/**
 * A session on `learningRate` and batch size 1 that steps `settleEpochs` epochs, shows the cloud, then
 * steps a batch.
 */
function showCloud(learningRate: number, settleEpochs = 0) {
  const session = new TrainingSession();
  const run: RunSettings = {
    ...settings,
    hyperparameters: { learningRate, annealingRate: 1, batchSize: 1, epochs: 200 },
  };
  const messages: FromTraining[] = [];
  const send = (message: Parameters<TrainingSession['handle']>[0]) => {
    messages.push(...session.handle(message, 0).map((reply) => reply.message));
    messages.push(...session.handle({ type: 'frameDone', runId: 1 }, 0).map((reply) => reply.message));
  };
  const views = (cloud: boolean) =>
    send({
      type: 'setNoiseFloorViews',
      runId: 1,
      views: { cloud, floor: false, averages: false, tailStartEpoch: 0 },
    });
  const landscapes = () =>
    messages.flatMap((message) =>
      message.type === 'progress' && message.landscape ? [message.landscape] : [],
    );
  send({ type: 'start', runId: 1, settings: run, speed: 300 });
  for (let epoch = 0; epoch < settleEpochs; epoch++) send({ type: 'stepEpoch', runId: 1 });
  const before = landscapes().at(-1);
  views(true);
  send({ type: 'stepBatch', runId: 1 });
  const after = landscapes().at(-1);
  const spread = messages.flatMap((message) =>
    message.type === 'progress' && message.noiseFloor?.spread ? [message.noiseFloor.spread] : [],
  )[0];
  if (spread?.kind !== 'prediction' || !before || !after) throw new Error('expected a spread and landscapes');
  const { center, radii, angle } = spread.ellipse;
  // The ellipse's half-widths along w₁ and w₂.
  const half = [
    Math.hypot(radii[0] * Math.cos(angle), radii[1] * Math.sin(angle)),
    Math.hypot(radii[0] * Math.sin(angle), radii[1] * Math.cos(angle)),
  ] as const;
  const holdsEllipse = (landscape: typeof before) =>
    ([0, 1] as const).every((axis) => {
      const range = axis === 0 ? landscape.w1Range : landscape.w2Range;
      return range[0] <= center[axis] - half[axis] && range[1] >= center[axis] + half[axis];
    });
  const hide = () => {
    views(false);
    send({ type: 'stepBatch', runId: 1 });
    return landscapes().at(-1);
  };
  return { before, after, half, holdsEllipse, hide };
}

const span = (landscape: { w1Range: readonly [number, number] }) =>
  landscape.w1Range[1] - landscape.w1Range[0];

describe('training session: the landscape frames the iterate cloud', () => {
  it('widens the window to hold a large predicted ellipse when the cloud is shown', () => {
    const { before, after, holdsEllipse } = showCloud(0.098);
    // Before, the window held only the start and w*; the 95 % ellipse reaches beyond it.
    expect(holdsEllipse(before)).toBe(false);
    expect(holdsEllipse(after)).toBe(true);
  });

  it('zooms in on a small cloud and its ellipse, and back out to the path when the cloud is hidden', () => {
    const { before, after, half, holdsEllipse, hide } = showCloud(0.005, 50);
    expect(holdsEllipse(after)).toBe(true);
    // The ellipse fills a good part of the window instead of being a dot in a window that holds the start.
    expect(2 * Math.max(...half)).toBeGreaterThan(0.3 * span(after));
    expect(span(after)).toBeLessThan(0.5 * span(before));
    const hidden = hide();
    expect(hidden && span(hidden)).toBeGreaterThanOrEqual(span(before));
    expect(hidden && hidden.w1Range[0] < 0 && hidden.w2Range[0] < 0).toBe(true);
  });
});
