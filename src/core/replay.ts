import { sharpness } from './curvature.ts';
import { pointsFromRows, type Dataset, type PointSet } from './datasets.ts';
import { gradientNoise } from './gradientNoise.ts';
import { createLinearModel } from './linearModel.ts';
import { isObjectiveName, objectives, type Objective, type ObjectiveName } from './objectives.ts';
import { findOptimum } from './optimum.ts';
import { SgdStepper } from './sgd.ts';

/** A reference run in the format of test/golden (see its README). */
export interface ReferenceRun {
  readonly objective: ObjectiveName;
  readonly lr: number;
  readonly annealing: number;
  readonly batchSize: number;
  readonly maxEpochs: number;
  readonly trainX: readonly (readonly number[])[];
  readonly trainY: readonly number[];
  readonly testX: readonly (readonly number[])[];
  readonly testY: readonly number[];
  readonly permutations: readonly (readonly number[])[];
}

/**
 * What a replay computes, with the keys of a reference file's `expected` field. As in the reference files,
 * the optimum fields appear only for smooth objectives: `optimumW` and `optimumObjective` where the training
 * objective has a minimiser, `optimumNote` where it has none; a hinge run carries neither. So do `sharpness`
 * and `noiseScale`, one value per epoch at that epoch's weights (null where there is none).
 */
export interface ReplayResult {
  wPerEpoch: number[][];
  objective: number[];
  trainAccuracy: number[];
  testAccuracy: number[];
  lrUsed: number[];
  finalW: number[];
  optimumW?: number[];
  optimumObjective?: number;
  optimumNote?: string;
  sharpness?: (number | null)[];
  noiseScale?: (number | null)[];
}

function isNumberArray(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'number' && Number.isFinite(item));
}

/** Rows are [x1, x2] or, as the golden files store them, the features [x1, x2, 1]. */
function isRowArray(value: unknown): value is number[][] {
  return (
    Array.isArray(value) &&
    value.every((row) => isNumberArray(row) && (row.length === 2 || (row.length === 3 && row[2] === 1)))
  );
}

/** Checks a parsed JSON value against the reference format; throws an Error naming the first problem. */
export function parseReferenceRun(value: unknown): ReferenceRun {
  if (typeof value !== 'object' || value === null) throw new Error('the file is not a JSON object');
  const run = value as Record<string, unknown>;
  const problem = (field: string, what: string) => new Error(`field "${field}" ${what}`);
  if (typeof run['objective'] !== 'string' || !isObjectiveName(run['objective'])) {
    throw problem('objective', `must be one of ${Object.keys(objectives).join(', ')}`);
  }
  for (const field of ['lr', 'annealing', 'batchSize', 'maxEpochs']) {
    const number = run[field];
    if (typeof number !== 'number' || !Number.isFinite(number) || number <= 0) {
      throw problem(field, 'must be a positive number');
    }
  }
  if (!isRowArray(run['trainX'])) throw problem('trainX', 'must be a list of [x1, x2] or [x1, x2, 1] rows');
  if (!isRowArray(run['testX'])) throw problem('testX', 'must be a list of [x1, x2] or [x1, x2, 1] rows');
  for (const [field, rows] of [
    ['trainY', run['trainX']],
    ['testY', run['testX']],
  ] as const) {
    const labels = run[field];
    if (!isNumberArray(labels) || labels.length !== rows.length || labels.some((y) => y !== 1 && y !== -1)) {
      throw problem(field, 'must hold one label, −1 or +1, per row');
    }
  }
  const trainCount = run['trainX'].length;
  const permutations = run['permutations'];
  if (
    !Array.isArray(permutations) ||
    permutations.length < (run['maxEpochs'] as number) ||
    !permutations.every((order) => isPermutation(order, trainCount))
  ) {
    throw problem('permutations', `must hold one permutation of 0 … ${trainCount - 1} per epoch`);
  }
  return run as unknown as ReferenceRun;
}

function isPermutation(order: unknown, count: number): boolean {
  if (!isNumberArray(order) || order.length !== count) return false;
  const seen = new Uint8Array(count);
  for (const index of order) {
    if (!Number.isInteger(index) || index < 0 || index >= count || seen[index]) return false;
    seen[index] = 1;
  }
  return true;
}

/**
 * Replays a reference run with the app's own stepper and linear model, using the file's permutations, and
 * finds the exact minimiser of its training objective (no L2, as the reference).
 */
export function replayReferenceRun(run: ReferenceRun): ReplayResult {
  const data: Dataset = {
    train: pointsFromRows(run.trainX, run.trainY),
    test: pointsFromRows(run.testX, run.testY),
  };
  const stepper = new SgdStepper(
    createLinearModel(),
    data,
    objectives[run.objective],
    {
      learningRate: run.lr,
      annealingRate: run.annealing,
      batchSize: run.batchSize,
      epochs: run.maxEpochs,
    },
    (epochIndex) => Uint32Array.from(run.permutations[epochIndex] ?? []),
  );
  while (stepper.runBatches(1_000_000) > 0);
  const history = stepper.history;
  const result: ReplayResult = {
    wPerEpoch: history.map((record) => [...record.weights]),
    objective: history.map((record) => record.objective),
    trainAccuracy: history.map((record) => record.trainAccuracy),
    testAccuracy: history.map((record) => record.testAccuracy),
    lrUsed: history.map((record) => record.learningRate),
    finalW: Array.from(stepper.model.weights),
  };
  const objective = objectives[run.objective];
  if (!objective.smooth) return result;
  const optimum = findOptimum(createLinearModel(), data.train, objective, 0);
  const withOptimum: ReplayResult =
    optimum.kind === 'none'
      ? { ...result, optimumNote: optimum.note }
      : { ...result, optimumW: Array.from(optimum.weights), optimumObjective: optimum.objective };
  return { ...withOptimum, ...measureCurvatureAndNoise(result.wPerEpoch, data.train, objective) };
}

/** λ_max and B_simple of the linear model at each of the weights given (no L2, as the reference). */
function measureCurvatureAndNoise(
  weightsPerEpoch: readonly (readonly number[])[],
  points: PointSet,
  objective: Objective,
): { sharpness: (number | null)[]; noiseScale: (number | null)[] } {
  const model = createLinearModel();
  const sharpnessPerEpoch: (number | null)[] = [];
  const noiseScalePerEpoch: (number | null)[] = [];
  for (const weights of weightsPerEpoch) {
    model.weights.set(weights);
    const curvature = sharpness(model, points, objective, 0);
    sharpnessPerEpoch.push(curvature.kind === 'none' ? null : curvature.lambdaMax);
    noiseScalePerEpoch.push(gradientNoise(model, points, objective, 0).noiseScale);
  }
  return { sharpness: sharpnessPerEpoch, noiseScale: noiseScalePerEpoch };
}
