import type { StateCreator } from 'zustand';
import { formatRate } from '../core/format.ts';
import type { Hyperparameters } from '../core/hyperparameters.ts';
import {
  appendEvenly,
  FINEST_SPACING,
  keepThrough,
  thinEvenly,
  type EvenSeries,
} from '../core/evenThinning.ts';
import type { ScoreGrid } from '../core/grid.ts';
import type { EpochRecord } from '../core/runRecords.ts';
import { assertNever } from '../core/errors.ts';
import type { EpochOrder, Speed } from '../core/run.ts';
import type { TrainingTransport } from '../worker/training/client.ts';
import {
  MAX_BATCH_SAMPLES,
  type DivergenceReport,
  type FromTraining,
  type GradientView,
  type LandscapeView,
  type OptimumInfo,
  type RunCounters,
  type RunInfo,
  type RunStart,
  type UpdateSnapshot,
} from '../worker/training/protocol.ts';
import { defaultConfig } from './config.ts';

export type { OptimumInfo, RunStart };
import type { AppState } from './store.ts';

/** The points of the current run, as the worker generated them. */
export interface PointsOnScreen {
  readonly trainX: Float64Array;
  readonly trainY: Float64Array;
  readonly testX: Float64Array;
  readonly testY: Float64Array;
}

/** A hyperparameter change drawn on the charts at the epoch boundary where it took effect. */
export interface HyperparameterMark {
  /** The x position on the epoch axis: the end of the last epoch run with the old values. */
  readonly epoch: number;
  readonly changes: Partial<Hyperparameters>;
  readonly label: string;
}

/** At most this many epoch records are kept on the page; a longer history is thinned evenly by epoch. */
export const MAX_HISTORY_RECORDS = 1000;
/** At most this many (w₁, w₂) points of the trajectory are kept, thinned evenly over the run. */
export const MAX_TRAJECTORY_POINTS = 1000;

/**
 * Where the kept series stand on their even grids (core/evenThinning.ts): each grid's spacing, which only
 * grows during a run, and the place on the epoch axis of each (w₁, w₂) pair of the trajectory.
 */
export interface SeriesGrid {
  readonly historySpacing: number;
  readonly batchSpacing: number;
  readonly trajectorySpacing: number;
  /** 0 for the start, then the places of the batches the pairs were sampled after. */
  readonly trajectoryPositions: readonly number[];
}

/** A past epoch's model, for the scrubber. */
export interface EpochView {
  /** The epoch shown: the nearest to the one asked for whose weights the worker kept. */
  readonly epoch: number;
  /** The epoch the scrubber asked for. */
  readonly requestedEpoch: number;
  readonly weights: readonly number[];
  readonly grid: ScoreGrid;
  readonly boundary: Float32Array;
}

/** The live state of the current run, fed by the worker. */
export interface RunSlice {
  runId: number;
  counters: RunCounters;
  points: PointsOnScreen | null;
  history: readonly EpochRecord[];
  batchSeries: { readonly positions: readonly number[]; readonly objectives: readonly number[] };
  weights: readonly number[];
  grid: ScoreGrid | null;
  boundary: Float32Array | null;
  lastUpdate: UpdateSnapshot | null;
  /** Model, engine and optimum of the run, sent once when it starts. */
  info: RunInfo | null;
  epochOrder: EpochOrder | null;
  gradientView: GradientView | null;
  landscape: LandscapeView | null;
  /** (w₁, w₂) pairs, batch by batch (thinned evenly when long). */
  trajectory: readonly number[];
  seriesGrid: SeriesGrid;
  divergence: DivergenceReport | null;
  workerError: string | null;
  marks: readonly HyperparameterMark[];
  /** The epoch the scrubber shows, or null for the live run. */
  scrubEpoch: number | null;
  /** The boundary and weights at the scrubbed epoch, once the worker has computed them. */
  epochView: EpochView | null;
  /** After a divergence: back to the last good epoch with a safer learning rate. */
  rewind(learningRate: number): void;
  /** Shows a past epoch (null: back to the live run); training carries on from the end either way. */
  setScrubEpoch(epoch: number | null): void;
  /** Starts a new run with the current settings, training at once if `play`. */
  restartRun(options?: { play?: boolean }): void;
  train(): void;
  pause(): void;
  stepBatch(): void;
  stepEpoch(): void;
  reset(): void;
  scheduleHyperparameters(changes: Partial<Hyperparameters>): void;
  sendSpeed(speed: Speed): void;
  /** Applies the worker's messages of one frame or more, in order; messages of a replaced run are dropped. */
  receive(messages: readonly FromTraining[]): void;
  reportWorkerFault(description: string): void;
  /** Starts a fresh worker after a crash, keeping the settings and the data spec. */
  restartWorker(): void;
}

