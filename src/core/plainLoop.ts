/**
 * The reference algorithm on the linear model [x1, x2, 1] written as one plain loop over typed arrays, with
 * no model, objective or stepper objects: the yardstick the engine's speed is measured against (the bench,
 * later a worker), and a second implementation its results are checked against bit for bit.
 */
import type { Dataset, PointSet } from './datasets.ts';
import type { Hyperparameters } from './hyperparameters.ts';
import type { ObjectiveName } from './objectives.ts';
import { createRandom } from './random.ts';

/** The hyperparameters of a plain run and the seed of its shuffles (as `createShuffler(seed)` draws them). */
export interface PlainSgdOptions extends Hyperparameters {
  readonly seed: number;
}

/** Where a plain run ended. */
export interface PlainSgdResult {
  /** The final [w1, w2, b]. */
  readonly weights: [number, number, number];
  /** Four numbers per completed epoch: train objective, train accuracy, test objective, test accuracy. */
  readonly records: Float64Array;
  /** Epochs completed (and recorded). */
  readonly epochs: number;
  /** Updates made. */
  readonly updates: number;
  /** Training examples the updates used: the sum of the batch sizes. */
  readonly samples: number;
}

/** A timed run asks whether to stop once per this many samples, so the question costs nothing at batch 1. */
export const PLAIN_STOP_CHECK_SAMPLES = 1024;

/** Numbers per epoch in `PlainSgdResult.records`. */
export const PLAIN_RECORD_SIZE = 4;

// Integer codes tested with if/else inside the loop: one function for every objective, and no call per
// example, which is what a hand-written loop would do.
const LOGISTIC = 0;
const HINGE = 1;
const SQUARED = 2;
const PERCEPTRON = 3;
const objectiveCodes: Readonly<Record<ObjectiveName, number>> = {
  logistic: LOGISTIC,
  hinge: HINGE,
  squared: SQUARED,
  perceptron: PERCEPTRON,
};

/**
 * Trains the linear model from zero weights for `options.epochs` epochs, exactly as `SgdStepper` does with
 * `createLinearModel()` and `createShuffler(options.seed)`: the same weights and records, bit for bit. It
 * has no divergence check, so it goes on where the stepper would stop at exploding weights.
 */
export function runPlainLinearSgd(
  data: Dataset,
  objective: ObjectiveName,
  options: PlainSgdOptions,
): PlainSgdResult {
  return trainPlain(data, objective, options, null);
}

/**
 * `runPlainLinearSgd` that also stops early when `shouldStop(samples so far)` says so; it is asked between
 * batches, once every `PLAIN_STOP_CHECK_SAMPLES` samples or more. An epoch whose last batch was trained is
 * still evaluated and recorded, as `SgdStepper.runBatches` does, so `updates` replays it on a stepper.
 */
export function runPlainLinearSgdFor(
  data: Dataset,
  objective: ObjectiveName,
  options: PlainSgdOptions,
  shouldStop: (samples: number) => boolean,
): PlainSgdResult {
  return trainPlain(data, objective, options, shouldStop);
}

