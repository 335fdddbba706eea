/**
 * A run: its data, model, objective and stepper, built from its settings. The training worker, the sweep
 * and the race all build their runs here, so a sweep cell or a race lane replays the live run exactly.
 */
import {
  generateDataset,
  splitCustomPoints,
  type Dataset,
  type DatasetSpec,
  type PointSet,
} from './datasets.ts';
import type { Hyperparameters } from './hyperparameters.ts';
import type { Model } from './model.ts';
import type { EngineName, ModelSpec } from './modelSpec.ts';
import { createModel } from './models.ts';
import { objectives, type Objective, type ObjectiveName } from './objectives.ts';
import { deriveSeed, type PermutationSource } from './random.ts';
import { createSampler, DEFAULT_SAMPLING, type SamplingScheme } from './sampling.ts';
import { SgdStepper } from './sgd.ts';

/** Points the user drew or imported (x1, x2 interleaved; labels −1 / +1). */
export type CustomPoints = PointSet;

/** Batches per second, or null for as fast as the machine goes. */
export type Speed = number | null;

/** Everything that defines a run: changing any of it except the hyperparameters starts a new run. */
export interface RunSettings {
  readonly dataset: DatasetSpec;
  /** When present, these points replace the generated ones (split by the spec's train fraction and seed). */
  readonly customPoints: CustomPoints | null;
  readonly model: ModelSpec;
  readonly engine: EngineName;
  readonly objective: ObjectiveName;
  /** L2 regularisation strength λ (0 = none). */
  readonly l2: number;
  readonly hyperparameters: Hyperparameters;
  /** How each epoch's examples are sampled; absent means the reference's reshuffling. */
  readonly sampling?: SamplingScheme;
}

/** The shuffled order of an epoch, with the batch size that cuts it into batches. */
export interface EpochOrder {
  readonly epochIndex: number;
  readonly order: Uint32Array;
  readonly batchSize: number;
}

/** A model as an engine builds it; tfjs models hold tensors to dispose. */
export type EngineModel = Model & { dispose?(): void };

/** Builds the model of a spec in an engine; the training worker supplies tfjs once it is loaded. */
export type ModelFactory = (spec: ModelSpec, seed: number, engine: EngineName) => EngineModel;

/** The engine every run can use at once: hand-written typed-array kernels. */
export const fastModelFactory: ModelFactory = (spec, seed) => createModel(spec, seed);

/** A run ready to train. */
export interface Run {
  readonly data: Dataset;
  readonly model: EngineModel;
  readonly objective: Objective;
  readonly stepper: SgdStepper;
}

/** How `buildRun` builds a run beyond its settings. */
export interface BuildRunOptions {
  /** The engine's model factory (default: the fast engine's). */
  readonly buildModel?: ModelFactory;
  /** The data of these settings, loaded once for runs that differ only in their hyperparameters. */
  readonly data?: Dataset;
  /** Epoch records the stepper keeps at most (default: all). */
  readonly maxHistory?: number;
}

/** The data of a run: the user's points split by the spec's train fraction and seed, or generated ones. */
export function loadRunData(settings: Pick<RunSettings, 'dataset' | 'customPoints'>): Dataset {
  const custom = settings.customPoints;
  if (custom === null) return generateDataset(settings.dataset);
  return splitCustomPoints(custom.x, custom.y, settings.dataset.trainFraction, settings.dataset.seed);
}

/** The order source of a run: its sampling scheme, seeded from the dataset's seed as the reference's shuffle. */
export function createRunSampler(settings: Pick<RunSettings, 'dataset' | 'sampling'>): PermutationSource {
  return createSampler(settings.sampling ?? DEFAULT_SAMPLING, deriveSeed(settings.dataset.seed, 'shuffle'));
}

/** Builds the run of `settings`: its model and its sampler take seeds derived from the dataset's seed. */
export function buildRun(settings: RunSettings, options: BuildRunOptions = {}): Run {
  const data = options.data ?? loadRunData(settings);
  const seed = settings.dataset.seed;
  const model = (options.buildModel ?? fastModelFactory)(
    settings.model,
    deriveSeed(seed, 'model'),
    settings.engine,
  );
  const objective = objectives[settings.objective];
  const stepper = new SgdStepper(
    model,
    data,
    objective,
    settings.hyperparameters,
    createRunSampler(settings),
    options.maxHistory === undefined
      ? { l2: settings.l2 }
      : { l2: settings.l2, maxHistory: options.maxHistory },
  );
  return { data, model, objective, stepper };
}