function initialCounters(hyperparameters: Hyperparameters): RunCounters {
  return {
    state: 'ready',
    epoch: 0,
    epochs: hyperparameters.epochs,
    batchInEpoch: 0,
    batchesInEpoch: 0,
    updates: 0,
    learningRate: hyperparameters.learningRate,
    batchSize: hyperparameters.batchSize,
    tensors: null,
  };
}

/** The fields a new run starts from. */
function emptyRun(hyperparameters: Hyperparameters) {
  return {
    counters: initialCounters(hyperparameters),
    points: null,
    history: [],
    batchSeries: { positions: [], objectives: [] },
    weights: [0, 0, 0],
    grid: null,
    boundary: null,
    lastUpdate: null,
    info: null,
    epochOrder: null,
    gradientView: null,
    landscape: null,
    trajectory: [0, 0],
    seriesGrid: {
      historySpacing: FINEST_SPACING,
      batchSpacing: FINEST_SPACING,
      trajectorySpacing: FINEST_SPACING,
      trajectoryPositions: [0],
    },
    divergence: null,
    workerError: null,
    marks: [],
    scrubEpoch: null,
    epochView: null,
  } satisfies Partial<RunSlice>;
}

/** The newest epoch in a history, 0 before the first: a long run's history is thinned, so not its length. */
export function latestEpoch(history: readonly EpochRecord[]): number {
  return history[history.length - 1]?.epoch ?? 0;
}

/** `history` followed by `records`; kept records from the first new epoch on go (the run went back there). */
function appendRecords(history: readonly EpochRecord[], records: readonly EpochRecord[]): EpochRecord[] {
  const first = records[0]?.epoch ?? Number.POSITIVE_INFINITY;
  const kept = latestEpoch(history) < first ? history : history.filter((record) => record.epoch < first);
  return [...kept, ...records];
}

function describeChanges(changes: Partial<Hyperparameters>): string {
  const parts: string[] = [];
  if (changes.learningRate !== undefined) parts.push(`lr ${formatRate(changes.learningRate)}`);
  if (changes.annealingRate !== undefined) parts.push(`annealing ${changes.annealingRate}`);
  if (changes.batchSize !== undefined) parts.push(`batch ${changes.batchSize}`);
  return parts.join(', ');
}

/** Adds a mark, merging changes made before the same epoch boundary (a slider drag sends many). */
export function addMark(
  marks: readonly HyperparameterMark[],
  epoch: number,
  changes: Partial<Hyperparameters>,
): readonly HyperparameterMark[] {
  const last = marks[marks.length - 1];
  const merged = last?.epoch === epoch ? { ...last.changes, ...changes } : changes;
  const label = describeChanges(merged);
  if (!label) return marks;
  const kept = last?.epoch === epoch ? marks.slice(0, -1) : marks;
  return [...kept, { epoch, changes: merged, label }];
}