/** The one loop behind both exports; everything it touches per example is a local. */
function trainPlain(
  data: Dataset,
  objective: ObjectiveName,
  options: PlainSgdOptions,
  shouldStop: ((samples: number) => boolean) | null,
): PlainSgdResult {
  const kind = objectiveCodes[objective];
  const { x, y } = data.train;
  const count = y.length;
  // Rounded and clamped as the stepper does, so any batch size gives the same run in both.
  const batchSize = Math.max(1, Math.min(count, Math.round(options.batchSize)));
  const epochs = count === 0 ? 0 : options.epochs;
  const order = new Uint32Array(count);
  // Grown by doubling: a timed run may ask for far more epochs than it will reach.
  let records = new Float64Array(PLAIN_RECORD_SIZE * Math.min(epochs, 1024));
  const counts = new Float64Array(1);
  const random = createRandom(options.seed);
  let w0 = 0;
  let w1 = 0;
  let w2 = 0;
  let rate = options.learningRate;
  let updates = 0;
  let samples = 0;
  let nextCheck = shouldStop === null ? Number.POSITIVE_INFINITY : PLAIN_STOP_CHECK_SAMPLES;
  let stopped = false;
  let epoch = 0;
  while (epoch < epochs && !stopped) {
    for (let i = 0; i < count; i++) order[i] = i;
    for (let i = count - 1; i > 0; i--) {
      const j = random.integer(i + 1);
      const swap = order[i] as number;
      order[i] = order[j] as number;
      order[j] = swap;
    }
    let first = 0;
    while (first < count) {
      const end = Math.min(count, first + batchSize);
      let g0 = 0;
      let g1 = 0;
      let g2 = 0;
      for (let k = first; k < end; k++) {
        const i = order[k] as number;
        const x1 = x[2 * i] as number;
        const x2 = x[2 * i + 1] as number;
        const label = y[i] as number;
        const score = w0 * x1 + w1 * x2 + w2;
        let slope: number;
        if (kind === LOGISTIC) {
          // −y·σ(−y·s) from e^(−|m|), as objectives.ts computes it, so neither branch overflows.
          const margin = label * score;
          const e = Math.exp(-Math.abs(margin));
          slope = margin >= 0 ? (-label * e) / (1 + e) : -label / (1 + e);
        } else if (kind === HINGE) {
          slope = label * score < 1 ? -label : 0;
        } else if (kind === PERCEPTRON) {
          slope = label * score <= 0 ? -label : 0;
        } else {
          slope = 2 * (score - label);
        }
        g0 += slope * x1;
        g1 += slope * x2;
        g2 += slope;
      }
      const size = end - first;
      // rate / size first, then times the sum: the stepper's order of operations, so the weights agree exactly.
      const step = rate / size;
      w0 -= step * g0;
      w1 -= step * g1;
      w2 -= step * g2;
      updates++;
      samples += size;
      first = end;
      if (samples >= nextCheck) {
        nextCheck = samples + PLAIN_STOP_CHECK_SAMPLES;
        if (shouldStop !== null && shouldStop(samples)) {
          stopped = true;
          break;
        }
      }
    }
    if (first < count) break;
    if (records.length < PLAIN_RECORD_SIZE * (epoch + 1)) {
      const grown = new Float64Array(2 * records.length);
      grown.set(records);
      records = grown;
    }
    const at = PLAIN_RECORD_SIZE * epoch;
    records[at] = evaluatePlain(data.train, kind, w0, w1, w2, counts);
    records[at + 1] = (counts[0] as number) / count;
    records[at + 2] = evaluatePlain(data.test, kind, w0, w1, w2, counts);
    records[at + 3] = data.test.y.length === 0 ? 0 : (counts[0] as number) / data.test.y.length;
    rate *= options.annealingRate;
    epoch++;
  }
  return {
    weights: [w0, w1, w2],
    records: records.subarray(0, PLAIN_RECORD_SIZE * epoch),
    epochs: epoch,
    updates,
    samples,
  };
}

/** Σ loss over a point set at (w0, w1, w2); writes the number classified right (s·y > 0) to counts[0]. */
function evaluatePlain(
  points: PointSet,
  kind: number,
  w0: number,
  w1: number,
  w2: number,
  counts: Float64Array,
): number {
  const { x, y } = points;
  let total = 0;
  let correct = 0;
  for (let i = 0; i < y.length; i++) {
    const label = y[i] as number;
    const score = w0 * (x[2 * i] as number) + w1 * (x[2 * i + 1] as number) + w2;
    if (kind === LOGISTIC) {
      const z = -label * score;
      total += z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
    } else if (kind === HINGE) {
      total += Math.max(0, 1 - label * score);
    } else if (kind === PERCEPTRON) {
      total += Math.max(0, -label * score);
    } else {
      total += (score - label) * (score - label);
    }
    if (score * label > 0) correct++;
  }
  counts[0] = correct;
  return total;
}
