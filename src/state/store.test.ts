import { describe, expect, it } from 'vitest';
import type { EpochRecord } from '../core/runRecords.ts';
import { createFakeTransport } from '../test/fakeTransport.ts';
import type { FromTraining, RunCounters } from '../worker/training/protocol.ts';
import { connectStore, type BridgeEnvironment } from './bridge.ts';
import { addMark } from './runSlice.ts';
import { defaultConfig, fitBatchSize } from './config.ts';
import { createAppStore } from './store.ts';

function setup() {
  const fake = createFakeTransport();
  const store = createAppStore(fake.transport);
  const frames: (() => void)[] = [];
  connectStore(store, fake.transport, (callback) => frames.push(callback));
  store.getState().restartRun();
  const drawFrame = () => frames.splice(0).forEach((callback) => callback());
  return { ...fake, store, drawFrame };
}

function counters(changes: Partial<RunCounters> = {}): RunCounters {
  return {
    state: 'training',
    epoch: 1,
    epochs: 100,
    batchInEpoch: 0,
    batchesInEpoch: 14,
    updates: 14,
    learningRate: 0.1,
    batchSize: 10,
    tensors: null,
    ...changes,
  };
}

function record(epoch: number): EpochRecord {
  return {
    epoch,
    objective: 50 / epoch,
    testObjective: 20 / epoch,
    trainAccuracy: 0.9,
    testAccuracy: 0.85,
    learningRate: 0.1,
    batchSize: 10,
    updates: epoch * 14,
    weights: [1, 1, 0],
  };
}

function progress(
  runId: number,
  newEpochs: EpochRecord[],
  changes: Partial<RunCounters> = {},
): Extract<FromTraining, { type: 'progress' }> {
  return {
    type: 'progress',
    runId,
    counters: counters({ epoch: newEpochs.at(-1)?.epoch ?? 0, ...changes }),
    newEpochs,
    batchPositions: new Float64Array([0.5]),
    batchObjectives: new Float64Array([40]),
    weights: [1, 1, 0],
    grid: null,
    boundary: null,
    lastUpdate: null,
    gradientView: null,
    epochOrder: null,
    trajectory: new Float64Array([0.1, 0.2]),
    landscape: null,
    divergence: null,
  };
}

