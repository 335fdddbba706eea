/**
 * The learning-rate finder (Smith 2017, "Cyclical Learning Rates"; fastai's `lr_find`): a short separate
 * run from the run's starting weights whose learning rate grows exponentially batch by batch, recording
 * each batch's objective, smoothed, until the smoothed objective blows up. The lowest point of the smoothed
 * curve lies at or past the edge of stability, so a rate ten times smaller is a safe and fast choice.
 */
import { addPenaltyGradient, penaltyPerExample } from './metrics.ts';
import { buildRun, createRunSampler } from './run.ts';
import { EXPLODING_WEIGHT } from './sgd.ts';
import type { SweepBase } from './sweep.ts';

/** The first learning rate of the ramp: the bottom of the learning-rate slider. */
export const FINDER_START_RATE = 1e-4;
/** The last learning rate of the ramp: the top of the learning-rate slider. */
export const FINDER_END_RATE = 10;
/** The ramp grows the rate by at most this factor from one batch to the next (5 %). */
export const FINDER_MAX_GROWTH = 1.05;
/** The smoothing's weight on the past, as fastai's: about the last 50 batches count. */
export const FINDER_SMOOTHING = 0.98;
/** The smoothed objective has blown up once it exceeds its lowest value by this factor. */
export const FINDER_BLOW_UP_FACTOR = 4;
/** The suggestion is the rate at the smoothed curve's lowest point divided by this. */
export const FINDER_SUGGESTION_DIVISOR = 10;

/** The suggestion's rule, as the page names it. */
export const FINDER_RULE = 'the learning rate at the lowest point of the smoothed curve, divided by 10';

/** How the ramp ended. */
export type FinderStop = 'blewUp' | 'notFinite' | 'reachedEnd';

/** What the finder found; the arrays hold one entry per batch, in order. */
export interface LearningRateFinderResult {
  /** The learning rate of each batch's update. */
  readonly rates: readonly number[];
  /**
   * Each batch's objective before its update, scaled to the training set: the batch's mean loss (L2 term
   * included) × the training count, as the objective chart's per-batch line.
   */
  readonly losses: readonly number[];
  /** The bias-corrected exponential moving average of `losses`. */
  readonly smoothed: readonly number[];
  /** The learning rate at which the smoothed objective blew up or stopped being finite; null if it never did. */
  readonly stoppedAt: number | null;
  readonly stop: FinderStop;
  /** The suggested learning rate (2 significant digits, within the ramp's range); null if there is none. */
  readonly suggestion: number | null;
  /** How the suggestion was chosen, or why there is none. */
  readonly rule: string;
  /** The batch size the ramp ran at (the run's, clamped to the training count). */
  readonly batchSize: number;
}

/** How the ramp runs; every field has the finder's default. */
export interface FinderOptions {
  readonly startRate?: number;
  readonly endRate?: number;
  readonly maxGrowth?: number;
  readonly smoothing?: number;
  readonly blowUpFactor?: number;
}

/**
 * The ramp's learning rates: from `startRate` to `endRate` exactly, each `maxGrowth`-fold or less above the
 * one before, in as few equal ratios as that allows.
 */
export function rampRates(
  startRate = FINDER_START_RATE,
  endRate = FINDER_END_RATE,
  maxGrowth = FINDER_MAX_GROWTH,
): number[] {
  if (!(startRate > 0 && endRate > startRate && maxGrowth > 1 && Number.isFinite(endRate))) {
    throw new RangeError(`a ramp needs 0 < start < end and a growth above 1`);
  }
  // The small tolerance keeps an exact fit (e.g. a factor of 100 in 1.1-fold steps) from taking a step more.
  const steps = Math.ceil(Math.log(endRate / startRate) / Math.log(maxGrowth) - 1e-9);
  const ratio = endRate / startRate;
  return Array.from({ length: steps + 1 }, (_, k) =>
    k === steps ? endRate : startRate * ratio ** (k / steps),
  );
}

/**
 * The exponential moving average of `values` with weight `beta` on the past, divided by 1 − beta^k after
 * the k-th value so that the early values are not pulled towards the average's starting 0.
 */
export function smoothBiasCorrected(values: readonly number[], beta = FINDER_SMOOTHING): number[] {
  let average = 0;
  let weight = 1;
  return values.map((value) => {
    average = beta * average + (1 - beta) * value;
    weight *= beta;
    return average / (1 - weight);
  });
}

/** `value` rounded to 2 significant digits, as the page shows a suggested rate. */
function roundRate(value: number): number {
  return Number(value.toPrecision(2));
}