/** Creates the run slice around the transport to the training worker. */
export function createRunSlice(transport: TrainingTransport): StateCreator<AppState, [], [], RunSlice> {
  return (set, get) => ({
    runId: 0,
    ...emptyRun(defaultConfig.hyperparameters),
    restartRun(options = {}) {
      const state = get();
      const runId = state.runId + 1;
      set({ runId, ...emptyRun(state.config.hyperparameters) });
      // A run's settings are the configuration less how it is paced and shown.
      const { speed, presentation: _presentation, ...settings } = state.config;
      transport.send({ type: 'start', runId, settings, speed });
      if (options.play) transport.send({ type: 'play', runId });
    },
    rewind(learningRate) {
      get().changeConfig({ hyperparameters: { learningRate } }, { reachRun: false });
      transport.send({ type: 'rewind', runId: get().runId, learningRate });
    },
    setScrubEpoch(epoch) {
      const { runId, history } = get();
      // The newest epoch is the live run: the scrubber follows it there.
      if (epoch === null || epoch >= latestEpoch(history)) {
        set({ scrubEpoch: null, epochView: null });
        return;
      }
      set({ scrubEpoch: epoch });
      transport.send({ type: 'showEpoch', runId, epoch });
    },
    train() {
      if (get().scrubEpoch !== null) set({ scrubEpoch: null, epochView: null });
      const { counters, runId } = get();
      if (counters.state === 'finished' || counters.state === 'diverged') get().restartRun({ play: true });
      else transport.send({ type: 'play', runId });
    },
    pause() {
      transport.send({ type: 'pause', runId: get().runId });
    },
    stepBatch() {
      const { counters } = get();
      if (counters.state === 'finished' || counters.state === 'diverged') get().restartRun();
      transport.send({ type: 'stepBatch', runId: get().runId });
    },
    stepEpoch() {
      const { counters } = get();
      if (counters.state === 'finished' || counters.state === 'diverged') get().restartRun();
      transport.send({ type: 'stepEpoch', runId: get().runId });
    },
    reset() {
      get().restartRun();
    },
    scheduleHyperparameters(changes) {
      const { runId, counters } = get();
      // A diverged or finished run is over: the new values start a new run (epochs alone can extend one).
      const onlyEpochs = Object.keys(changes).every((key) => key === 'epochs');
      if (counters.state === 'diverged' || (counters.state === 'finished' && !onlyEpochs)) {
        get().restartRun();
        return;
      }
      transport.send({ type: 'setHyperparameters', runId, changes });
    },
    sendSpeed(speed) {
      transport.send({ type: 'setSpeed', runId: get().runId, speed });
    },
    receive(messages) {
      const state = get();
      let next: Partial<RunSlice> = {};
      const grid = state.seriesGrid;
      let history = state.history;
      const batchesBefore: EvenSeries = {
        positions: state.batchSeries.positions,
        values: state.batchSeries.objectives,
        spacing: grid.batchSpacing,
      };
      const trajectoryBefore: EvenSeries = {
        positions: grid.trajectoryPositions,
        values: state.trajectory,
        spacing: grid.trajectorySpacing,
      };
      let batches = batchesBefore;
      let trajectory = trajectoryBefore;
      let marks = state.marks;
      for (const message of messages) {
        if (message.runId !== state.runId) continue;
        switch (message.type) {
          case 'dataset':
            next.points = {
              trainX: message.trainX,
              trainY: message.trainY,
              testX: message.testX,
              testY: message.testY,
            };
            break;
          case 'progress':
            if (message.newEpochs.length > 0) history = appendRecords(history, message.newEpochs);
            // The trajectory's pairs are sampled after the same batches as the objectives.
            batches = appendEvenly(
              batches,
              { positions: message.batchPositions, values: message.batchObjectives },
              MAX_BATCH_SAMPLES,
            );
            trajectory = appendEvenly(
              trajectory,
              { positions: message.batchPositions, values: message.trajectory },
              MAX_TRAJECTORY_POINTS,
              2,
            );
            next = {
              ...next,
              counters: message.counters,
              weights: message.weights,
              grid: message.grid,
              boundary: message.boundary,
              lastUpdate: message.lastUpdate,
              gradientView: message.gradientView,
              divergence: message.divergence,
            };
            if (message.epochOrder) next.epochOrder = message.epochOrder;
            if (message.landscape) next.landscape = message.landscape;
            break;
          case 'runInfo':
            next.info = message.info;
            break;
          case 'epochView':
            // Only the answer to the scrubber's latest request: an earlier one would show the wrong epoch.
            if (state.scrubEpoch === message.requestedEpoch) {
              next.epochView = {
                epoch: message.epoch,
                requestedEpoch: message.requestedEpoch,
                weights: message.weights,
                grid: message.grid,
                boundary: message.boundary,
              };
            }
            break;
          case 'hyperparametersScheduled': {
            const started = (next.counters ?? state.counters).updates > 0;
            if (started) marks = addMark(marks, message.fromEpoch - 1, message.changes);
            break;
          }
          case 'rewound':
            // Epochs after the last good one are gone from the run, so they go from the charts too.
            history = history.filter((record) => record.epoch <= message.epoch);
            batches = keepThrough(batches, message.epoch);
            trajectory = keepThrough(trajectory, message.epoch, 2);
            marks = marks.filter((mark) => mark.epoch <= message.epoch);
            next.divergence = null;
            break;
          case 'error':
            next.workerError = message.message;
            break;
          default:
            assertNever(message);
        }
      }
      let historySpacing = grid.historySpacing;
      if (history !== state.history) {
        ({ items: history, spacing: historySpacing } = thinEvenly(
          history,
          (record) => record.epoch,
          historySpacing,
          MAX_HISTORY_RECORDS,
        ));
      }
      // Unchanged series keep their arrays: the charts and the landscape redraw when these change.
      if (batches !== batchesBefore) {
        next.batchSeries = { positions: batches.positions, objectives: batches.values };
      }
      if (trajectory !== trajectoryBefore) next.trajectory = trajectory.values;
      if (history !== state.history || batches !== batchesBefore || trajectory !== trajectoryBefore) {
        next.seriesGrid = {
          historySpacing,
          batchSpacing: batches.spacing,
          trajectorySpacing: trajectory.spacing,
          trajectoryPositions: trajectory.positions,
        };
      }
      set({ ...next, history, marks });
      get().receiveInsights(messages);
    },
    reportWorkerFault(description) {
      set((state) => ({ workerError: description, counters: { ...state.counters, state: 'paused' } }));
    },
    restartWorker() {
      transport.restart();
      const { speed } = get().config;
      get().restartRun();
      transport.send({ type: 'setSpeed', runId: get().runId, speed });
    },
  });
}