describe('app store', () => {
  it('starts a run with the current settings', () => {
    const { lastOfType } = setup();
    const start = lastOfType('start');
    expect(start?.runId).toBe(1);
    expect(start?.settings.dataset).toEqual(defaultConfig.dataset);
    expect(start?.settings.hyperparameters).toEqual(defaultConfig.hyperparameters);
  });

  it('applies the messages of a frame at once and acknowledges the frame', () => {
    const { store, emit, drawFrame, sent } = setup();
    emit(progress(1, [record(1)]));
    emit(progress(1, [record(2), record(3)]));
    expect(store.getState().history).toHaveLength(0);
    drawFrame();
    expect(store.getState().history.map((entry) => entry.epoch)).toEqual([1, 2, 3]);
    expect(store.getState().counters.epoch).toBe(3);
    expect(sent.filter((message) => message.type === 'frameDone')).toHaveLength(1);
  });

  it('drops messages of a replaced run', () => {
    const { store, emit, drawFrame } = setup();
    emit(progress(1, [record(1)]));
    store.getState().reset();
    emit(progress(1, [record(2)]));
    drawFrame();
    expect(store.getState().runId).toBe(2);
    expect(store.getState().history).toHaveLength(0);
    expect(store.getState().counters.epoch).toBe(0);
  });

  it('restarts the run, still training, when the data change during training', () => {
    const { store, emit, drawFrame, sent } = setup();
    emit(progress(1, [record(1)]));
    drawFrame();
    store.getState().changeConfig({ dataset: { kind: 'xor' } });
    const types = sent.slice(-2).map((message) => message.type);
    expect(types).toEqual(['start', 'play']);
    expect(store.getState().history).toHaveLength(0);
  });

  it('sends hyperparameter changes to the running run and marks them once per epoch boundary', () => {
    const { store, emit, drawFrame, lastOfType } = setup();
    emit(progress(1, [record(1)]));
    drawFrame();
    store.getState().changeConfig({ hyperparameters: { learningRate: 0.5 } });
    expect(lastOfType('setHyperparameters')?.changes).toEqual({ learningRate: 0.5 });
    emit({ type: 'hyperparametersScheduled', runId: 1, fromEpoch: 3, changes: { learningRate: 0.5 } });
    emit({ type: 'hyperparametersScheduled', runId: 1, fromEpoch: 3, changes: { learningRate: 0.2 } });
    emit({ type: 'hyperparametersScheduled', runId: 1, fromEpoch: 3, changes: { batchSize: 32 } });
    drawFrame();
    expect(store.getState().marks).toEqual([
      { epoch: 2, changes: { learningRate: 0.2, batchSize: 32 }, label: 'lr 0.2, batch 32' },
    ]);
  });

  it('keeps settings inside their limits', () => {
    const { store } = setup();
    store
      .getState()
      .changeConfig({ hyperparameters: { learningRate: 1e6, annealingRate: 0.1, epochs: 1e9 } });
    expect(store.getState().config.hyperparameters).toMatchObject({
      learningRate: 10,
      annealingRate: 0.5,
      epochs: 100_000,
    });
    store.getState().changeConfig({ dataset: { points: 5, noise: 7, trainFraction: 1 } });
    expect(store.getState().config.dataset).toMatchObject({ points: 10, noise: 1, trainFraction: 0.9 });
  });

  it('clamps a batch size above the training count with a note, and a full batch follows the data', () => {
    const { store } = setup();
    store.getState().changeConfig({ hyperparameters: { batchSize: 500 } });
    expect(store.getState().config.hyperparameters.batchSize).toBe(140);
    expect(store.getState().batchSizeNote).toMatch(/500 is more than the 140 training points/);
    store.getState().changeConfig({ dataset: { points: 1000 } });
    expect(store.getState().config.hyperparameters.batchSize).toBe(700);
    expect(store.getState().batchSizeNote).toBeNull();
    store.getState().changeConfig({ hyperparameters: { batchSize: 32 } });
    store.getState().changeConfig({ dataset: { points: 20 } });
    expect(store.getState().config.hyperparameters.batchSize).toBe(14);
    expect(store.getState().batchSizeNote).toMatch(/32 is more than the 14 training points/);
  });

  it('starts over when Train is pressed after a finished or diverged run', () => {
    const { store, emit, drawFrame, sent } = setup();
    emit(progress(1, [record(1)], { state: 'finished' }));
    drawFrame();
    store.getState().train();
    expect(sent.slice(-2).map((message) => message.type)).toEqual(['start', 'play']);
    expect(store.getState().runId).toBe(2);
  });

  it('reports a worker fault and restarts the worker with the same settings', () => {
    const { store, fault, restarts, lastOfType } = setup();
    store.getState().changeConfig({ hyperparameters: { learningRate: 0.02 } });
    fault('boom');
    expect(store.getState().workerError).toBe('boom');
    store.getState().restartWorker();
    expect(restarts()).toBe(1);
    expect(store.getState().workerError).toBeNull();
    expect(lastOfType('start')?.settings.hyperparameters.learningRate).toBe(0.02);
  });
});

describe('helpers', () => {
  it('fits a batch size to the data', () => {
    expect(fitBatchSize(10, 140, null)).toEqual({ batchSize: 10, note: null });
    expect(fitBatchSize(200, 140, null).batchSize).toBe(140);
    expect(fitBatchSize(140, 700, 140)).toEqual({ batchSize: 700, note: null });
    expect(fitBatchSize(0.2, 140, null).batchSize).toBe(1);
  });

  it('ignores a mark with nothing to say', () => {
    expect(addMark([], 3, { epochs: 10 })).toEqual([]);
  });
});

