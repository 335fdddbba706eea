import type { PointSet } from './datasets.ts';
import type { Model, TrainedSpan } from './model.ts';
import { featureLabels, featureNames, type FeatureName } from './modelSpec.ts';
import type { Objective } from './objectives.ts';

/** Each extra feature as a function of the point. */
export const featureFunctions: Readonly<Record<FeatureName, (x1: number, x2: number) => number>> = {
  x1Squared: (x1) => x1 * x1,
  x2Squared: (_x1, x2) => x2 * x2,
  x1x2: (x1, x2) => x1 * x2,
  sinX1: (x1) => Math.sin(x1),
  sinX2: (_x1, x2) => Math.sin(x2),
};

/** The extra features in the order of `featureNames`, each once: the order of their weights. */
export function orderFeatures(features: readonly FeatureName[]): FeatureName[] {
  return featureNames.filter((name) => features.includes(name));
}

/** Writes the feature vector [x1, x2, extra features in the order given, 1] of a point into `out`. */
export function linearFeatures(
  features: readonly FeatureName[],
  x1: number,
  x2: number,
  out: Float64Array,
): void {
  out[0] = x1;
  out[1] = x2;
  for (let k = 0; k < features.length; k++) out[k + 2] = featureFunctions[features[k] as FeatureName](x1, x2);
  out[features.length + 2] = 1;
}

/** The on-screen name of the linear model on these extra features, e.g. "Linear + x₁², x₂²". */
export function describeLinearModel(features: readonly FeatureName[]): string {
  const ordered = orderFeatures(features);
  return ordered.length === 0
    ? 'Linear'
    : `Linear + ${ordered.map((name) => featureLabels[name]).join(', ')}`;
}

/** Whether the argument is a list of feature names rather than a list of weights (an empty list is both). */
function isFeatureList(value: readonly FeatureName[] | ArrayLike<number>): value is readonly FeatureName[] {
  for (let k = 0; k < value.length; k++) if (typeof value[k] !== 'string') return false;
  return true;
}

/**
 * The linear classifier s = w·φ(x) on the features φ(x) = [x1, x2, extra…, 1], extra ones in the order of
 * `featureNames`; weights start at zero. Without extra features it is the seed's classifier on [x1, x2, 1].
 */
export function createLinearModel(
  features?: readonly FeatureName[],
  initialWeights?: ArrayLike<number>,
): Model;
/** The seed's classifier on [x1, x2, 1] starting from the weights [w1, w2, b] (kept for existing callers). */
export function createLinearModel(initialWeights: ArrayLike<number>): Model;
export function createLinearModel(
  featuresOrWeights: readonly FeatureName[] | ArrayLike<number> = [],
  initialWeights?: ArrayLike<number>,
): Model {
  if (!isFeatureList(featuresOrWeights)) return createPlainLinearModel(featuresOrWeights);
  const features = orderFeatures(featuresOrWeights);
  return features.length === 0
    ? createPlainLinearModel(initialWeights)
    : createFeatureLinearModel(features, initialWeights);
}

/**
 * The seed's classifier on [x1, x2, 1], with its three weights held in locals: this is the path the golden
 * replay and the benchmark measure, so it stays free of the feature loop below.
 */
function createPlainLinearModel(initialWeights?: ArrayLike<number>): Model {
  return new PlainLinearModel(initialWeights);
}

/**
 * A class rather than an object of closures: every instance shares one `batchGradient` function, so the
 * stepper's call site stays monomorphic from run to run and V8 inlines it.
 */
class PlainLinearModel implements Model {
  readonly label = 'Linear';
  readonly weights = new Float64Array(3);
  readonly parameterLabels = ['w₁', 'w₂', 'b'];
  readonly penalized = Uint8Array.of(1, 1, 0);
  // Per-batch scratch, grown to the largest batch seen.
  private scores = new Float64Array(1);
  private labels = new Float64Array(1);
  private slopes = new Float64Array(1);
  /** The fused kernel's Σ∇ of one batch. */
  private readonly sums = new Float64Array(3);

  constructor(initialWeights?: ArrayLike<number>) {
    if (initialWeights) this.weights.set(initialWeights);
  }

  score(x1: number, x2: number): number {
    const weights = this.weights;
    return (weights[0] as number) * x1 + (weights[1] as number) * x2 + (weights[2] as number);
  }

  scoreAll(x: Float64Array, out: Float64Array): void {
    const weights = this.weights;
    const w1 = weights[0] as number;
    const w2 = weights[1] as number;
    const bias = weights[2] as number;
    const count = out.length;
    for (let i = 0; i < count; i++) out[i] = w1 * (x[2 * i] as number) + w2 * (x[2 * i + 1] as number) + bias;
  }

  batchGradient(
    points: PointSet,
    order: Uint32Array,
    start: number,
    end: number,
    objective: Objective,
    gradient: Float64Array,
  ): number {
    const weights = this.weights;
    const w1 = weights[0] as number;
    const w2 = weights[1] as number;
    const bias = weights[2] as number;
    return this.sumBatch(points, order, start, end, w1, w2, bias, objective, gradient);
  }

