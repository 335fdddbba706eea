/**
 * The configuration: everything a link, the saved last session, a pinned run or a preset carries, as one
 * value, with its defaults, its limits and what a change of each part does to the run.
 */
import { countTrainingPoints, datasetLimits, type DatasetSpec } from '../core/datasets.ts';
import type { Hyperparameters } from '../core/hyperparameters.ts';
import { seedModelSpec } from '../core/modelSpec.ts';
import type { RunSettings, Speed } from '../core/run.ts';
import { DEFAULT_SAMPLING, type SamplingScheme } from '../core/sampling.ts';

export type { Speed };

/**
 * Everything a link, the saved last session, a pinned run or a preset carries: the run's settings (a
 * change of any of them but the hyperparameters starts a new run), its pace and the view.
 */
export interface AppConfig extends RunSettings {
  /** How each epoch's examples are sampled (always named here; a run's settings may leave it out). */
  readonly sampling: SamplingScheme;
  /** Batches per second, or null for full speed. */
  readonly speed: Speed;
  /** Presentation mode (large type, essentials only). */
  readonly presentation: boolean;
}

/** A change of some parts of the configuration; the dataset and the hyperparameters may change in part. */
export type ConfigPatch = {
  readonly [Key in keyof AppConfig]?: Key extends 'dataset' | 'hyperparameters'
    ? Partial<AppConfig[Key]>
    : AppConfig[Key];
};

/**
 * What a change of each part does: `restart` starts a new run (training on if the old one was), `next epoch`
 * hands the change to the running run from its next epoch, `pace` changes the speed of the running run, and
 * `view` changes only what the page shows.
 */
export const CONFIG_EFFECTS = {
  dataset: 'restart',
  customPoints: 'restart',
  model: 'restart',
  engine: 'restart',
  objective: 'restart',
  l2: 'restart',
  sampling: 'restart',
  hyperparameters: 'next epoch',
  speed: 'pace',
  presentation: 'view',
} as const satisfies Record<keyof AppConfig, 'restart' | 'next epoch' | 'pace' | 'view'>;

/** The configuration a first visit starts with: a run that converges visibly in a few seconds. */
export const defaultConfig: AppConfig = {
  dataset: { kind: 'overlapping', points: 200, noise: 0.3, trainFraction: 0.7, seed: 1 },
  customPoints: null,
  model: seedModelSpec,
  engine: 'fast',
  objective: 'logistic',
  l2: 0,
  sampling: DEFAULT_SAMPLING,
  hyperparameters: { learningRate: 0.1, annealingRate: 0.98, batchSize: 10, epochs: 100 },
  speed: 300,
  presentation: false,
};

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

/** How many training points a configuration gives: of the user's points if any (0 after Clear), else of the spec. */
export function countConfigTrainingPoints(config: Pick<AppConfig, 'customPoints' | 'dataset'>): number {
  const total = config.customPoints ? config.customPoints.y.length : config.dataset.points;
  if (total < 2) return total;
  return countTrainingPoints(total, config.dataset.trainFraction);
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
  // With no training point (the user cleared theirs) there is nothing to fit: the size waits for data.
  if (trainCount === 0) return { batchSize: whole, note: null };
  if (previousTrainCount !== null && whole === previousTrainCount)
    return { batchSize: trainCount, note: null };
  if (whole <= trainCount) return { batchSize: whole, note: null };
  return {
    batchSize: trainCount,
    note: `Batch size ${whole} is more than the ${trainCount} training points: using ${trainCount} (full batch).`,
  };
}

/** Keeps each given hyperparameter inside its limits; the batch size is fitted separately. */
function clampHyperparameters(changes: Partial<Hyperparameters>): Partial<Hyperparameters> {
  const clamped: { -readonly [Key in keyof Hyperparameters]?: number } = { ...changes };
  const { learningRate, annealingRate, epochs } = hyperparameterLimits;
  if (changes.learningRate !== undefined)
    clamped.learningRate = clamp(changes.learningRate, learningRate.min, learningRate.max);
  if (changes.annealingRate !== undefined)
    clamped.annealingRate = clamp(changes.annealingRate, annealingRate.min, annealingRate.max);
  if (changes.epochs !== undefined)
    clamped.epochs = Math.round(clamp(changes.epochs, epochs.min, epochs.max));
  return clamped;
}

/** A patched configuration, each part inside its limits and the batch size fitted to the data. */
export interface PatchedConfig {
  readonly config: AppConfig;
  /** Set when the batch size had to be clamped; undefined when the batch size was neither given nor refitted. */
  readonly batchSizeNote: string | null | undefined;
  /** The hyperparameters the patch gave, as applied (after clamping and fitting). */
  readonly appliedHyperparameters: Partial<Hyperparameters>;
  /** Whether the patch needs a new run. */
  readonly restarts: boolean;
}

/**
 * Applies a patch to a configuration. Choosing a generated dataset's kind leaves the user's own points. When
 * the data change, the batch size is refitted (a full batch stays full); a given batch size is fitted too.
 */
export function patchConfig(config: AppConfig, patch: ConfigPatch): PatchedConfig {
  const keys = Object.keys(patch) as (keyof AppConfig)[];
  const restarts = keys.some((key) => CONFIG_EFFECTS[key] === 'restart');
  const customPoints =
    patch.customPoints !== undefined
      ? patch.customPoints
      : patch.dataset?.kind !== undefined
        ? null
        : config.customPoints;
  const dataset = patch.dataset ? sanitizeDataset({ ...config.dataset, ...patch.dataset }) : config.dataset;
  const given = clampHyperparameters(patch.hyperparameters ?? {});
  const patched = { ...config, ...patch, dataset, customPoints };
  const hyperparameters: { -readonly [Key in keyof Hyperparameters]: number } = {
    ...config.hyperparameters,
    ...given,
  };
  const dataChanged = patch.dataset !== undefined || patch.customPoints !== undefined;
  let batchSizeNote: string | null | undefined;
  if (given.batchSize !== undefined || dataChanged) {
    const previousTrainCount = given.batchSize === undefined ? countConfigTrainingPoints(config) : null;
    const fitted = fitBatchSize(
      hyperparameters.batchSize,
      countConfigTrainingPoints(patched),
      previousTrainCount,
    );
    hyperparameters.batchSize = fitted.batchSize;
    batchSizeNote = fitted.note;
  }
  const next: AppConfig = {
    ...patched,
    l2: clamp(patched.l2, hyperparameterLimits.l2.min, hyperparameterLimits.l2.max),
    hyperparameters,
  };
  const appliedHyperparameters: { -readonly [Key in keyof Hyperparameters]?: number } = {};
  for (const key of Object.keys(given) as (keyof Hyperparameters)[]) {
    appliedHyperparameters[key] = next.hyperparameters[key];
  }
  return { config: next, batchSizeNote, appliedHyperparameters, restarts };
}

/**
 * A whole configuration made valid: the dataset inside its limits and the batch size fitted to the data
 * (a link or a preset may ask for a batch larger than the data).
 */
export function normalizeConfig(config: AppConfig): { config: AppConfig; batchSizeNote: string | null } {
  const dataset = sanitizeDataset(config.dataset);
  const fitted = fitBatchSize(
    config.hyperparameters.batchSize,
    countConfigTrainingPoints({ dataset, customPoints: config.customPoints }),
    null,
  );
  return {
    config: {
      ...config,
      dataset,
      hyperparameters: { ...config.hyperparameters, batchSize: fitted.batchSize },
    },
    batchSizeNote: fitted.note,
  };
}
