import type { PointSet } from './datasets.ts';
import type { Model } from './model.ts';
import type { Objective } from './objectives.ts';

/** The objective (a sum over the points) and the accuracy (share with sign(s) = y; sign(0) is wrong). */
export interface Evaluation {
  readonly objective: number;
  readonly accuracy: number;
}

/** Scores every point once and returns the summed objective and the accuracy; `scratch` avoids allocation. */
export function evaluate(
  model: Model,
  points: PointSet,
  objective: Objective,
  scratch: Float64Array = new Float64Array(points.y.length),
): Evaluation {
  const count = points.y.length;
  if (count === 0) return { objective: 0, accuracy: 0 };
  const scores = scratch.length === count ? scratch : scratch.subarray(0, count);
  model.scoreAll(points.x, scores);
  let total = 0;
  let correct = 0;
  for (let i = 0; i < count; i++) {
    const score = scores[i] as number;
    const label = points.y[i] as number;
    total += objective.loss(score, label);
    if (score * label > 0) correct++;
  }
  return { objective: total, accuracy: correct / count };
}

/**
 * Picks at most `maxPoints` indices of a series of `length` spread evenly, always keeping the first and
 * the last, so a chart of a long history stays light and still ends at the newest value.
 */
export function downsampleIndices(length: number, maxPoints: number): number[] {
  if (length <= maxPoints) return Array.from({ length }, (_, i) => i);
  // One point cannot hold both ends (the stride below would divide by zero): keep the newest.
  if (maxPoints < 2) return maxPoints >= 1 ? [length - 1] : [];
  const indices: number[] = [];
  const stride = (length - 1) / (maxPoints - 1);
  for (let k = 0; k < maxPoints; k++) indices.push(Math.round(k * stride));
  return indices;
}