  /**
   * Σ ∇loss over the rows order[start … end−1] at the weights (w1, w2, bias), written to sums[0 … 2], and
   * Σ loss returned: the one gradient loop behind batchGradient and trainBatches.
   */
  private sumBatch(
    points: PointSet,
    order: Uint32Array,
    start: number,
    end: number,
    w1: number,
    w2: number,
    bias: number,
    objective: Objective,
    sums: Float64Array,
  ): number {
    const { x, y } = points;
    const size = end - start;
    if (this.scores.length < size) {
      this.scores = new Float64Array(size);
      this.labels = new Float64Array(size);
      this.slopes = new Float64Array(size);
    }
    const { scores, labels, slopes } = this;
    for (let k = 0; k < size; k++) {
      const i = order[start + k] as number;
      scores[k] = w1 * (x[2 * i] as number) + w2 * (x[2 * i + 1] as number) + bias;
      labels[k] = y[i] as number;
    }
    // One call per batch into the objective's own loop: the call site sees every objective the worker
    // has run, but the loop inside it sees only one loss, which V8 inlines.
    const batchObjective = objective.lossAndSlopes(scores, labels, size, slopes);
    let g1 = 0;
    let g2 = 0;
    let gBias = 0;
    for (let k = 0; k < size; k++) {
      const i = order[start + k] as number;
      const slope = slopes[k] as number;
      g1 += slope * (x[2 * i] as number);
      g2 += slope * (x[2 * i + 1] as number);
      gBias += slope;
    }
    sums[0] = g1;
    sums[1] = g2;
    sums[2] = gBias;
    return batchObjective;
  }

  trainBatches(
    points: PointSet,
    order: Uint32Array,
    start: number,
    end: number,
    batchSize: number,
    rate: number,
    limit: number,
    bound: number,
    objective: Objective,
    span: TrainedSpan,
  ): number {
    const weights = this.weights;
    let w1 = weights[0] as number;
    let w2 = weights[1] as number;
    let bias = weights[2] as number;
    const sums = this.sums;
    const lastGradient = span.lastGradient;
    const lastBefore = span.lastWeightsBefore;
    let position = start;
    let made = 0;
    span.diverged = false;
    // The same arithmetic, in the same order, as batchGradient followed by the stepper's update.
    while (made < limit && position < end) {
      const stop = Math.min(end, position + batchSize);
      const size = stop - position;
      const batchObjective = this.sumBatch(points, order, position, stop, w1, w2, bias, objective, sums);
      const g1 = sums[0] as number;
      const g2 = sums[1] as number;
      const gBias = sums[2] as number;
      const step = rate / size;
      const next1 = w1 - step * g1;
      const next2 = w2 - step * g2;
      const nextBias = bias - step * gBias;
      // NaN fails every comparison, so these catch NaN as well as overflow.
      if (
        !(Math.abs(next1) <= bound) ||
        !(Math.abs(next2) <= bound) ||
        !(Math.abs(nextBias) <= bound) ||
        !Number.isFinite(batchObjective)
      ) {
        span.diverged = true;
        span.finite = Number.isFinite(next1) && Number.isFinite(next2) && Number.isFinite(nextBias);
        break;
      }
      lastBefore[0] = w1;
      lastBefore[1] = w2;
      lastBefore[2] = bias;
      lastGradient[0] = g1;
      lastGradient[1] = g2;
      lastGradient[2] = gBias;
      w1 = next1;
      w2 = next2;
      bias = nextBias;
      span.lastStart = position;
      span.lastObjective = batchObjective;
      position = stop;
      made++;
    }
    weights[0] = w1;
    weights[1] = w2;
    weights[2] = bias;
    span.position = position;
    return made;
  }
}

/** The linear classifier on [x1, x2, extra…, 1]; `features` are already in canonical order and not empty. */
function createFeatureLinearModel(
  features: readonly FeatureName[],
  initialWeights?: ArrayLike<number>,
): Model {
  const size = features.length + 3;
  const weights = new Float64Array(size);
  if (initialWeights) weights.set(initialWeights);
  // One feature vector reused for every point: scoring allocates nothing.
  const phi = new Float64Array(size);
  const penalized = new Uint8Array(size).fill(1);
  penalized[size - 1] = 0;
  const dot = (): number => {
    let sum = 0;
    for (let j = 0; j < size; j++) sum += (weights[j] as number) * (phi[j] as number);
    return sum;
  };
  return {
    label: describeLinearModel(features),
    weights,
    parameterLabels: ['w₁', 'w₂', ...features.map((name) => `w(${featureLabels[name]})`), 'b'],
    penalized,
    score(x1, x2) {
      linearFeatures(features, x1, x2, phi);
      return dot();
    },
    scoreAll(x, out) {
      const count = out.length;
      for (let i = 0; i < count; i++) {
        linearFeatures(features, x[2 * i] as number, x[2 * i + 1] as number, phi);
        out[i] = dot();
      }
    },
    batchGradient(points: PointSet, order, start, end, objective: Objective, gradient) {
      const { x, y } = points;
      gradient.fill(0, 0, size);
      let batchObjective = 0;
      for (let k = start; k < end; k++) {
        const i = order[k] as number;
        linearFeatures(features, x[2 * i] as number, x[2 * i + 1] as number, phi);
        const label = y[i] as number;
        const score = dot();
        const slope = objective.derivative(score, label);
        batchObjective += objective.loss(score, label);
        for (let j = 0; j < size; j++) gradient[j] = (gradient[j] as number) + slope * (phi[j] as number);
      }
      return batchObjective;
    },
  };
}
