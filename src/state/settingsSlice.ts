import type { StateCreator } from 'zustand';
import { countTrainingPoints, datasetLimits, type DatasetSpec } from '../core/datasets.ts';
import { seedModelSpec, type EngineName, type ModelSpec } from '../core/modelSpec.ts';
import type { ObjectiveName } from '../core/objectives.ts';
import type { Hyperparameters } from '../core/sgd.ts';
import type { Speed } from '../worker/protocol.ts';
import type { AppState } from './store.ts';

export type { Speed };

/** The settings a user sees in the left panel. */
export interface SettingsSlice {
  dataset: DatasetSpec;
  model: ModelSpec;
  engine: EngineName;
  objective: ObjectiveName;
  /** L2 regularisation strength λ (0 = none). */
  l2: number;
  hyperparameters: Hyperparameters;
  /** Batches per second, or null for full speed. */
  speed: Speed;
  /** Shown under the batch-size slider when a batch size had to be clamped. */
  batchSizeNote: string | null;
  /** Changes the data: a new run starts (and keeps training if the old one was). */
  setDataset(changes: Partial<DatasetSpec>): void;
  /** Changes the objective: a new run starts (and keeps training if the old one was). */
  setObjective(objective: ObjectiveName): void;
  /** Changes the model: a new run starts (and keeps training if the old one was). */
  setModel(model: ModelSpec): void;
  /** Switches the engine that computes gradients: a new run starts. */
  setEngine(engine: EngineName): void;
  /** Changes the L2 strength: a new run starts. */
  setL2(l2: number): void;
  /** Changes learning rate, annealing, batch size or epochs: a running run takes them from its next epoch. */
  setHyperparameters(changes: Partial<Hyperparameters>): void;
  setSpeed(speed: Speed): void;
  /** Fits the batch size to the current training count (after the data changed). */
  refitBatchSize(previousTrainCount?: number): void;
}

/** How many training points the current settings give: of the user's points if any, else of the spec. */
export function selectTrainCount(state: Pick<AppState, 'customPoints' | 'dataset'>): number {
  const total = state.customPoints ? state.customPoints.y.length : state.dataset.points;
  if (total < 2) return Math.max(1, total);
  return countTrainingPoints(total, state.dataset.trainFraction);
}

/** The settings a first visit starts with: a run that converges visibly in a few seconds. */
export const defaultSettings = {
  dataset: { kind: 'overlapping', points: 200, noise: 0.3, trainFraction: 0.7, seed: 1 },
  model: seedModelSpec,
  engine: 'fast',
  objective: 'logistic',
  l2: 0,
  hyperparameters: { learningRate: 0.1, annealingRate: 0.98, batchSize: 10, epochs: 100 },
  speed: 300,
} as const satisfies Pick<
  SettingsSlice,
  'dataset' | 'model' | 'engine' | 'objective' | 'l2' | 'hyperparameters' | 'speed'
>;

/** Limits of the hyperparameter controls. */
export const hyperparameterLimits = {
  learningRate: { min: 1e-4, max: 10 },
  annealingRate: { min: 0.5, max: 1 },
  epochs: { min: 1, max: 100_000 },
  l2: { min: 0, max: 1 },
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
    const previousCount = selectTrainCount(get());
    // Choosing a generated dataset leaves the user's own points (Undo brings them back).
    if (changes.kind !== undefined && get().customPoints !== null) {
      set({ pointHistory: [...get().pointHistory, get().customPoints].slice(-50), customPoints: null });
    }
    set({ dataset: sanitizeDataset({ ...get().dataset, ...changes }) });
    get().refitBatchSize(previousCount);
    get().restartRun({ play: get().counters.state === 'training' });
  },
  refitBatchSize(previousTrainCount) {
    const { hyperparameters } = get();
    const fitted = fitBatchSize(
      hyperparameters.batchSize,
      selectTrainCount(get()),
      previousTrainCount ?? null,
    );
    set({
      hyperparameters: { ...hyperparameters, batchSize: fitted.batchSize },
      batchSizeNote: fitted.note,
    });
  },
  setObjective(objective) {
    set({ objective });
    get().restartRun({ play: get().counters.state === 'training' });
  },
  setModel(model) {
    set({ model });
    get().restartRun({ play: get().counters.state === 'training' });
  },
  setEngine(engine) {
    set({ engine });
    get().restartRun({ play: get().counters.state === 'training' });
  },
  setL2(l2) {
    set({ l2: clamp(l2, hyperparameterLimits.l2.min, hyperparameterLimits.l2.max) });
    get().restartRun({ play: get().counters.state === 'training' });
  },
  setHyperparameters(changes) {
    const { hyperparameters } = get();
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
      const fitted = fitBatchSize(changes.batchSize, selectTrainCount(get()), null);
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
