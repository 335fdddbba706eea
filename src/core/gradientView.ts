import type { PointSet } from './datasets.ts';
import { addPenaltyGradient } from './metrics.ts';
import type { Model } from './model.ts';
import type { Objective } from './objectives.ts';

/** The gradients behind one mini-batch update, for drawing them as arrows in the (w₁, w₂) plane. */
export interface BatchGradients {
  /** Pairs (∂f_i/∂w₁, ∂f_i/∂w₂), one per example, for the first `maxArrows` examples of the batch. */
  readonly perExample: Float32Array;
  /** (Σ_batch ∇f_i)/|batch| in w₁ and w₂: the mean gradient the stepper's update uses. */
  readonly mean: [number, number];
  /** The same mean over the whole training set: the direction full-batch gradient descent would take. */
  readonly full: [number, number];
  /** Cosine between the batch mean and the full mean over all parameters; 0 when either is zero. */
  readonly cosine: number;
  /** ‖batch mean‖ over all parameters. */
  readonly meanNorm: number;
  /** ‖full mean‖ over all parameters. */
  readonly fullNorm: number;
}

/** Arrows drawn at most: more would be a blur, and the first ones of a shuffled batch are a fair sample. */
export const MAX_GRADIENT_ARROWS = 64;

/**
 * Describes the gradients of a batch (training indices `indices` of `points`) at the model's current
 * weights, with each example's objective f_i = loss_i + (λ/2)·‖w_pen‖² as the stepper defines it. The batch
 * mean is summed in the batch's order by the model's own batchGradient, exactly as the stepper sums it, so
 * it equals the stepper's reported meanGradient bit for bit.
 */
export function describeBatchGradients(
  model: Model,
  points: PointSet,
  objective: Objective,
  l2: number,
  indices: ArrayLike<number>,
  maxArrows: number = MAX_GRADIENT_ARROWS,
): BatchGradients {
  const order = indices instanceof Uint32Array ? indices : Uint32Array.from(indices);
  const batchMean = meanGradient(model, points, objective, l2, order);
  const fullMean = meanGradient(model, points, objective, l2, identityOrder(points.y.length));

  const arrows = Math.max(0, Math.min(order.length, Math.floor(maxArrows)));
  const perExample = new Float32Array(2 * arrows);
  const single = new Float64Array(model.weights.length);
  for (let k = 0; k < arrows; k++) {
    model.batchGradient(points, order, k, k + 1, objective, single);
    addPenaltyGradient(single, model.weights, model.penalized, l2, 1);
    perExample[2 * k] = single[0] ?? 0;
    perExample[2 * k + 1] = single[1] ?? 0;
  }

  let dot = 0;
  let meanSquares = 0;
  let fullSquares = 0;
  for (let j = 0; j < batchMean.length; j++) {
    const a = batchMean[j] as number;
    const b = fullMean[j] as number;
    dot += a * b;
    meanSquares += a * a;
    fullSquares += b * b;
  }
  const meanNorm = Math.sqrt(meanSquares);
  const fullNorm = Math.sqrt(fullSquares);
  // Clamped: rounding can push the ratio of two equal vectors a hair past 1.
  const cosine = meanNorm > 0 && fullNorm > 0 ? Math.max(-1, Math.min(1, dot / (meanNorm * fullNorm))) : 0;
  return {
    perExample,
    mean: [batchMean[0] ?? 0, batchMean[1] ?? 0],
    full: [fullMean[0] ?? 0, fullMean[1] ?? 0],
    cosine,
    meanNorm,
    fullNorm,
  };
}

/** (Σ ∇f_i)/count over the rows `order`, in the stepper's arithmetic: (Σ∇loss + count·λ·w_pen)/count. */
function meanGradient(
  model: Model,
  points: PointSet,
  objective: Objective,
  l2: number,
  order: Uint32Array,
): Float64Array {
  const sum = new Float64Array(model.weights.length);
  const count = order.length;
  if (count === 0) return sum;
  model.batchGradient(points, order, 0, count, objective, sum);
  addPenaltyGradient(sum, model.weights, model.penalized, l2, count);
  return sum.map((total) => total / count);
}

/** 0, 1, …, count − 1, kept between calls: the full gradient is asked for on every redraw. */
let identity = new Uint32Array(0);

function identityOrder(count: number): Uint32Array {
  if (identity.length < count) {
    identity = new Uint32Array(count);
    for (let i = 0; i < count; i++) identity[i] = i;
  }
  return identity.subarray(0, count);
}
