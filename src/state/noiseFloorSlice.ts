import type { StateCreator } from 'zustand';
import { appendEvenly, emptyEvenSeries, keepThrough, type EvenSeries } from '../core/evenThinning.ts';
import type { TrainingTransport } from '../worker/training/client.ts';
import type { AveragesView, FromTraining, NoiseFloorViews, SpreadView } from '../worker/training/protocol.ts';
import type { AppState } from './store.ts';

export type { AveragesView, NoiseFloorViews, SpreadView };

/** At most this many epochs of the floor band and of the averaged line are kept, thinned evenly by epoch. */
export const MAX_NOISE_FLOOR_POINTS = 1000;
/** Numbers per epoch in `floorSeries`: N·½tr(HΣ), then its small-rate form N·lr·tr(S*) ÷ (4B). */
export const FLOOR_WIDTH = 2;
/** Numbers per epoch in `averagedSeries`: f at the tail average (NaN before it starts), then at the EMA. */
export const AVERAGED_WIDTH = 2;

/** Which average the page draws: the tail average from a chosen epoch, or the exponential moving average. */
export type AveragedKind = 'tail' | 'moving';

/** Every view hidden, the tail average from the first epoch. */
export const HIDDEN_VIEWS: NoiseFloorViews = {
  cloud: false,
  floor: false,
  averages: false,
  tailStartEpoch: 0,
};

/** The "close but not exact" views: which are shown, and the last parts the worker sent of them. */
export interface NoiseFloorSlice {
  noiseFloorViews: NoiseFloorViews;
  averagedKind: AveragedKind;
  /** The run the parts below belong to. */
  noiseFloorRunId: number;
  /** The predicted spread at the current rate and batch size, or why there is none. */
  spread: SpreadView | null;
  /** (w₁, w₂) pairs of the last iterates, oldest first. */
  iterateCloud: Float64Array | null;
  /** The latest tail average and EMA. */
  averages: AveragesView | null;
  /** The predicted floor per epoch (FLOOR_WIDTH values each). */
  floorSeries: EvenSeries;
  /** f at the averages per epoch (AVERAGED_WIDTH values each). */
  averagedSeries: EvenSeries;
  /** Shows or hides some of the views (or moves the tail's start); the worker keeps only what is shown. */
  showNoiseFloorViews(change: Partial<NoiseFloorViews>): void;
  chooseAveragedKind(kind: AveragedKind): void;
  /** The noise-floor parts (and rewinds) among the worker's messages of one frame. */
  receiveNoiseFloor(messages: readonly FromTraining[]): void;
}

/** The weights of the average the page draws, or null while there is none. */
export function selectAveragedWeights(
  state: Pick<NoiseFloorSlice, 'noiseFloorViews' | 'averages' | 'averagedKind'>,
): readonly number[] | null {
  if (!state.noiseFloorViews.averages || state.averages === null) return null;
  return state.averagedKind === 'tail' ? state.averages.tail : state.averages.moving;
}

/** Whether any of the views is shown. */
function anyShown(views: NoiseFloorViews): boolean {
  return views.cloud || views.floor || views.averages;
}

/** The parts of a run before the worker sent any. */
function emptyParts(runId: number) {
  return {
    noiseFloorRunId: runId,
    spread: null,
    iterateCloud: null,
    averages: null,
    floorSeries: emptyEvenSeries(),
    averagedSeries: emptyEvenSeries(),
  };
}

/** Creates the noise-floor slice around the transport to the training worker. */
export function createNoiseFloorSlice(
  transport: TrainingTransport,
): StateCreator<AppState, [], [], NoiseFloorSlice> {
  return (set, get) => ({
    noiseFloorViews: HIDDEN_VIEWS,
    averagedKind: 'tail',
    ...emptyParts(0),
    showNoiseFloorViews(change) {
      const old = get().noiseFloorViews;
      const views = {
        ...old,
        ...change,
        tailStartEpoch: Math.max(0, Math.round(change.tailStartEpoch ?? old.tailStartEpoch)),
      };
      if (
        views.cloud === old.cloud &&
        views.floor === old.floor &&
        views.averages === old.averages &&
        views.tailStartEpoch === old.tailStartEpoch
      ) {
        return;
      }
      // A hidden view's parts go: opened again, it starts from what the worker sends then.
      const next: Partial<NoiseFloorSlice> = { noiseFloorViews: views };
      if (!views.cloud) next.iterateCloud = null;
      if (!views.cloud && !views.floor) next.spread = null;
      if (!views.floor) next.floorSeries = emptyEvenSeries();
      if (!views.averages || views.tailStartEpoch !== old.tailStartEpoch) {
        next.averages = null;
        next.averagedSeries = emptyEvenSeries();
      }
      set(next);
      transport.send({ type: 'setNoiseFloorViews', runId: get().runId, views });
    },
    chooseAveragedKind(kind) {
      set({ averagedKind: kind });
    },
    receiveNoiseFloor(messages) {
      const state = get();
      const runId = state.runId;
      const fresh = state.noiseFloorRunId !== runId;
      // A new run may run in a new worker (after a crash), which does not know the views are open.
      if (fresh && anyShown(state.noiseFloorViews)) {
        transport.send({ type: 'setNoiseFloorViews', runId, views: state.noiseFloorViews });
      }
      const parts = fresh ? emptyParts(runId) : state;
      let { spread, iterateCloud, averages, floorSeries, averagedSeries } = parts;
      for (const message of messages) {
        if (message.runId !== runId) continue;
        if (message.type === 'rewound') {
          floorSeries = keepThrough(floorSeries, message.epoch, FLOOR_WIDTH);
          averagedSeries = keepThrough(averagedSeries, message.epoch, AVERAGED_WIDTH);
        } else if (message.type === 'progress' && message.noiseFloor) {
          const view = message.noiseFloor;
          if (view.spread) spread = view.spread;
          if (view.cloud) iterateCloud = view.cloud;
          if (view.averages) {
            averages = view.averages;
            const epochs = view.averages.epochs;
            averagedSeries = appendEvenly(
              averagedSeries,
              {
                positions: epochs.map((epoch) => epoch.epoch),
                values: epochs.flatMap((epoch) => [epoch.tail ?? Number.NaN, epoch.moving]),
              },
              MAX_NOISE_FLOOR_POINTS,
              AVERAGED_WIDTH,
            );
          }
          if (view.floorEpochs) {
            floorSeries = appendEvenly(
              floorSeries,
              {
                positions: view.floorEpochs.map((floor) => floor.epoch),
                values: view.floorEpochs.flatMap((floor) => [floor.summedFloor, floor.summedSmallRateFloor]),
              },
              MAX_NOISE_FLOOR_POINTS,
              FLOOR_WIDTH,
            );
          }
        }
      }
      const unchanged =
        spread === parts.spread &&
        iterateCloud === parts.iterateCloud &&
        averages === parts.averages &&
        floorSeries === parts.floorSeries &&
        averagedSeries === parts.averagedSeries;
      if (!fresh && unchanged) return;
      set({ noiseFloorRunId: runId, spread, iterateCloud, averages, floorSeries, averagedSeries });
    },
  });
}
