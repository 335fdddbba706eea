/**
 * The noise of mini-batch gradients at the model's current weights (McCandlish et al. 2018, "An Empirical
 * Model of Large-Batch Training"). The per-example gradients are g_i = ∇f_i(w) with
 * f_i = loss_i + (λ/2)·‖w_pen‖², as the stepper defines each example's objective: the L2 term adds the same
 * λ·w_pen to every g_i, so it moves G = (1/N)·Σ g_i but leaves their covariance S unchanged.
 */
import type { PointSet } from './datasets.ts';
import { addPenaltyGradient } from './metrics.ts';
import type { Model } from './model.ts';
import type { Objective } from './objectives.ts';
import { randomPermutation, type Random } from './random.ts';

/** The mean gradient, the covariance of the per-example gradients, and the noise scale they give. */
export interface GradientNoise {
  /** N, the training points. */
  readonly count: number;
  /** ‖G‖², G = (1/N)·Σ g_i. */
  readonly meanGradientNormSquared: number;
  /** tr S, S = (1/N)·Σ (g_i − G)(g_i − G)ᵀ. */
  readonly traceCovariance: number;
  /** B_simple = tr S / ‖G‖², the batch size at which the noise equals the signal; null when ‖G‖² = 0. */
  readonly noiseScale: number | null;
}

/** G and tr S at the model's current weights over every point of `points`, in one streaming pass. */
export function gradientNoise(
  model: Model,
  points: PointSet,
  objective: Objective,
  l2: number,
): GradientNoise {
  checkL2(l2);
  const count = points.y.length;
  const dimension = model.weights.length;
  const order = identityOrder(count);
  const gradient = new Float64Array(dimension);
  // Welford's running mean and sum of squared deviations, coordinate by coordinate: stable, O(d) memory.
  const mean = new Float64Array(dimension);
  const squaredDeviations = new Float64Array(dimension);
  for (let i = 0; i < count; i++) {
    model.batchGradient(points, order, i, i + 1, objective, gradient);
    addPenaltyGradient(gradient, model.weights, model.penalized, l2, 1);
    for (let j = 0; j < dimension; j++) {
      const value = gradient[j] as number;
      const deviation = value - (mean[j] as number);
      mean[j] = (mean[j] as number) + deviation / (i + 1);
      squaredDeviations[j] = (squaredDeviations[j] as number) + deviation * (value - (mean[j] as number));
    }
  }
  let meanGradientNormSquared = 0;
  let sumOfSquares = 0;
  for (let j = 0; j < dimension; j++) {
    meanGradientNormSquared += (mean[j] as number) ** 2;
    sumOfSquares += squaredDeviations[j] as number;
  }
  const traceCovariance = count === 0 ? 0 : sumOfSquares / count;
  return {
    count,
    meanGradientNormSquared,
    traceCovariance,
    noiseScale: meanGradientNormSquared > 0 ? traceCovariance / meanGradientNormSquared : null,
  };
}

/**
 * E‖g_B − G‖² for a batch of B drawn without replacement (a slice of a permutation), g_B its mean gradient:
 * (tr S / B)·(N − B)/(N − 1). It falls as 1/B for small batches and reaches 0 at B = N.
 */
export function batchNoiseVariance(noise: GradientNoise, batchSize: number): number {
  const count = noise.count;
  checkBatchSize(batchSize, count);
  if (batchSize === count) return 0;
  return ((noise.traceCovariance / batchSize) * (count - batchSize)) / (count - 1);
}

/**
 * The Monte-Carlo mean of ‖g_B − G‖² over `batches` batches of `batchSize`, drawn as the app draws them:
 * consecutive slices of fresh permutations from `random` (a slice cut short at a permutation's end is
 * skipped, so every batch has B points). Each batch's gradient is summed in index order, the same order as
 * G's, so a batch of all N points gives exactly 0.
 */
export function sampledBatchNoise(
  model: Model,
  points: PointSet,
  objective: Objective,
  l2: number,
  batchSize: number,
  batches: number,
  random: Random,
): number {
  checkL2(l2);
  const count = points.y.length;
  checkBatchSize(batchSize, count);
  if (!(Number.isInteger(batches) && batches >= 1)) {
    throw new RangeError(`the number of batches must be a whole number ≥ 1, not ${batches}`);
  }
  const dimension = model.weights.length;
  const mean = new Float64Array(dimension);
  meanGradient(model, points, identityOrder(count), 0, count, objective, l2, mean);
  const batchMean = new Float64Array(dimension);
  const slice = new Uint32Array(batchSize);
  let total = 0;
  let drawn = 0;
  while (drawn < batches) {
    const order = randomPermutation(count, random);
    for (let start = 0; start + batchSize <= count && drawn < batches; start += batchSize, drawn++) {
      slice.set(order.subarray(start, start + batchSize));
      slice.sort();
      meanGradient(model, points, slice, 0, batchSize, objective, l2, batchMean);
      let squaredDistance = 0;
      for (let j = 0; j < dimension; j++)
        squaredDistance += ((batchMean[j] as number) - (mean[j] as number)) ** 2;
      total += squaredDistance;
    }
  }
  return total / batches;
}

/** Writes the mean gradient (1/m)·Σ ∇f_i over the rows order[start … end−1], L2 term included, to `out`. */
function meanGradient(
  model: Model,
  points: PointSet,
  order: Uint32Array,
  start: number,
  end: number,
  objective: Objective,
  l2: number,
  out: Float64Array,
): void {
  const size = end - start;
  model.batchGradient(points, order, start, end, objective, out);
  addPenaltyGradient(out, model.weights, model.penalized, l2, size);
  for (let j = 0; j < out.length; j++) out[j] = (out[j] as number) / size;
}

function identityOrder(count: number): Uint32Array {
  const order = new Uint32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  return order;
}

function checkL2(l2: number): void {
  if (!(l2 >= 0 && Number.isFinite(l2))) throw new RangeError(`the L2 strength must be ≥ 0, not ${l2}`);
}

function checkBatchSize(batchSize: number, count: number): void {
  if (!(Number.isInteger(batchSize) && batchSize >= 1 && batchSize <= count)) {
    throw new RangeError(`the batch size must be a whole number from 1 to ${count}, not ${batchSize}`);
  }
}
