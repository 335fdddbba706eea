import type { PointSet } from './datasets.ts';
import type { Model } from './model.ts';
import type { Objective } from './objectives.ts';

/** The objective (a sum over the points, L2 penalty included) and the accuracy (sign(s) = y; sign(0) is wrong). */
export interface Evaluation {
  readonly objective: number;
  readonly accuracy: number;
}

/**
 * The L2 penalty of one example, (λ/2)·‖w_pen‖², over the parameters flagged in `penalized` (biases are not):
 * each example's objective is f_i(w) = loss_i + (λ/2)·‖w_pen‖², so m points add m times this.
 */
export function penaltyPerExample(weights: ArrayLike<number>, penalized: Uint8Array, l2: number): number {
  let squares = 0;
  for (let j = 0; j < weights.length; j++) {
    if (penalized[j] === 1) squares += (weights[j] as number) * (weights[j] as number);
  }
  return 0.5 * l2 * squares;
}

/**
 * Adds count·λ·w_pen to `gradient`, turning Σ ∇loss_i over `count` examples into Σ ∇f_i. Does nothing for
 * λ = 0, so an unregularised run stays bit-identical to the reference.
 */
export function addPenaltyGradient(
  gradient: Float64Array,
  weights: ArrayLike<number>,
  penalized: Uint8Array,
  l2: number,
  count: number,
): void {
  if (l2 === 0) return;
  const scale = count * l2;
  for (let j = 0; j < gradient.length; j++) {
    if (penalized[j] === 1) gradient[j] = (gradient[j] as number) + scale * (weights[j] as number);
  }
}

/**
 * Scores every point once and returns the objective Σ loss + m·(λ/2)·‖w_pen‖² over the m points and the
 * accuracy; `scratch` avoids allocation.
 */
export function evaluate(
  model: Model,
  points: PointSet,
  objective: Objective,
  scratch: Float64Array = new Float64Array(points.y.length),
  l2 = 0,
): Evaluation {
  const count = points.y.length;
  if (count === 0) return { objective: 0, accuracy: 0 };
  const scores = scratch.length === count ? scratch : scratch.subarray(0, count);
  model.scoreAll(points.x, scores);
  let total = objective.totalLoss(scores, points.y, count);
  let correct = 0;
  for (let i = 0; i < count; i++) {
    const score = scores[i] as number;
    const label = points.y[i] as number;
    if (score * label > 0) correct++;
  }
  if (l2 !== 0) total += count * penaltyPerExample(model.weights, model.penalized, l2);
  return { objective: total, accuracy: correct / count };
}

/**
 * Picks at most `maxPoints` indices of a series of `length` spread evenly, always keeping the first and
 * the last, so a chart of a long history stays light and still ends at the newest value. A one-off pick
 * for drawing: a series that grows is kept even by core/evenThinning.ts, not by picking again and again.
 */
export function downsampleIndices(length: number, maxPoints: number): number[] {
  if (length <= maxPoints) return Array.from({ length }, (_, index) => index);
  // One point cannot hold both ends (the stride below would divide by zero): keep the newest.
  if (maxPoints < 2) return maxPoints >= 1 ? [length - 1] : [];
  const stride = (length - 1) / (maxPoints - 1);
  return Array.from({ length: maxPoints }, (_, k) => Math.round(k * stride));
}

/** The finite values of a list, its smallest and largest; null when there is none. */
export function finiteRange(values: Iterable<number>, positiveOnly = false): [number, number] | null {
  let low = Number.POSITIVE_INFINITY;
  let high = Number.NEGATIVE_INFINITY;
  for (const value of values) {
    if (!Number.isFinite(value) || (positiveOnly && value <= 0)) continue;
    if (value < low) low = value;
    if (value > high) high = value;
  }
  return high >= low ? [low, high] : null;
}
