/**
 * A hyperparameter sweep: a grid of learning rates × batch sizes (× annealing rates), each cell trained to
 * the end with the fast engine on exactly the run the live view would build for those settings.
 */
import { sharpness } from './curvature.ts';
import { gradientNoise, type GradientNoise } from './gradientNoise.ts';
import { downsampleIndices, evaluate } from './metrics.ts';
import { buildRun, type RunSettings } from './run.ts';
import { RELATIVE_GAP, UpdateTracer, type UpdateTrace } from './updateTrace.ts';

/**
 * What a sweep shares with a live run: its settings without the engine (a sweep always uses the fast one).
 * The epochs come from its hyperparameters; the swept values replace the rest cell by cell.
 */
export type SweepBase = Omit<RunSettings, 'engine'>;

/** A grid of hyperparameters around one base run. */
export interface SweepSpec {
  readonly base: SweepBase;
  /** 1 to 8 values. */
  readonly learningRates: readonly number[];
  /** 1 to 8 values (sizes above the training count are clamped to it). */
  readonly batchSizes: readonly number[];
  /** 1 to 4 values; a single value means annealing is not swept. */
  readonly annealingRates: readonly number[];
}

/** One cell of the grid. */
export interface SweepCell {
  /** (annealingRateIndex · batch sizes + batchSizeIndex) · learning rates + learningRateIndex. */
  readonly index: number;
  readonly learningRateIndex: number;
  readonly batchSizeIndex: number;
  readonly annealingRateIndex: number;
  readonly learningRate: number;
  /** The batch size as requested (the result reports the size used). */
  readonly batchSize: number;
  readonly annealingRate: number;
}

/** How one cell's run ended; every number is finite. */
export interface SweepResult {
  /** The cell's index. */
  readonly index: number;
  /** The batch size used: the cell's, clamped to 1 … training count. */
  readonly batchSize: number;
  /** From the last completed epoch (before any epoch completed: the model's current weights). */
  readonly finalTestAccuracy: number;
  readonly finalTrainAccuracy: number;
  /** The last finite training objective of a completed epoch; null if no epoch completed and it diverged. */
  readonly finalObjective: number | null;
  /** The lowest training objective so far, at most MAX_TRACE_POINTS epochs of the run (see `traceLowest`). */
  readonly lowestObjective: ObjectiveTrace;
  /** The running best objective per example and accuracy, every 5 % of the updates so far (`UpdateTrace`). */
  readonly updateTrace: UpdateTrace;
  /**
   * λ_max of the mean training objective at the starting weights (every cell of a sweep starts from the
   * same ones), or null when the objective has no Hessian: full-batch descent diverges there above 2 / λ_max.
   */
  readonly startSharpness: number | null;
  readonly diverged: boolean;
  /** 1-based epoch in which the run diverged. */
  readonly divergedAtEpoch: number | null;
  /** Epochs completed. */
  readonly epochsRun: number;
  /** Whether `shouldStop` cut the run short. */
  readonly stopped: boolean;
  /** Compute time of the cell, data and model building included. */
  readonly milliseconds: number;
}

/**
 * The lowest training objective reached by each of some epochs, epochs ascending. The lowest so far only
 * falls, so the first traced epoch at or under a target is the first epoch that reached it, or (when the
 * run has more epochs than the trace holds) the first traced one after it.
 */
export interface ObjectiveTrace {
  readonly epochs: readonly number[];
  readonly lowest: readonly number[];
}

/** Most epochs an objective trace holds: every epoch of a run up to this long, evenly spread beyond. */
export const MAX_TRACE_POINTS = 1000;

/** Largest number of learning rates and of batch sizes in a sweep. */
export const MAX_SWEEP_AXIS = 8;
/** Largest number of annealing rates in a sweep. */
export const MAX_SWEEP_ANNEALING = 4;
/** Samples between two calls of `shouldStop`: often enough to stop promptly, rarely enough to cost nothing. */
const STOP_CHECK_SAMPLES = 4096;

function checkAxis(
  name: string,
  values: readonly number[],
  max: number,
  valid: (value: number) => boolean,
): void {
  if (values.length < 1 || values.length > max) {
    throw new RangeError(`a sweep takes 1 to ${max} ${name}, not ${values.length}`);
  }
  for (const value of values) {
    if (!valid(value)) throw new RangeError(`${value} is not a valid value among the ${name}`);
  }
}