/**
 * Runs the ramp on the run `base` describes, at its batch size, from its model's starting weights, with
 * the live run's batching (each epoch's order from the run's sampling scheme and seed, consecutive batches,
 * the last one shorter). Each batch's update is W ← W − rate·(Σ∇f)/|batch|. Stops when
 * the smoothed objective exceeds `blowUpFactor` × its lowest value, when a batch's objective or a weight
 * stops being finite (or explodes), or at the end of the ramp.
 */
export function findLearningRate(base: SweepBase, options: FinderOptions = {}): LearningRateFinderResult {
  const rates = rampRates(options.startRate, options.endRate, options.maxGrowth);
  const beta = options.smoothing ?? FINDER_SMOOTHING;
  const blowUpFactor = options.blowUpFactor ?? FINDER_BLOW_UP_FACTOR;
  const { model, data, objective } = buildRun({ ...base, engine: 'fast' });
  const permute = createRunSampler(base);
  const points = data.train;
  const trainCount = points.y.length;
  const batchSize = Math.max(1, Math.min(trainCount, Math.floor(base.hyperparameters.batchSize)));
  const weights = model.weights;
  const gradient = new Float64Array(weights.length);
  const l2 = base.l2;

  const usedRates: number[] = [];
  const losses: number[] = [];
  const smoothed: number[] = [];
  let average = 0;
  let weight = 1;
  let lowest = Number.POSITIVE_INFINITY;
  let stop: FinderStop = 'reachedEnd';
  let epochIndex = 0;
  let order: Uint32Array = new Uint32Array(0);
  let position = trainCount;

  for (const rate of trainCount === 0 ? [] : rates) {
    if (position >= trainCount) {
      order = permute(epochIndex++, trainCount);
      position = 0;
    }
    const end = Math.min(trainCount, position + batchSize);
    const size = end - position;
    let batchObjective = model.batchGradient(points, order, position, end, objective, gradient);
    if (l2 !== 0) {
      batchObjective += size * penaltyPerExample(weights, model.penalized, l2);
      addPenaltyGradient(gradient, weights, model.penalized, l2, size);
    }
    position = end;
    const loss = (batchObjective / size) * trainCount;
    if (!Number.isFinite(loss)) {
      stop = 'notFinite';
      break;
    }
    // The same smoothing as `smoothBiasCorrected`, a value at a time so the ramp can stop as it goes.
    average = beta * average + (1 - beta) * loss;
    weight *= beta;
    const smooth = average / (1 - weight);
    usedRates.push(rate);
    losses.push(loss);
    smoothed.push(smooth);
    if (smooth < lowest) lowest = smooth;
    // A lowest value of 0 (the perceptron criterion at zero weights) gives no scale to blow up against.
    if (lowest > 0 && smooth > blowUpFactor * lowest) {
      stop = 'blewUp';
      break;
    }
    const step = rate / size;
    let bounded = true;
    for (let j = 0; j < weights.length; j++) {
      const updated = (weights[j] as number) - step * (gradient[j] as number);
      weights[j] = updated;
      if (!(Math.abs(updated) <= EXPLODING_WEIGHT)) bounded = false;
    }
    if (!bounded) {
      stop = 'notFinite';
      break;
    }
  }

  const { suggestion, rule } = suggestRate(usedRates, smoothed);
  return {
    rates: usedRates,
    losses,
    smoothed,
    stoppedAt: stop === 'reachedEnd' ? null : (usedRates.at(-1) ?? null),
    stop,
    suggestion,
    rule,
    batchSize,
  };
}

/** The suggestion from the smoothed curve (see FINDER_RULE), or why there is none. */
function suggestRate(
  rates: readonly number[],
  smoothed: readonly number[],
): { suggestion: number | null; rule: string } {
  let lowestIndex = -1;
  smoothed.forEach((value, index) => {
    if (lowestIndex < 0 || value < (smoothed[lowestIndex] as number)) lowestIndex = index;
  });
  const lowest = smoothed[lowestIndex];
  const rate = rates[lowestIndex];
  if (lowest === undefined || rate === undefined) {
    return { suggestion: null, rule: 'no batch ran, so there is nothing to suggest' };
  }
  if (!(lowest > 0)) {
    return {
      suggestion: null,
      rule: 'the objective is 0 where the ramp starts, so its size cannot tell the learning rates apart',
    };
  }
  const suggestion = Math.max(rates[0] as number, roundRate(rate / FINDER_SUGGESTION_DIVISOR));
  return { suggestion, rule: FINDER_RULE };
}
