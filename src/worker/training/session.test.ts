import { describe, expect, it } from 'vitest';
import { countTrainingPoints } from '../../core/datasets.ts';
import { GRID_RESOLUTION, type FromTraining, type ToTraining } from './protocol.ts';
import type { Reply } from './reply.ts';
import { TrainingSession } from './session.ts';
import { separableRun } from '../../test/runSettings.ts';

const settings = separableRun({ learningRate: 0.1, annealingRate: 0.9, batchSize: 10, epochs: 20 });
const trainCount = countTrainingPoints(200, 0.7);

/** A session driven by a fake clock that advances 16 ms a tick, as frames would. */
function drive(session: TrainingSession, runId: number, maxTicks = 10_000) {
  let now = 0;
  const messages: FromTraining[] = [];
  // The page draws each progress message and says so, as the bridge does.
  const receive = (replies: Reply[]) => {
    messages.push(...replies.map((reply) => reply.message));
    if (replies.some((reply) => reply.message.type === 'progress')) {
      receive(session.handle({ type: 'frameDone', runId }, now));
    }
  };
  const send = (message: ToTraining) => receive(session.handle(message, now));
  const tick = () => {
    now += 16;
    receive(session.tick(now, () => now));
  };
  const runUntilIdle = () => {
    for (let k = 0; k < maxTicks && session.wantsTicks; k++) tick();
  };
  return { messages, send, tick, runUntilIdle, advance: (ms: number) => (now += ms) };
}

function progressOf(messages: FromTraining[]) {
  return messages.filter(
    (message): message is Extract<FromTraining, { type: 'progress' }> => message.type === 'progress',
  );
}

/** Every number anywhere in a message, typed arrays included. */
function allNumbers(value: unknown, found: number[] = []): number[] {
  if (typeof value === 'number') found.push(value);
  else if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    found.push(...Array.from(value as unknown as ArrayLike<number>, Number));
  } else if (Array.isArray(value)) value.forEach((item) => allNumbers(item, found));
  else if (typeof value === 'object' && value !== null)
    Object.values(value).forEach((item) => allNumbers(item, found));
  return found;
}

