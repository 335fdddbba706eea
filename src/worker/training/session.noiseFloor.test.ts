import { describe, expect, it } from 'vitest';
import { createModel } from '../../core/models.ts';
import { objectives } from '../../core/objectives.ts';
import { findOptimum } from '../../core/optimum.ts';
import { buildRun, type RunSettings } from '../../core/run.ts';
import { curvatureAndNoiseAtOptimum, predictStationarySpread } from '../../core/stationaryPrediction.ts';
import { separableRun } from '../../test/runSettings.ts';
import { CLOUD_SIZE, HIDDEN_NOISE_FLOOR_VIEWS, NoiseFloorMeter } from './noiseFloor.ts';
import type { FromTraining, NoiseFloorViews, ToTraining } from './protocol.ts';
import type { Reply } from './reply.ts';
import { TrainingSession } from './session.ts';

/** The squared objective on the workers' test data: 140 training points, 14 batches of 10 per epoch. */
const settings: RunSettings = {
  ...separableRun({ learningRate: 0.05, annealingRate: 1, batchSize: 10, epochs: 200 }),
  objective: 'squared',
};

type Progress = Extract<FromTraining, { type: 'progress' }>;

/** A session on a fake clock: each tick is 16 ms later, and the page acknowledges every frame. */
function drive(runSettings: RunSettings = settings) {
  const session = new TrainingSession();
  let now = 0;
  const progress: Progress[] = [];
  const receive = (replies: Reply[]) => {
    for (const { message } of replies) if (message.type === 'progress') progress.push(message);
    if (replies.some((reply) => reply.message.type === 'progress')) {
      receive(session.handle({ type: 'frameDone', runId: 1 }, now));
    }
  };
  const send = (message: ToTraining) => receive(session.handle(message, now));
  const show = (views: Partial<NoiseFloorViews>) =>
    send({ type: 'setNoiseFloorViews', runId: 1, views: { ...HIDDEN_NOISE_FLOOR_VIEWS, ...views } });
  const tick = () => {
    now += 16;
    receive(session.tick(now, () => now));
  };
  send({ type: 'start', runId: 1, settings: runSettings, speed: 300 });
  return { progress, send, show, tick };
}

/** The weights after each of the first `updates` updates of the same run, replayed in core. */
function replay(updates: number): Float64Array[] {
  const run = buildRun(settings);
  const iterates: Float64Array[] = [];
  run.stepper.runBatches(updates, () => iterates.push(run.model.weights.slice()));
  return iterates;
}

const withNoiseFloor = (messages: readonly Progress[]) => messages.filter((message) => message.noiseFloor);

