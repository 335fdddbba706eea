import type { StateCreator } from 'zustand';
import type { ReachTarget } from '../core/criticalBatch.ts';
import type { ReachBracket } from '../core/reachRefinement.ts';
import {
  describeSweepEta,
  logSpace,
  sweepCells,
  type SweepBase,
  type SweepCell,
  type SweepResult,
  type SweepSpec,
} from '../core/sweep.ts';
import { createRaceWorker, type RaceTransport } from '../worker/race/client.ts';
import type { RaceLaneView } from '../worker/race/protocol.ts';
import { createSweepPool, type SweepHandle, type SweepPool } from '../worker/sweep/client.ts';
import { hyperparameterLimits } from './config.ts';
import { selectTrainCount } from './configSlice.ts';
import type { AppState } from './store.ts';
import {
  createSweepMeasurements,
  idleNoise,
  idleRefinement,
  type SweepNoiseState,
  type SweepRefinementState,
} from './sweepMeasurements.ts';

export type { SweepNoiseState, SweepRefinementState } from './sweepMeasurements.ts';

/** The workers behind sweeps and races, made when first needed (tests pass fakes). */
export interface ExploreServices {
  createSweepPool(): SweepPool;
  createRaceWorker(): RaceTransport;
}

/** The real workers. */
export const browserExploreServices: ExploreServices = {
  createSweepPool: () => createSweepPool(),
  createRaceWorker: () => createRaceWorker(),
};

/** What a sweep cell's colour and number show. */
export type SweepMetric = 'testAccuracy' | 'objective' | 'epochsToTarget';

/** The grid a sweep covers. */
export interface SweepSettings {
  /** Learning rates, log-spaced over [learningRateFrom, learningRateTo]: 2 to 8 values. */
  readonly learningRateCount: number;
  /** The smallest and the largest learning rate of the sweep (within the learning rate's limits). */
  readonly learningRateFrom: number;
  readonly learningRateTo: number;
  /** Batch sizes, fourfold steps from 1 up to the full batch: 2 to 8 values. */
  readonly batchSizeCount: number;
  /** Also sweep annealing over 1 and 0.95. */
  readonly sweepAnnealing: boolean;
  /**
   * How near the sweep's lowest training objective "epochs to target" waits for a cell to come, as a
   * fraction of it (0.1: within 10 %).
   */
  readonly targetMargin: number;
}

/** How the sweep panel shows a sweep: the heatmap of the grid, or updates against examples to a target. */
export type SweepView = 'heatmap' | 'stepsVsExamples';

/** The lines the heatmap can draw over its cells. */
export interface SweepOverlays {
  /** Lines of constant lr / B, the "temperature" of SGD's noise. */
  readonly temperature: boolean;
  /** The learning rate 2 / λ_max above which full-batch descent diverges at the starting weights. */
  readonly stabilityLimit: boolean;
}

/** The target of "Steps vs examples": its kind, and its value (null: one every batch size reached). */
export interface SweepTarget {
  readonly kind: ReachTarget['kind'];
  readonly value: number | null;
}

/** A sweep's state: its cells, results so far, and timing. */
export interface SweepState {
  readonly status: 'idle' | 'running' | 'done' | 'cancelled';
  /** The grid as it was run, to replay a cell of it; null before any sweep. */
  readonly spec: SweepSpec | null;
  /** Training points of the sweep's data. */
  readonly trainCount: number;
  readonly cells: readonly SweepCell[];
  readonly learningRates: readonly number[];
  readonly batchSizes: readonly number[];
  readonly annealingRates: readonly number[];
  readonly results: readonly (SweepResult | null)[];
  readonly errors: readonly string[];
  readonly done: number;
  readonly startedAt: number;
  readonly eta: string;
  readonly workers: number;
  /** The cell last loaded into the main run, marked on the grid; null before any. */
  readonly loadedIndex: number | null;
}

/** The race of full-batch GD, mini-batch and SGD on the same data. */
export interface RaceState {
  readonly status: 'idle' | 'running' | 'done' | 'failed';
  readonly lanes: readonly RaceLaneView[];
  readonly miniBatchSize: number;
  readonly axis: 'epochs' | 'samples' | 'wall';
  readonly error: string | null;
}

