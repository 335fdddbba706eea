import { describe, expect, it } from 'vitest';
import { countTrainingPoints } from '../core/datasets.ts';
import type { FromWorker, RunSettings, ToWorker } from './protocol.ts';
import { GRID_RESOLUTION, TrainingSession, type Reply } from './session.ts';

const settings: RunSettings = {
  dataset: { kind: 'separable', points: 200, noise: 0.3, trainFraction: 0.7, seed: 3 },
  objective: 'logistic',
  hyperparameters: { learningRate: 0.1, annealingRate: 0.9, batchSize: 10, epochs: 20 },
};
const trainCount = countTrainingPoints(200, 0.7);

/** A session driven by a fake clock that advances 16 ms a tick, as frames would. */
function drive(session: TrainingSession, runId: number, maxTicks = 10_000) {
  let now = 0;
  const messages: FromWorker[] = [];
  // The page draws each progress message and says so, as the bridge does.
  const receive = (replies: Reply[]) => {
    messages.push(...replies.map((reply) => reply.message));
    if (replies.some((reply) => reply.message.type === 'progress')) {
      receive(session.handle({ type: 'frameDone', runId }, now));
    }
  };
  const send = (message: ToWorker) => receive(session.handle(message, now));
  const tick = () => {
    now += 16;
    receive(session.tick(now, () => now));
  };
  const runUntilIdle = () => {
    for (let k = 0; k < maxTicks && session.wantsTicks; k++) tick();
  };
  return { messages, send, tick, runUntilIdle, advance: (ms: number) => (now += ms) };
}

function progressOf(messages: FromWorker[]) {
  return messages.filter(
    (message): message is Extract<FromWorker, { type: 'progress' }> => message.type === 'progress',
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
    const [dataset, progress] = replies.map((reply) => reply.message);
    expect(dataset?.type).toBe('dataset');
    if (dataset?.type !== 'dataset' || progress?.type !== 'progress') throw new Error('unexpected replies');
    expect(dataset.trainY.length).toBe(trainCount);
    expect(dataset.testY.length).toBe(200 - trainCount);
    expect(progress.counters).toMatchObject({ state: 'ready', epoch: 0, updates: 0, epochs: 20 });
    expect(progress.grid?.scores.length).toBe(GRID_RESOLUTION * GRID_RESOLUTION);
    // The big buffers are transferred, not copied.
    expect(replies[0]?.transfer.length).toBe(4);
    expect(replies[1]?.transfer).toContain(progress.grid?.scores.buffer);
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

  it('keeps to a limited speed', () => {
    const session = new TrainingSession();
    const { messages, send, tick } = drive(session, 1);
    send({ type: 'start', runId: 1, settings, speed: 10 });
    send({ type: 'play', runId: 1 });
    // Two seconds of frames at 10 batches per second.
    for (let k = 0; k < 125; k++) tick();
    const updates = progressOf(messages).at(-1)!.counters.updates;
    expect(updates).toBeGreaterThanOrEqual(18);
    expect(updates).toBeLessThanOrEqual(22);
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
});