/** Every cell of the grid, annealing rates outermost and learning rates innermost; RangeError beyond the limits. */
export function sweepCells(spec: SweepSpec): SweepCell[] {
  const positive = (value: number) => Number.isFinite(value) && value > 0;
  checkAxis('learning rates', spec.learningRates, MAX_SWEEP_AXIS, positive);
  checkAxis('batch sizes', spec.batchSizes, MAX_SWEEP_AXIS, (value) => Number.isInteger(value) && value >= 1);
  checkAxis('annealing rates', spec.annealingRates, MAX_SWEEP_ANNEALING, positive);
  const cells: SweepCell[] = [];
  spec.annealingRates.forEach((annealingRate, annealingRateIndex) => {
    spec.batchSizes.forEach((batchSize, batchSizeIndex) => {
      spec.learningRates.forEach((learningRate, learningRateIndex) => {
        cells.push({
          index: cells.length,
          learningRateIndex,
          batchSizeIndex,
          annealingRateIndex,
          learningRate,
          batchSize,
          annealingRate,
        });
      });
    });
  });
  return cells;
}

/** The live run of one cell: the base settings with the cell's hyperparameters, on the fast engine. */
export function buildCellRun(spec: SweepSpec, cell: SweepCell) {
  const base = spec.base;
  return buildRun({
    ...base,
    engine: 'fast',
    hyperparameters: {
      learningRate: cell.learningRate,
      batchSize: cell.batchSize,
      annealingRate: cell.annealingRate,
      epochs: base.hyperparameters.epochs,
    },
  });
}

/**
 * The gradient noise (G, tr S, B_simple) of a cell's run after exactly `updates` updates: runs are
 * deterministic, so this is where the sweep's cell stood then. RangeError if the run ends before.
 */
export function measureCellNoise(spec: SweepSpec, cell: SweepCell, updates: number): GradientNoise {
  const { stepper } = buildCellRun(spec, cell);
  const made = stepper.runBatches(updates);
  if (made !== updates) {
    throw new RangeError(`the run of this cell ended after ${made} updates, before ${updates}`);
  }
  return gradientNoise(stepper.model, stepper.data.train, stepper.objective, spec.base.l2);
}

/**
 * Trains one cell to its last epoch (or until it diverges, or `shouldStop` says so) and sums it up. The
 * run is the live run with the cell's hyperparameters, so its numbers equal what the live view would show.
 */
export function runSweepCell(
  spec: SweepSpec,
  cell: SweepCell,
  shouldStop?: () => boolean,
  clock: () => number = () => performance.now(),
  relativeGap = RELATIVE_GAP,
): SweepResult {
  const started = clock();
  const base = spec.base;
  const { stepper } = buildCellRun(spec, cell);
  const start = sharpness(stepper.model, stepper.data.train, stepper.objective, base.l2);
  const tracer = new UpdateTracer(
    stepper.model,
    stepper.data.train,
    stepper.objective,
    base.l2,
    stepper.batchesInEpoch,
    relativeGap,
  );
  tracer.record(0);
  // Trains in stretches that end at the trace's next evaluation or at a check of `shouldStop`.
  const chunk = Math.max(1, Math.floor(STOP_CHECK_SAMPLES / stepper.batchSize));
  let untilRecord = tracer.nextGap(0);
  let untilStopCheck = chunk;
  let stopped = false;
  while (!stepper.finished) {
    const made = stepper.runBatches(Math.min(untilRecord, untilStopCheck));
    if (made === 0) break;
    untilRecord -= made;
    untilStopCheck -= made;
    if (untilRecord === 0) {
      tracer.record(stepper.updates);
      untilRecord = tracer.nextGap(stepper.updates);
    }
    if (untilStopCheck === 0) {
      untilStopCheck = chunk;
      if (shouldStop?.()) {
        stopped = true;
        break;
      }
    }
  }
  // The last weights, when the run ended between two evaluations.
  tracer.record(stepper.updates);
  const history = stepper.history;
  const divergence = stepper.diverged;
  const last = history.at(-1);
  let finalTrainAccuracy: number;
  let finalTestAccuracy: number;
  let finalObjective: number | null;
  if (last !== undefined) {
    finalTrainAccuracy = last.trainAccuracy;
    finalTestAccuracy = last.testAccuracy;
    finalObjective = last.objective;
  } else {
    // No epoch completed: describe the weights as they are (a divergence leaves the last finite ones).
    const train = evaluate(stepper.model, stepper.data.train, stepper.objective, undefined, base.l2);
    const test = evaluate(stepper.model, stepper.data.test, stepper.objective, undefined, base.l2);
    finalTrainAccuracy = train.accuracy;
    finalTestAccuracy = test.accuracy;
    finalObjective = divergence === null && Number.isFinite(train.objective) ? train.objective : null;
  }
  return {
    index: cell.index,
    batchSize: stepper.batchSize,
    finalTestAccuracy,
    finalTrainAccuracy,
    finalObjective,
    lowestObjective: traceLowest(history),
    updateTrace: tracer.trace(),
    startSharpness: start.kind === 'none' ? null : start.lambdaMax,
    diverged: divergence !== null,
    divergedAtEpoch: divergence === null ? null : divergence.epoch,
    epochsRun: stepper.epoch,
    stopped,
    milliseconds: clock() - started,
  };
}