/** Sweeps on a worker pool and the GD vs SGD race. */
export interface ExploreSlice {
  sweepSettings: SweepSettings;
  sweepMetric: SweepMetric;
  sweep: SweepState;
  sweepView: SweepView;
  sweepOverlays: SweepOverlays;
  sweepTarget: SweepTarget;
  sweepNoise: SweepNoiseState;
  sweepRefinement: SweepRefinementState;
  race: RaceState;
  setSweepSettings(changes: Partial<SweepSettings>): void;
  setSweepMetric(metric: SweepMetric): void;
  setSweepView(view: SweepView): void;
  setSweepOverlays(changes: Partial<SweepOverlays>): void;
  setSweepTarget(target: SweepTarget): void;
  /**
   * Measures B_simple where a cell of the finished sweep stood after `updates` updates, on a worker of its
   * own; does nothing if that measurement is already under way or done.
   */
  measureSweepNoise(cellIndex: number, updates: number): void;
  /**
   * Finds, for a finished sweep, the exact update at which each cell that could be its batch size's fastest
   * first met `target`, on a worker of its own; does nothing if that target is already refined or under way.
   * `brackets` are the cells to replay and where (`bracketsToRefine`, computed by the view that asks, so
   * that the first load carries none of the refinement's code).
   */
  refineSweepReach(target: ReachTarget, brackets: readonly ReachBracket[]): void;
  runSweep(): void;
  cancelSweep(): void;
  /** Loads a sweep cell's hyperparameters into the controls and starts a fresh run with them. */
  loadSweepCell(index: number): void;
  startRace(): void;
  stopRace(): void;
  setRaceAxis(axis: RaceState['axis']): void;
  setRaceMiniBatch(size: number): void;
}

const idleSweep: SweepState = {
  status: 'idle',
  spec: null,
  trainCount: 0,
  cells: [],
  learningRates: [],
  batchSizes: [],
  annealingRates: [],
  results: [],
  errors: [],
  done: 0,
  startedAt: 0,
  eta: '',
  workers: 0,
  loadedIndex: null,
};

/** The base of a sweep or race: the current data, model and objective. */
export function selectSweepBase(state: AppState): SweepBase {
  const { dataset, customPoints, model, objective, l2, hyperparameters, sampling } = state.config;
  return { dataset, customPoints, model, objective, l2, hyperparameters, sampling };
}

/** Batch sizes growing fourfold from 1, the last one the full batch. */
export function sweepBatchSizes(count: number, trainCount: number): number[] {
  const sizes: number[] = [];
  for (let size = 1; sizes.length < count - 1 && size < trainCount; size *= 4) sizes.push(size);
  sizes.push(trainCount);
  return [...new Set(sizes)];
}