/**
 * A store connected by a bridge whose clock (`clock.now`) and animation frames (`drawFrame`) the test
 * drives; `changes` replace parts of that environment (the store's period is the browser's unless given).
 */
function clocked(changes: Partial<BridgeEnvironment> = {}) {
  const fake = createFakeTransport();
  const store = createAppStore(fake.transport);
  const clock = { now: 0 };
  const frames: (() => void)[] = [];
  connectStore(store, fake.transport, {
    requestFrame: (callback) => frames.push(callback),
    now: () => clock.now,
    every: () => () => {},
    prefersReducedMotion: () => false,
    ...changes,
  });
  store.getState().restartRun();
  const drawFrame = () => frames.splice(0).forEach((callback) => callback());
  return { ...fake, store, clock, drawFrame };
}

describe('bridge watchdog and pacing', () => {
  it('reports a worker that goes silent while training, and never one that is paused', () => {
    let tick = () => {};
    const { store, emit, clock } = clocked({
      requestFrame: (callback) => callback(),
      every: (_milliseconds, callback) => {
        tick = callback;
        return () => {};
      },
    });
    emit(progress(1, [], { state: 'paused' }));
    clock.now = 10_000;
    tick();
    expect(store.getState().workerError).toBeNull();
    emit(progress(1, [], { state: 'training' }));
    clock.now = 12_000;
    tick();
    expect(store.getState().workerError).toBeNull();
    clock.now = 15_000;
    tick();
    expect(store.getState().workerError).toMatch(/stopped responding/);
  });

  it('while training, gives the store every frame’s messages and acknowledges each frame', () => {
    const { store, emit, lastOfType, sent, clock, drawFrame } = clocked();
    const stored: number[] = [];
    store.subscribe((state, previous) => {
      if (state.history !== previous.history) stored.push(clock.now);
    });
    // Two messages in one frame reach the store together; a frame with none changes nothing.
    clock.now = 16;
    emit(progress(1, [record(1)]));
    emit(progress(1, [record(2)]));
    drawFrame();
    clock.now = 32;
    drawFrame();
    clock.now = 48;
    emit({ ...progress(1, [record(3)]), boundary: new Float32Array([3, 0, 1, 1]) });
    drawFrame();
    expect(stored).toEqual([16, 48]);
    expect(store.getState().history).toHaveLength(3);
    expect(Array.from(store.getState().boundary ?? [])).toEqual([3, 0, 1, 1]);
    expect(sent.filter((message) => message.type === 'frameDone')).toHaveLength(2);
    // A replaced run's frame is neither stored nor acknowledged.
    clock.now = 64;
    emit(progress(0, [record(9)]));
    drawFrame();
    expect(store.getState().history).toHaveLength(3);
    expect(sent.filter((message) => message.type === 'frameDone')).toHaveLength(2);
    expect(lastOfType('frameDone')?.runId).toBe(1);
  });

  it('redraws at most four times a second for reduced motion', () => {
    const { store, emit, clock, drawFrame } = clocked({ prefersReducedMotion: () => true });
    const drawn: number[] = [];
    store.subscribe((state, previous) => {
      if (state.history !== previous.history) drawn.push(clock.now);
    });
    for (let frame = 1; frame <= 60; frame++) {
      clock.now = frame * 16;
      emit(progress(1, [record(frame)]));
      drawFrame();
    }
    // Frames come every 16 ms; the store takes them at the first frame 250 ms or more after the last.
    expect(drawn).toEqual([16, 272, 528, 784]);
    // Nothing is lost: the last messages are drawn in the next allowed frame.
    clock.now += 300;
    drawFrame();
    expect(store.getState().history).toHaveLength(60);
  });
});