/** The lowest training objective so far after each epoch of a history, thinned to MAX_TRACE_POINTS. */
export function traceLowest(
  history: readonly { readonly epoch: number; readonly objective: number }[],
): ObjectiveTrace {
  const lowestSoFar: number[] = [];
  let lowest = Number.POSITIVE_INFINITY;
  for (const record of history) {
    if (record.objective < lowest) lowest = record.objective;
    lowestSoFar.push(lowest);
  }
  const picked = downsampleIndices(history.length, MAX_TRACE_POINTS);
  return {
    epochs: picked.map((index) => (history[index] as { epoch: number }).epoch),
    lowest: picked.map((index) => lowestSoFar[index] as number),
  };
}

/**
 * For each result, the first epoch whose training objective came within `margin` (0.1 is 10 %) of the
 * lowest objective any cell of the sweep reached; null for a cell that never did (or has no result yet).
 * The target follows from the sweep itself, so on any data some cells reach it sooner than others: a fixed
 * test accuracy is reached by a linear model in its first epoch at any rate, as accuracy ignores the
 * weights' scale.
 */
export function epochsToNearLowest(
  results: readonly (SweepResult | null)[],
  margin: number,
): (number | null)[] {
  let lowest = Number.POSITIVE_INFINITY;
  for (const result of results) {
    const last = result?.lowestObjective.lowest.at(-1);
    if (last !== undefined && last < lowest) lowest = last;
  }
  if (!Number.isFinite(lowest)) return results.map(() => null);
  const target = lowest + margin * Math.abs(lowest);
  return results.map((result) => {
    if (result === null) return null;
    const { epochs, lowest: values } = result.lowestObjective;
    const index = values.findIndex((value) => value <= target);
    return index < 0 ? null : (epochs[index] as number);
  });
}

/** `count` values spaced evenly on a log scale from `min` to `max`, each rounded to 2 significant digits. */
export function logSpace(min: number, max: number, count: number): number[] {
  if (!(min > 0 && max > 0 && Number.isFinite(min) && Number.isFinite(max))) {
    throw new RangeError(`a log scale needs positive finite ends, not ${min} and ${max}`);
  }
  if (!(Number.isInteger(count) && count >= 1)) throw new RangeError(`count must be a positive integer`);
  const round = (value: number) => Number(value.toPrecision(2));
  if (count === 1) return [round(min)];
  const ratio = max / min;
  // The ends are taken as given rather than from the power, which can miss them by a rounding error.
  return Array.from({ length: count }, (_, k) =>
    round(k === 0 ? min : k === count - 1 ? max : min * ratio ** (k / (count - 1))),
  );
}

/** The time a sweep still needs, from the pace so far, in words: "about 12 s left". */
export function describeSweepEta(done: number, total: number, elapsedMs: number): string {
  if (done >= total) return 'done';
  if (!(done > 0 && elapsedMs > 0 && Number.isFinite(elapsedMs))) return 'estimating the time left…';
  const seconds = (elapsedMs * (total - done)) / done / 1000;
  if (seconds < 1) return 'less than a second left';
  if (seconds < 60) return `about ${Math.round(seconds)} s left`;
  if (seconds < 3600) return `about ${Math.round(seconds / 60)} min left`;
  return `about ${Math.round(seconds / 3600)} h left`;
}