describe('training session: the noise-floor views', () => {
  it('sends nothing of them while they are hidden', () => {
    const { progress, send, tick } = drive();
    send({ type: 'play', runId: 1 });
    for (let k = 0; k < 50; k++) tick();
    send({ type: 'stepBatch', runId: 1 });
    expect(progress.length).toBeGreaterThan(10);
    expect(withNoiseFloor(progress)).toHaveLength(0);
  });

  it('sends the predicted spread at once, and again only when the rate or the batch size changes', () => {
    const { progress, send, show, tick } = drive();
    show({ floor: true });
    const data = buildRun(settings).data.train;
    const model = createModel(settings.model, 0);
    const optimum = findOptimum(model, data, objectives.squared, 0);
    const measured = curvatureAndNoiseAtOptimum(model, data, objectives.squared, 0, optimum);
    const expected = predictStationarySpread(measured, 0.05, 10);
    if (expected.kind !== 'prediction') throw new Error(expected.reason);
    expect(progress.at(-1)?.noiseFloor).toEqual({
      spread: {
        kind: 'prediction',
        learningRate: 0.05,
        batchSize: 10,
        ellipse: expected.ellipse,
        trace: expected.trace,
        summedFloor: expected.summedFloor,
        summedSmallRateFloor: 140 * expected.smallRateFloor,
      },
      cloud: null,
      averages: null,
      floorEpochs: null,
    });
    send({ type: 'play', runId: 1 });
    const withSpread = () => progress.filter((message) => message.noiseFloor?.spread);
    for (let k = 0; k < 20; k++) tick();
    expect(withSpread()).toHaveLength(1);
    send({ type: 'setHyperparameters', runId: 1, changes: { batchSize: 20 } });
    for (let k = 0; k < 20; k++) tick();
    const spreads = withSpread().map((message) => message.noiseFloor?.spread);
    expect(spreads).toHaveLength(2);
    expect(spreads[1]?.kind === 'prediction' && spreads[1].batchSize).toBe(20);
  });

  it('keeps the last iterates, one per update, as the cloud', () => {
    const { progress, send, show, tick } = drive();
    show({ cloud: true });
    expect(progress.at(-1)?.noiseFloor?.cloud).toEqual(new Float64Array(0));
    send({ type: 'play', runId: 1 });
    for (let k = 0; k < 300; k++) tick();
    const last = withNoiseFloor(progress).at(-1);
    const updates = last?.counters.updates ?? 0;
    expect(updates).toBeGreaterThan(CLOUD_SIZE);
    const expected = replay(updates)
      .slice(-CLOUD_SIZE)
      .flatMap((weights) => [weights[0]!, weights[1]!]);
    expect(Array.from(last?.noiseFloor?.cloud ?? [])).toEqual(expected);
  });

  it('averages the iterates from the first update of the chosen epoch, and moves an EMA over every one', () => {
    const { progress, send, show, tick } = drive();
    show({ averages: true, tailStartEpoch: 2 });
    send({ type: 'play', runId: 1 });
    for (let k = 0; k < 30; k++) tick();
    const last = withNoiseFloor(progress).at(-1);
    const averages = last?.noiseFloor?.averages;
    if (!averages?.tail || !averages.moving) throw new Error('expected both averages');
    const updates = last?.counters.updates ?? 0;
    expect(updates).toBeGreaterThan(5 * 14);
    const iterates = replay(updates);
    // Epoch index 2 starts after 2 · 14 updates.
    const tail = iterates.slice(28);
    expect(averages.tailStart).toBe(2);
    expect(averages.tailCount).toBe(tail.length);
    averages.tail.forEach((value, j) =>
      expect(value).toBeCloseTo(tail.reduce((sum, weights) => sum + weights[j]!, 0) / tail.length, 12),
    );
    // Half-life one epoch (14 updates), from the first iterate on.
    expect(averages.movingHalfLife).toBe(14);
    const decay = 0.5 ** (1 / 14);
    expect(averages.tail).toHaveLength(3);
    expect(averages.moving).toHaveLength(3);
    const moving = iterates[0]!.slice();
    for (const weights of iterates.slice(1)) {
      for (let j = 0; j < moving.length; j++) moving[j] = decay * moving[j]! + (1 - decay) * weights[j]!;
    }
    averages.moving.forEach((value, j) => expect(value).toBeCloseTo(moving[j]!, 12));
    show({});
    const hidden = withNoiseFloor(progress).length;
    for (let k = 0; k < 30; k++) tick();
    expect(withNoiseFloor(progress)).toHaveLength(hidden);
  });

  it('says why there is no prediction for a network', () => {
    const { progress, show } = drive({
      ...settings,
      model: { kind: 'network', hiddenLayers: [4], activation: 'tanh' },
    });
    show({ cloud: true });
    expect(progress.at(-1)?.noiseFloor?.spread).toEqual({
      kind: 'none',
      reason: 'A network has many local minima: there is no single optimum to compare with.',
    });
  });
});

describe('NoiseFloorMeter', () => {
  it('forgets the iterates of undone updates on a restart (a rewind), and keeps its views', () => {
    const run = buildRun(settings);
    const meter = new NoiseFloorMeter();
    const optimum = findOptimum(createModel(settings.model, 0), run.data.train, objectives.squared, 0);
    meter.reset({ model: settings.model, points: run.data.train, objective: run.objective, l2: 0, optimum });
    meter.setViews({ cloud: true, floor: false, averages: true, tailStartEpoch: 0 });
    run.stepper.runBatches(20, () => meter.observe(run.stepper));
    const before = meter.describe(run.stepper);
    expect(before?.cloud).toHaveLength(40);
    expect(before?.averages?.tailCount).toBe(20);
    meter.restart();
    const after = meter.describe(run.stepper);
    expect(after?.cloud).toEqual(new Float64Array(0));
    expect(after?.averages).toEqual({
      tailStart: null,
      tailCount: 0,
      tail: null,
      moving: null,
      movingHalfLife: 14,
      epochs: [],
    });
    expect(meter.shown).toBe(true);
  });
});
