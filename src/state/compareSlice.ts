import type { StateCreator } from 'zustand';
import { formatNumber, formatRate } from '../core/format.ts';
import type { ScoreGrid } from '../core/grid.ts';
import type { Hyperparameters } from '../core/hyperparameters.ts';
import { engines } from '../core/modelSpec.ts';
import { describeModel } from '../core/models.ts';
import type { EpochRecord } from '../core/runRecords.ts';
import { samplingSchemes } from '../core/sampling.ts';
import type { AppConfig } from './config.ts';
import type { OptimumInfo, RunStart } from './runSlice.ts';
import type { AppState } from './store.ts';

/** At most this many runs are pinned at once. */
export const MAX_PINNED = 6;

/** A finished or paused run kept for comparison. */
export interface PinnedRun {
  readonly id: number;
  /** Which of MAX_PINNED places it holds: the lowest free one, kept while it is pinned (the UI colours by it). */
  readonly slot: number;
  readonly config: AppConfig;
  readonly history: readonly EpochRecord[];
  readonly weights: readonly number[];
  readonly grid: ScoreGrid | null;
  readonly trainCount: number;
  readonly testCount: number;
  /** The run's own exact optimum, for its distance curve. */
  readonly optimum: OptimumInfo | undefined;
  /** Where it started (epoch 0 on the charts). */
  readonly start: RunStart | undefined;
}

/** Pinned runs and the twin button. */
export interface CompareSlice {
  pinned: readonly PinnedRun[];
  compareNote: string | null;
  /** Keeps the current run on every chart, in its own colour. */
  pinRun(): void;
  unpinRun(id: number): void;
  clearPins(): void;
  /** Pins the current run and starts one with the same seed and the given change. */
  twinRun(changes: Partial<Hyperparameters>): void;
}

/** The settings of a run as short "name value" parts, keyed by what they are. */
function describeParts(config: AppConfig): Record<string, string> {
  const { dataset, hyperparameters } = config;
  return {
    data: config.customPoints ? `own points (${config.customPoints.y.length})` : dataset.kind,
    points: config.customPoints ? '' : `${dataset.points} points`,
    noise: config.customPoints ? '' : `noise ${formatNumber(dataset.noise)}`,
    train: `train ${Math.round(dataset.trainFraction * 100)} %`,
    seed: `seed ${dataset.seed}`,
    model: describeModel(config.model),
    objective: config.objective,
    l2: `λ ${formatNumber(config.l2)}`,
    sampling: samplingSchemes[config.sampling].label.toLowerCase(),
    engine: engines[config.engine].label,
    learningRate: `lr ${formatRate(hyperparameters.learningRate)}`,
    annealingRate: `annealing ${hyperparameters.annealingRate}`,
    batchSize: `batch ${hyperparameters.batchSize}`,
    epochs: `${hyperparameters.epochs} epochs`,
  };
}

/** For each configuration, a label naming only the settings that differ among them all. */
export function describeDifferences(configs: readonly AppConfig[]): string[] {
  const parts = configs.map(describeParts);
  const keys = Object.keys(parts[0] ?? {});
  const differing = keys.filter((key) => new Set(parts.map((part) => part[key])).size > 1);
  return parts.map((part, index) => {
    const label = differing
      .map((key) => part[key])
      .filter(Boolean)
      .join(', ');
    return label || `run ${index + 1}`;
  });
}

/** The share of the plane's grid cells where two models predict different classes. */
export function disagreementShare(a: ScoreGrid, b: ScoreGrid): number | null {
  if (a.scores.length !== b.scores.length || a.scores.length === 0) return null;
  let differ = 0;
  for (let cell = 0; cell < a.scores.length; cell++) {
    if ((a.scores[cell] as number) > 0 !== (b.scores[cell] as number) > 0) differ++;
  }
  return differ / a.scores.length;
}

/** ‖wa − wb‖, when both models have the same parameters. */
export function weightDistance(a: readonly number[], b: readonly number[]): number | null {
  if (a.length !== b.length || a.length === 0) return null;
  return Math.hypot(...a.map((value, j) => value - (b[j] as number)));
}

/** Whether the live run, as it stands now, is pinned (the store replaces its arrays on every change). */
function isLivePinned(state: AppState): boolean {
  return state.pinned.some((run) => run.history === state.history && run.weights === state.weights);
}

/** Creates the compare slice. */
export const createCompareSlice: StateCreator<AppState, [], [], CompareSlice> = (set, get) => ({
  pinned: [],
  compareNote: null,
  pinRun() {
    const state = get();
    if (state.history.length === 0 && state.counters.updates === 0) {
      set({ compareNote: 'Train or step first: there is nothing to pin yet.' });
      return;
    }
    if (isLivePinned(state)) {
      set({ compareNote: 'This run is pinned already: train on or change a setting, then pin again.' });
      return;
    }
    if (state.pinned.length >= MAX_PINNED) {
      set({ compareNote: `At most ${MAX_PINNED} runs can be pinned: unpin one first.` });
      return;
    }
    const used = new Set(state.pinned.map((run) => run.slot));
    const slot =
      Array.from({ length: MAX_PINNED }, (_, index) => index).find((index) => !used.has(index)) ?? 0;
    const id = Math.max(0, ...state.pinned.map((run) => run.id)) + 1;
    const run: PinnedRun = {
      id,
      slot,
      config: state.config,
      history: state.history,
      weights: state.weights,
      grid: state.grid,
      trainCount: state.points?.trainY.length ?? 0,
      testCount: state.points?.testY.length ?? 0,
      optimum: state.info?.optimum,
      start: state.info?.start,
    };
    set({ pinned: [...state.pinned, run], compareNote: null });
  },
  unpinRun(id) {
    set((state) => ({ pinned: state.pinned.filter((run) => run.id !== id), compareNote: null }));
  },
  clearPins() {
    set({ pinned: [], compareNote: null });
  },
  twinRun(changes) {
    // The run as it stands may be pinned already (Pin run, then Twin run): it is not pinned twice.
    if (!isLivePinned(get())) {
      get().pinRun();
      if (get().compareNote !== null) return;
    }
    get().changeConfig({ hyperparameters: changes });
    get().restartRun({ play: true });
  },
});