describe('training session', () => {
  it('answers start with the dataset and a ready progress message with a heatmap grid', () => {
    const session = new TrainingSession();
    const replies: Reply[] = session.handle({ type: 'start', runId: 1, settings, speed: null }, 0);
    const [dataset, info, progress] = replies.map((reply) => reply.message);
    expect(dataset?.type).toBe('dataset');
    if (dataset?.type !== 'dataset' || info?.type !== 'runInfo' || progress?.type !== 'progress') {
      throw new Error('unexpected replies');
    }
    expect(info.info.parameterLabels).toEqual(['w₁', 'w₂', 'b']);
    expect(info.info.engineLabel).toMatch(/Fast/);
    // Separable data with the logistic loss: the weights would grow for ever.
    expect(info.info.optimum).toMatchObject({ kind: 'none' });
    expect(dataset.trainY.length).toBe(trainCount);
    expect(dataset.testY.length).toBe(200 - trainCount);
    expect(progress.counters).toMatchObject({ state: 'ready', epoch: 0, updates: 0, epochs: 20 });
    expect(progress.grid?.scores.length).toBe(GRID_RESOLUTION * GRID_RESOLUTION);
    // The big buffers are transferred, not copied.
    expect(replies[0]?.transfer.length).toBe(4);
    expect(replies[2]?.transfer).toContain(progress.grid?.scores.buffer);
  });

  it('steps one batch and reports its update', () => {
    const session = new TrainingSession();
    const { messages, send } = drive(session, 1);
    send({ type: 'start', runId: 1, settings, speed: null });
    send({ type: 'stepBatch', runId: 1 });
    const last = progressOf(messages).at(-1)!;
    expect(last.counters.updates).toBe(1);
    expect(last.counters.state).toBe('paused');
    const update = last.lastUpdate!;
    expect(update.indices.length).toBe(10);
    update.weightsAfter.forEach((w, j) =>
      expect(w).toBeCloseTo(update.weightsBefore[j]! - update.learningRate * update.meanGradient[j]!, 12),
    );
  });

  it('steps a whole epoch and reports its record', () => {
    const session = new TrainingSession();
    const { messages, send } = drive(session, 1);
    send({ type: 'start', runId: 1, settings, speed: null });
    send({ type: 'stepEpoch', runId: 1 });
    const last = progressOf(messages).at(-1)!;
    expect(last.newEpochs.map((record) => record.epoch)).toEqual([1]);
    expect(last.counters.updates).toBe(Math.ceil(trainCount / 10));
  });

  it('trains to the end, reporting every epoch exactly once, one message per drawn frame', () => {
    const session = new TrainingSession();
    const { messages, send, runUntilIdle } = drive(session, 1);
    send({ type: 'start', runId: 1, settings, speed: null });
    send({ type: 'play', runId: 1 });
    // Without frameDone the session holds back: at most the forced reply to play is out.
    // A progress message the page has not drawn yet holds the next one back.
    const first = session.tick(16, () => 16);
    expect(first.filter((reply) => reply.message.type === 'progress')).toHaveLength(1);
    expect(session.tick(32, () => 32)).toHaveLength(0);
    messages.push(...first.map((reply) => reply.message));
    send({ type: 'frameDone', runId: 1 });
    runUntilIdle();
    const epochs = progressOf(messages).flatMap((message) => message.newEpochs.map((record) => record.epoch));
    expect(epochs).toEqual(Array.from({ length: 20 }, (_, k) => k + 1));
    const last = progressOf(messages).at(-1)!;
    expect(last.counters.state).toBe('finished');
    expect(session.wantsTicks).toBe(false);
  });

  it('ignores messages of a replaced run', () => {
    const session = new TrainingSession();
    const { messages, send } = drive(session, 2);
    send({ type: 'start', runId: 1, settings, speed: null });
    send({ type: 'start', runId: 2, settings, speed: null });
    const count = messages.length;
    send({ type: 'stepBatch', runId: 1 });
    send({ type: 'play', runId: 1 });
    expect(messages.length).toBe(count);
    expect(session.wantsTicks).toBe(false);
  });

  it('schedules hyperparameters for the next epoch mid-epoch, and at once at an epoch start', () => {
    const session = new TrainingSession();
    const { messages, send } = drive(session, 1);
    send({ type: 'start', runId: 1, settings, speed: null });
    send({ type: 'setHyperparameters', runId: 1, changes: { learningRate: 0.5 } });
    send({ type: 'stepBatch', runId: 1 });
    send({ type: 'setHyperparameters', runId: 1, changes: { batchSize: 7 } });
    const scheduled = messages.filter((message) => message.type === 'hyperparametersScheduled');
    expect(scheduled.map((message) => message.fromEpoch)).toEqual([1, 2]);
    send({ type: 'stepEpoch', runId: 1 });
    send({ type: 'stepEpoch', runId: 1 });
    const records = progressOf(messages).flatMap((message) => message.newEpochs);
    expect(records.map((record) => [record.learningRate, record.batchSize])).toEqual([
      [0.5, 10],
      [0.5 * 0.9, 7],
    ]);
  });

  it('stops a diverging run and never sends a non-finite number', () => {
    const session = new TrainingSession();
    const { messages, send, runUntilIdle } = drive(session, 1);
    send({
      type: 'start',
      runId: 1,
      settings: {
        ...settings,
        objective: 'squared',
        hyperparameters: { ...settings.hyperparameters, learningRate: 10 },
      },
      speed: null,
    });
    send({ type: 'play', runId: 1 });
    runUntilIdle();
    const last = progressOf(messages).at(-1)!;
    expect(last.counters.state).toBe('diverged');
    expect(last.divergence?.epoch).toBeGreaterThanOrEqual(1);
    expect(last.divergence?.batch).toBeGreaterThanOrEqual(1);
    for (const message of messages) expect(allNumbers(message).every(Number.isFinite)).toBe(true);
  });

  it('pauses at once', () => {
    const session = new TrainingSession();
    const { messages, send, tick } = drive(session, 1);
    send({ type: 'start', runId: 1, settings, speed: 30 });
    send({ type: 'play', runId: 1 });
    tick();
    send({ type: 'pause', runId: 1 });
    const updates = progressOf(messages).at(-1)!.counters.updates;
    tick();
    tick();
    expect(progressOf(messages).at(-1)!.counters).toMatchObject({ state: 'paused', updates });
  });

  it('finds the exact optimum of a smooth objective on overlapping data, and none for a network', () => {
    const overlapping = { ...settings, dataset: { ...settings.dataset, kind: 'overlapping' as const } };
    const session = new TrainingSession();
    const { messages, send } = drive(session, 1);
    send({ type: 'start', runId: 1, settings: overlapping, speed: null });
    const info = messages.find((message) => message.type === 'runInfo');
    if (info?.type !== 'runInfo' || info.info.optimum.kind !== 'minimum') throw new Error('no optimum');
    expect(info.info.optimum.weights).toHaveLength(3);
    expect(info.info.optimum.boundary.length).toBeGreaterThan(0);
    send({
      type: 'start',
      runId: 2,
      settings: { ...overlapping, model: { kind: 'network', hiddenLayers: [4], activation: 'tanh' } },
      speed: null,
    });
    const networkInfo = messages.filter((message) => message.type === 'runInfo').at(-1);
    expect(networkInfo?.type === 'runInfo' && networkInfo.info.optimum.kind).toBe('unavailable');
  });

  it("sends each epoch's shuffled order once, the trajectory, the batch gradients and the landscape", () => {
    const session = new TrainingSession();
    const { messages, send } = drive(session, 1);
    send({ type: 'start', runId: 1, settings, speed: null });
    send({ type: 'stepBatch', runId: 1 });
    send({ type: 'stepBatch', runId: 1 });
    const progress = progressOf(messages);
    const orders = progress
      .filter((message) => message.epochOrder !== null)
      .map((message) => message.epochOrder!);
    expect(orders).toHaveLength(1);
    expect(orders[0]?.epochIndex).toBe(0);
    expect([...orders[0]!.order].sort((a, b) => a - b)).toEqual(
      Array.from({ length: trainCount }, (_, i) => i),
    );
    const last = progress.at(-1)!;
    expect(Array.from(last.lastUpdate!.indices)).toEqual(Array.from(orders[0]!.order.slice(10, 20)));
    expect(last.trajectory.length).toBe(2);
    expect(last.gradientView?.perExample.length).toBe(20);
    expect(last.landscape?.values.length).toBe(40 * 40);
    expect(Array.from(last.landscape!.values).every(Number.isFinite)).toBe(true);
    send({ type: 'stepEpoch', runId: 1 });
    send({ type: 'stepBatch', runId: 1 });
    const next = progressOf(messages).filter((message) => message.epochOrder !== null);
    expect(next.map((message) => message.epochOrder!.epochIndex)).toEqual([0, 1]);
  });

  it('gives a full batch a gradient cosine of 1 with the full-data gradient', () => {
    const session = new TrainingSession();
    const { messages, send } = drive(session, 1);
    const fullBatch = {
      ...settings,
      hyperparameters: { ...settings.hyperparameters, batchSize: trainCount },
    };
    send({ type: 'start', runId: 1, settings: fullBatch, speed: null });
    send({ type: 'stepBatch', runId: 1 });
    expect(progressOf(messages).at(-1)!.gradientView!.cosine).toBeCloseTo(1, 12);
  });

  it("trains on the user's own points when given", () => {
    const session = new TrainingSession();
    const { messages, send } = drive(session, 1);
    const x = new Float64Array([-2, -2, -1, -2, 2, 2, 1, 2, -2, -1, 2, 1]);
    const y = new Float64Array([-1, -1, 1, 1, -1, 1]);
    send({ type: 'start', runId: 1, settings: { ...settings, customPoints: { x, y } }, speed: null });
    const dataset = messages.find((message) => message.type === 'dataset');
    if (dataset?.type !== 'dataset') throw new Error('no dataset');
    expect(dataset.trainY.length + dataset.testY.length).toBe(6);
    const all = [...dataset.trainX, ...dataset.testX].sort((a, b) => a - b);
    expect(all).toEqual([...x].sort((a, b) => a - b));
  });
});
