import { describe, expect, it } from 'vitest';
import { createFakeTransport } from '../test/fakeTransport.ts';
import type { FromTraining, NoiseFloorView } from '../worker/training/protocol.ts';
import { connectStore } from './bridge.ts';
import { selectAveragedWeights } from './noiseFloorSlice.ts';
import { createAppStore } from './store.ts';

function progress(runId: number, noiseFloor: Partial<NoiseFloorView>): FromTraining {
  const view: NoiseFloorView = {
    spread: null,
    cloud: null,
    averages: null,
    floorEpochs: null,
    ...noiseFloor,
  };
  return { type: 'progress', runId, noiseFloor: view } as unknown as FromTraining;
}

const floors = (epochs: number[]) =>
  epochs.map((epoch) => ({ epoch, summedFloor: epoch, summedSmallRateFloor: epoch / 2 }));

function setup() {
  const fake = createFakeTransport();
  const store = createAppStore(fake.transport);
  store.getState().restartRun();
  return { ...fake, store };
}

describe('noise-floor slice', () => {
  it('tells the worker which views are shown, once per change, with the tail start a whole epoch', () => {
    const { store, sent } = setup();
    store.getState().showNoiseFloorViews({ cloud: true });
    store.getState().showNoiseFloorViews({ cloud: true });
    store.getState().showNoiseFloorViews({ averages: true, tailStartEpoch: 4.6 });
    expect(sent.filter((message) => message.type === 'setNoiseFloorViews')).toEqual([
      {
        type: 'setNoiseFloorViews',
        runId: 1,
        views: { cloud: true, floor: false, averages: false, tailStartEpoch: 0 },
      },
      {
        type: 'setNoiseFloorViews',
        runId: 1,
        views: { cloud: true, floor: false, averages: true, tailStartEpoch: 5 },
      },
    ]);
  });

  it('keeps the last parts, replaces the floor from a resent epoch, cuts at a rewind, clears on a new run', () => {
    const { store, lastOfType } = setup();
    const state = () => store.getState();
    state().showNoiseFloorViews({ floor: true, cloud: true, averages: true });
    const cloud = new Float64Array([1, 2, 3, 4]);
    state().receiveNoiseFloor([
      progress(1, { cloud, floorEpochs: floors([1, 2, 3]) }),
      progress(1, { floorEpochs: floors([4]) }),
      progress(7, { floorEpochs: floors([9]) }),
    ]);
    expect(state().iterateCloud).toBe(cloud);
    expect(state().floorSeries.positions).toEqual([1, 2, 3, 4]);
    expect(state().floorSeries.values).toEqual([1, 0.5, 2, 1, 3, 1.5, 4, 2]);
    const averages = {
      tailStart: 1,
      tailCount: 3,
      tail: [1, 2, 3],
      moving: [4, 5, 6],
      movingHalfLife: 14,
      epochs: [
        { epoch: 1, tail: null, moving: 8 },
        { epoch: 2, tail: 6, moving: 7 },
      ],
    };
    state().receiveNoiseFloor([{ type: 'rewound', runId: 1, epoch: 2 }, progress(1, { averages })]);
    expect(state().floorSeries.positions).toEqual([1, 2]);
    expect(state().averagedSeries.values).toEqual([Number.NaN, 8, 6, 7]);
    expect(selectAveragedWeights(state())).toEqual([1, 2, 3]);
    state().chooseAveragedKind('moving');
    expect(selectAveragedWeights(state())).toEqual([4, 5, 6]);
    // The floor resent from epoch 1 (the view reopened) replaces what was kept.
    state().receiveNoiseFloor([progress(1, { floorEpochs: floors([1]) })]);
    expect(state().floorSeries.positions).toEqual([1]);
    state().restartRun();
    state().receiveNoiseFloor([progress(2, {})]);
    expect(state().iterateCloud).toBeNull();
    expect(state().floorSeries.positions).toEqual([]);
    expect(state().averagedSeries.positions).toEqual([]);
    // The new run's worker (a fresh one after a crash) is told which views are open.
    expect(lastOfType('setNoiseFloorViews')).toEqual({
      type: 'setNoiseFloorViews',
      runId: 2,
      views: { cloud: true, floor: true, averages: true, tailStartEpoch: 0 },
    });
  });

  it('forgets a view’s parts when it is hidden, and the averages when the tail start moves', () => {
    const { store } = setup();
    const state = () => store.getState();
    state().showNoiseFloorViews({ cloud: true, averages: true });
    state().receiveNoiseFloor([
      progress(1, {
        cloud: new Float64Array([1, 2]),
        averages: { tailStart: 0, tailCount: 1, tail: [1], moving: [1], movingHalfLife: 1, epochs: [] },
      }),
    ]);
    state().showNoiseFloorViews({ tailStartEpoch: 3 });
    expect(state().averages).toBeNull();
    expect(state().iterateCloud).not.toBeNull();
    state().showNoiseFloorViews({ cloud: false });
    expect(state().iterateCloud).toBeNull();
  });

  it('is fed by the bridge with every frame of messages', () => {
    const fake = createFakeTransport();
    const store = createAppStore(fake.transport);
    const frames: (() => void)[] = [];
    const fed: (readonly FromTraining[])[] = [];
    store.setState({ receive: () => {}, receiveNoiseFloor: (messages) => fed.push(messages) });
    connectStore(store, fake.transport, (callback) => frames.push(callback));
    const message = progress(0, { cloud: new Float64Array([5, 6]) });
    fake.emit(message);
    frames.splice(0).forEach((frame) => frame());
    expect(fed).toEqual([[message]]);
  });
});