/** Creates the explore slice around its services. */
export function createExploreSlice(services: ExploreServices): StateCreator<AppState, [], [], ExploreSlice> {
  return (set, get) => {
    let pool: SweepPool | null = null;
    let handle: SweepHandle | null = null;
    const measurements = createSweepMeasurements(set, get, () => (pool ??= services.createSweepPool()));
    let raceWorker: RaceTransport | null = null;
    let raceId = 0;
    return {
      sweepSettings: {
        learningRateCount: 4,
        learningRateFrom: 1e-3,
        learningRateTo: 1,
        batchSizeCount: 4,
        sweepAnnealing: false,
        targetMargin: 0.1,
      },
      sweepMetric: 'testAccuracy',
      sweep: idleSweep,
      sweepView: 'heatmap',
      sweepOverlays: { temperature: false, stabilityLimit: false },
      sweepTarget: { kind: 'objective', value: null },
      sweepNoise: idleNoise,
      sweepRefinement: idleRefinement,
      race: { status: 'idle', lanes: [], miniBatchSize: 32, axis: 'samples', error: null },
      setSweepSettings(changes) {
        set((state) => ({ sweepSettings: { ...state.sweepSettings, ...changes } }));
      },
      setSweepMetric(metric) {
        set({ sweepMetric: metric });
      },
      setSweepView(view) {
        set({ sweepView: view });
      },
      setSweepOverlays(changes) {
        set((state) => ({ sweepOverlays: { ...state.sweepOverlays, ...changes } }));
      },
      setSweepTarget(target) {
        set({ sweepTarget: target });
      },
      measureSweepNoise: measurements.measureSweepNoise,
      refineSweepReach: measurements.refineSweepReach,
      runSweep() {
        const state = get();
        const settings = state.sweepSettings;
        const trainCount = selectTrainCount(state);
        const { min, max } = hyperparameterLimits.learningRate;
        const from = Math.min(max, Math.max(min, settings.learningRateFrom));
        const to = Math.min(max, Math.max(min, settings.learningRateTo));
        const learningRates = logSpace(
          Math.min(from, to),
          Math.max(from, to),
          from === to ? 1 : Math.min(8, Math.max(2, settings.learningRateCount)),
        );
        const batchSizes = sweepBatchSizes(Math.min(8, Math.max(2, settings.batchSizeCount)), trainCount);
        const annealingRates = settings.sweepAnnealing
          ? [1, 0.95]
          : [state.config.hyperparameters.annealingRate];
        const spec: SweepSpec = {
          base: selectSweepBase(state),
          learningRates,
          batchSizes,
          annealingRates,
        };
        const cells = sweepCells(spec);
        pool ??= services.createSweepPool();
        const startedAt = performance.now();
        measurements.reset();
        set({
          sweep: {
            ...idleSweep,
            status: 'running',
            spec,
            trainCount,
            cells,
            learningRates,
            batchSizes,
            annealingRates,
            results: cells.map(() => null),
            startedAt,
            eta: describeSweepEta(0, cells.length, 0),
            workers: pool.size,
          },
        });
        const finishOne = (change: (sweep: SweepState) => Partial<SweepState>) => {
          set((current) => {
            const sweep = { ...current.sweep, ...change(current.sweep) };
            const done = sweep.done + 1;
            return {
              sweep: {
                ...sweep,
                done,
                eta: describeSweepEta(done, sweep.cells.length, performance.now() - startedAt),
              },
            };
          });
        };
        handle = pool.run(
          spec,
          (result) =>
            finishOne((sweep) => ({
              results: sweep.results.map((old, index) => (index === result.index ? result : old)),
            })),
          () => set((current) => ({ sweep: { ...current.sweep, status: 'done', eta: 'done' } })),
          (cellIndex, message) =>
            finishOne((sweep) => ({ errors: [...sweep.errors, `cell ${cellIndex + 1}: ${message}`] })),
        );
      },
      cancelSweep() {
        handle?.cancel();
        handle = null;
        set((state) => ({ sweep: { ...state.sweep, status: 'cancelled', eta: 'cancelled' } }));
      },
      loadSweepCell(index) {
        const { sweep } = get();
        const cell = sweep.cells[index];
        if (!cell) return;
        const batchSize = sweep.results[index]?.batchSize ?? cell.batchSize;
        set({ sweep: { ...sweep, loadedIndex: index } });
        get().changeConfig({
          hyperparameters: { learningRate: cell.learningRate, annealingRate: cell.annealingRate, batchSize },
        });
        get().restartRun();
      },
      startRace() {
        const state = get();
        if (raceWorker === null) {
          raceWorker = services.createRaceWorker();
          raceWorker.subscribe((message) => {
            if (message.raceId !== raceId) return;
            if (message.type === 'raceProgress') {
              set((current) => ({
                race: {
                  ...current.race,
                  lanes: message.lanes,
                  status: message.finished ? 'done' : 'running',
                },
              }));
            } else {
              set((current) => ({ race: { ...current.race, status: 'failed', error: message.message } }));
            }
          });
        }
        raceId++;
        const trainCount = selectTrainCount(state);
        const miniBatchSize = Math.max(1, Math.min(trainCount, state.race.miniBatchSize));
        set({ race: { ...state.race, status: 'running', lanes: [], error: null, miniBatchSize } });
        raceWorker.send({ type: 'startRace', raceId, base: selectSweepBase(state), miniBatchSize });
      },
      stopRace() {
        raceWorker?.send({ type: 'stopRace', raceId });
        set((state) => ({ race: { ...state.race, status: state.race.lanes.length > 0 ? 'done' : 'idle' } }));
      },
      setRaceAxis(axis) {
        set((state) => ({ race: { ...state.race, axis } }));
      },
      setRaceMiniBatch(size) {
        set((state) => ({ race: { ...state.race, miniBatchSize: Math.max(1, Math.round(size)) } }));
      },
    };
  };
}
