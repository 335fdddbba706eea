import type { PointSet } from './datasets.ts';
import type { Model } from './model.ts';
import type { Objective } from './objectives.ts';

/** The seed's linear classifier on the features [x1, x2, 1]: s = w1·x1 + w2·x2 + b, weights start at zero. */
export function createLinearModel(initialWeights?: ArrayLike<number>): Model {
  const weights = new Float64Array(3);
  if (initialWeights) weights.set(initialWeights);
  return {
    label: 'Linear',
    weights,
    parameterLabels: ['w₁', 'w₂', 'b'],
    penalized: Uint8Array.of(1, 1, 0),
    score: (x1, x2) => (weights[0] as number) * x1 + (weights[1] as number) * x2 + (weights[2] as number),
    scoreAll(x, out) {
      const w1 = weights[0] as number;
      const w2 = weights[1] as number;
      const bias = weights[2] as number;
      const count = out.length;
      for (let i = 0; i < count; i++)
        out[i] = w1 * (x[2 * i] as number) + w2 * (x[2 * i + 1] as number) + bias;
    },
    batchGradient(points: PointSet, order, start, end, objective: Objective, gradient) {
      const w1 = weights[0] as number;
      const w2 = weights[1] as number;
      const bias = weights[2] as number;
      const { x, y } = points;
      let g1 = 0;
      let g2 = 0;
      let gBias = 0;
      let batchObjective = 0;
      for (let k = start; k < end; k++) {
        const i = order[k] as number;
        const x1 = x[2 * i] as number;
        const x2 = x[2 * i + 1] as number;
        const label = y[i] as number;
        const score = w1 * x1 + w2 * x2 + bias;
        const slope = objective.derivative(score, label);
        batchObjective += objective.loss(score, label);
        g1 += slope * x1;
        g2 += slope * x2;
        gBias += slope;
      }
      gradient[0] = g1;
      gradient[1] = g2;
      gradient[2] = gBias;
      return batchObjective;
    },
  };
}
