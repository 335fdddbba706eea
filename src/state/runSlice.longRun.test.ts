import { describe, expect, it } from 'vitest';
import type { EpochRecord } from '../core/runRecords.ts';
import { createFakeTransport } from '../test/fakeTransport.ts';
import type { FromTraining, RunCounters } from '../worker/training/protocol.ts';
import { MAX_BATCH_SAMPLES } from '../worker/training/protocol.ts';
import { MAX_HISTORY_RECORDS, MAX_TRAJECTORY_POINTS } from './runSlice.ts';
import { createAppStore } from './store.ts';

/** Batches per epoch of the simulated run: 140 training points in batches of 10. */
const BATCHES = 14;
const EPOCHS = 3000;

function setup() {
  const fake = createFakeTransport();
  const store = createAppStore(fake.transport);
  store.getState().restartRun();
  return { ...fake, store };
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
    updates: epoch * BATCHES,
    weights: [epoch, 1, 0],
  };
}

function counters(epoch: number): RunCounters {
  return {
    state: 'training',
    epoch,
    epochs: EPOCHS,
    batchInEpoch: 0,
    batchesInEpoch: BATCHES,
    updates: epoch * BATCHES,
    learningRate: 0.1,
    batchSize: 10,
    tensors: null,
  };
}

/**
 * A progress message for updates `from + 1` … `to`: every update sampled at its place on the epoch axis,
 * its (w₁, w₂) pair reading (position, −position) so that a test can tell where a kept pair came from.
 */
function progress(from: number, to: number): Extract<FromTraining, { type: 'progress' }> {
  const positions: number[] = [];
  for (let update = from + 1; update <= to; update++) positions.push(update / BATCHES);
  const newEpochs: EpochRecord[] = [];
  for (let epoch = Math.floor(from / BATCHES) + 1; epoch <= Math.floor(to / BATCHES); epoch++) {
    newEpochs.push(record(epoch));
  }
  return {
    type: 'progress',
    runId: 1,
    counters: counters(Math.floor(to / BATCHES)),
    newEpochs,
    batchPositions: Float64Array.from(positions),
    batchObjectives: Float64Array.from(positions, (position) => 100 - position / 100),
    weights: [1, 1, 0],
    grid: null,
    boundary: null,
    lastUpdate: null,
    gradientView: null,
    epochOrder: null,
    trajectory: Float64Array.from(positions.flatMap((position) => [position, -position])),
    landscape: null,
    divergence: null,
  };
}

/** Trains the simulated run to `epochs`, `updatesPerMessage` updates in each message, as a slow page sees it. */
function feed(store: ReturnType<typeof setup>['store'], epochs: number, updatesPerMessage: number, from = 0) {
  for (let update = from; update < epochs * BATCHES; update += updatesPerMessage) {
    store.getState().receive([progress(update, Math.min(epochs * BATCHES, update + updatesPerMessage))]);
  }
}

/** The gaps between consecutive kept positions, less the last: the newest is kept however close it is. */
function gapsBeforeNewest(positions: readonly number[]): number[] {
  const gaps: number[] = [];
  for (let k = 1; k < positions.length - 1; k++)
    gaps.push((positions[k] as number) - (positions[k - 1] as number));
  return gaps;
}

function expectEven(positions: readonly number[], first: number, newest: number, cap: number) {
  expect(positions[0]).toBe(first);
  expect(positions.at(-1)).toBe(newest);
  expect(positions.length).toBeLessThanOrEqual(cap);
  // Thinned, not starved: at least a third of the room is used.
  expect(positions.length).toBeGreaterThan(cap / 3);
  const gaps = gapsBeforeNewest(positions);
  expect(Math.max(...gaps)).toBeLessThanOrEqual(2.5 * Math.min(...gaps));
}

describe('a long run on the page', () => {
  it('keeps every series evenly thinned over the whole run, fed in many small messages', () => {
    const { store } = setup();
    feed(store, EPOCHS, 5);
    const { history, batchSeries, trajectory } = store.getState();
    expectEven(
      history.map((entry) => entry.epoch),
      1,
      EPOCHS,
      MAX_HISTORY_RECORDS,
    );
    expectEven(batchSeries.positions, 1 / BATCHES, EPOCHS, MAX_BATCH_SAMPLES);
    // Each objective stays with its own position.
    batchSeries.positions.forEach((position, k) =>
      expect(batchSeries.objectives[k]).toBe(100 - position / 100),
    );
    // The trajectory starts at the zero weights, then the pairs the worker sent.
    const firstCoordinates = trajectory.filter((_, k) => k % 2 === 0);
    expect(trajectory.slice(0, 2)).toEqual([0, 0]);
    expectEven(firstCoordinates, 0, EPOCHS, MAX_TRAJECTORY_POINTS);
  });

  it('stays even when a first big message is followed by small ones', () => {
    const { store } = setup();
    feed(store, 1000, 1000 * BATCHES);
    feed(store, EPOCHS, 3, 1000 * BATCHES);
    const { history, batchSeries } = store.getState();
    expectEven(
      history.map((entry) => entry.epoch),
      1,
      EPOCHS,
      MAX_HISTORY_RECORDS,
    );
    expectEven(batchSeries.positions, 1 / BATCHES, EPOCHS, MAX_BATCH_SAMPLES);
  });

  it('drops every kept sample after the last good epoch when the run is rewound', () => {
    const { store } = setup();
    feed(store, 2000, 40);
    store.getState().receive([{ type: 'rewound', runId: 1, epoch: 1500 }]);
    const { history, batchSeries, trajectory } = store.getState();
    expect(history.at(-1)?.epoch).toBe(1500);
    expect(Math.max(...batchSeries.positions)).toBeLessThanOrEqual(1500);
    expect(Math.max(...trajectory.filter((_, k) => k % 2 === 0))).toBeLessThanOrEqual(1500);
    // Training on from the last good epoch keeps the same even spacing.
    feed(store, EPOCHS, 40, 1500 * BATCHES);
    expectEven(store.getState().batchSeries.positions, 1 / BATCHES, EPOCHS, MAX_BATCH_SAMPLES);
  });

  it('scrubs to real epoch numbers past the kept history’s length', () => {
    const { store, lastOfType } = setup();
    feed(store, EPOCHS, 100);
    store.getState().setScrubEpoch(1500);
    expect(store.getState().scrubEpoch).toBe(1500);
    expect(lastOfType('showEpoch')?.epoch).toBe(1500);
    // The worker answers with the nearest epoch whose weights it kept; the page shows it and says so.
    const grid = { resolution: 1, extent: 6, scores: new Float32Array(1) };
    const view = { runId: 1, weights: [7, 8, 9], grid, boundary: new Float32Array(0) };
    store.getState().receive([{ type: 'epochView', ...view, epoch: 1498, requestedEpoch: 1500 }]);
    expect(store.getState().epochView).toMatchObject({
      epoch: 1498,
      requestedEpoch: 1500,
      weights: [7, 8, 9],
    });
    // An answer to an earlier request is not shown.
    store.getState().setScrubEpoch(2000);
    store.getState().receive([{ type: 'epochView', ...view, epoch: 1498, requestedEpoch: 1500 }]);
    expect(store.getState().epochView?.requestedEpoch).toBe(1500);
    // The newest epoch is the live run.
    store.getState().setScrubEpoch(EPOCHS);
    expect(store.getState().scrubEpoch).toBeNull();
  });
});
