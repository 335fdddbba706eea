import type { StateCreator } from 'zustand';
import { countTrainingPoints, datasetLimits, type DatasetSpec } from '../core/datasets.ts';
import type { ObjectiveName } from '../core/objectives.ts';
import type { Hyperparameters } from '../core/sgd.ts';
import type { Speed } from '../worker/protocol.ts';
import type { AppState } from './store.ts';

export type { Speed };

/** The settings a user sees in the left panel. */
export interface SettingsSlice {
  dataset: DatasetSpec;
  objective: ObjectiveName;
  hyperparameters: Hyperparameters;
  /** Batches per second, or null for full speed. */
  speed: Speed;
  /** Shown under the batch-size slider when a batch size had to be clamped. */
  batchSizeNote: string | null;
  /** Changes the data: a new run starts (and keeps training if the old one was). */
  setDataset(changes: Partial<DatasetSpec>): void;
  /** Changes the objective: a new run starts (and keeps training if the old one was). */
  setObjective(objective: ObjectiveName): void;
  /** Changes learning rate, annealing, batch size or epochs: a running run takes them from its next epoch. */
  setHyperparameters(changes: Partial<Hyperparameters>): void;
  setSpeed(speed: Speed): void;
}

/** The settings a first visit starts with: a run that converges visibly in a few seconds. */
export const defaultSettings = {
  dataset: { kind: 'overlapping', points: 200, noise: 0.3, trainFraction: 0.7, seed: 1 },
  objective: 'logistic',
  hyperparameters: { learningRate: 0.1, annealingRate: 0.98, batchSize: 10, epochs: 100 },
  speed: 300,
} as const satisfies Pick<SettingsSlice, 'dataset' | 'objective' | 'hyperparameters' | 'speed'>;

/** Limits of the hyperparameter controls. */
export const hyperparameterLimits = {
  learningRate: { min: 1e-4, max: 10 },
  annealingRate: { min: 0.5, max: 1 },
  epochs: { min: 1, max: 1000 },
} as const;

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/** Keeps a dataset spec inside its limits (points are whole, the seed a 32-bit integer). */
export function sanitizeDataset(spec: DatasetSpec): DatasetSpec {
  return {
    kind: spec.kind,
    points: Math.round(clamp(spec.points, datasetLimits.points.min, datasetLimits.points.max)),
    noise: clamp(spec.noise, datasetLimits.noise.min, datasetLimits.noise.max),
    trainFraction: clamp(
      spec.trainFraction,
      datasetLimits.trainFraction.min,
      datasetLimits.trainFraction.max,
    ),
    seed: Math.abs(Math.round(spec.seed)) % 2 ** 32,
  };
}

/**
 * Fits a batch size to the training count. A batch larger than the data becomes the full batch with a note
 * saying so; a full batch stays full when the data grow.
 */
export function fitBatchSize(
  requested: number,
  trainCount: number,
  previousTrainCount: number | null,
): { batchSize: number; note: string | null } {
  const whole = Math.max(1, Math.round(requested));
  if (previousTrainCount !== null && whole === previousTrainCount)
    return { batchSize: trainCount, note: null };
  if (whole <= trainCount) return { batchSize: whole, note: null };
  return {
    batchSize: trainCount,
    note: `Batch size ${whole} is more than the ${trainCount} training points: using ${trainCount} (full batch).`,
  };
}

/** Creates the settings slice; changes that need a new run call the run slice's `restartRun`. */
export const createSettingsSlice: StateCreator<AppState, [], [], SettingsSlice> = (set, get) => ({
  ...defaultSettings,
  batchSizeNote: null,
  setDataset(changes) {
    const { dataset, hyperparameters } = get();
    const next = sanitizeDataset({ ...dataset, ...changes });
    const previousCount = countTrainingPoints(dataset.points, dataset.trainFraction);
    const fitted = fitBatchSize(
      hyperparameters.batchSize,
      countTrainingPoints(next.points, next.trainFraction),
      previousCount,
    );
    set({
      dataset: next,
      hyperparameters: { ...hyperparameters, batchSize: fitted.batchSize },
      batchSizeNote: fitted.note,
    });
    get().restartRun({ play: get().counters.state === 'training' });
  },
  setObjective(objective) {
    set({ objective });
    get().restartRun({ play: get().counters.state === 'training' });
  },
  setHyperparameters(changes) {
    const { dataset, hyperparameters } = get();
    const next: { -readonly [K in keyof Hyperparameters]: number } = { ...hyperparameters };
    let batchSizeNote = get().batchSizeNote;
    if (changes.learningRate !== undefined) {
      const { min, max } = hyperparameterLimits.learningRate;
      next.learningRate = clamp(changes.learningRate, min, max);
    }
    if (changes.annealingRate !== undefined) {
      const { min, max } = hyperparameterLimits.annealingRate;
      next.annealingRate = clamp(changes.annealingRate, min, max);
    }
    if (changes.epochs !== undefined) {
      const { min, max } = hyperparameterLimits.epochs;
      next.epochs = Math.round(clamp(changes.epochs, min, max));
    }
    if (changes.batchSize !== undefined) {
      const fitted = fitBatchSize(
        changes.batchSize,
        countTrainingPoints(dataset.points, dataset.trainFraction),
        null,
      );
      next.batchSize = fitted.batchSize;
      batchSizeNote = fitted.note;
    }
    const applied: { -readonly [K in keyof Hyperparameters]?: number } = {};
    for (const key of Object.keys(changes) as (keyof Hyperparameters)[]) applied[key] = next[key];
    set({ hyperparameters: next, batchSizeNote });
    get().scheduleHyperparameters(applied);
  },
  setSpeed(speed) {
    set({ speed });
    get().sendSpeed(speed);
  },
});
