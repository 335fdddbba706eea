/**
 * The predicted spread and floor of constant-rate SGD for a run (see stationaryCovariance.ts): the curvature
 * H and the per-example gradient covariance S* at the exact optimum, measured once per run, and from them,
 * for each learning rate and batch size, Σ, its 95 % ellipse in the landscape's (w₁, w₂) plane and the floor.
 * Only smooth objectives on models linear in their parameters get a prediction: elsewhere there is no
 * exact optimum or no exact Hessian to build it on.
 */
import type { PointSet } from './datasets.ts';
import type { Model } from './model.ts';
import type { Objective } from './objectives.ts';
import { accumulateLinearDerivatives, probeLinearFeatures } from './optimum.ts';
import {
  covarianceEllipse,
  expectedExcessObjective,
  smallRateFloor,
  solveStationaryCovariance,
  trace,
  type CovarianceEllipse,
} from './stationaryCovariance.ts';

/** The two parameters the loss landscape maps (w₁, w₂): the plane the ellipse is drawn in. */
export const LANDSCAPE_PLANE: readonly [number, number] = [0, 1];

/** The exact optimum as findOptimum gives it (or the training worker passes it on), or why there is none. */
export type KnownOptimum =
  | { readonly kind: 'minimum'; readonly weights: ArrayLike<number> }
  | { readonly kind: 'none'; readonly note: string }
  | { readonly kind: 'unavailable'; readonly note: string };

/** What the prediction needs from the neighbourhood of the optimum, or why there is no prediction. */
export type CurvatureAndNoise =
  | {
      readonly kind: 'measured';
      /** N, the training points. */
      readonly count: number;
      readonly dimension: number;
      /** w*. */
      readonly optimum: Float64Array;
      /** H = ∇²F(w*) of the MEAN objective, L2 term included (d × d, full). */
      readonly hessian: Float64Array;
      /** S* = (1/N)·Σ (g_i − ḡ)(g_i − ḡ)ᵀ of the per-example gradients at w* (d × d, full). */
      readonly gradientCovariance: Float64Array;
    }
  | { readonly kind: 'none'; readonly reason: string };

/**
 * H and S* at the exact optimum of a smooth objective on a model linear in its parameters. The per-example
 * gradient is g_i = loss′(φ_i·w*)·φ_i + λ·w*_pen; the L2 part is the same for every example, so it leaves S*
 * unchanged. The model's weights are left as they are.
 */
export function curvatureAndNoiseAtOptimum(
  model: Model,
  points: PointSet,
  objective: Objective,
  l2: number,
  optimum: KnownOptimum,
): CurvatureAndNoise {
  const secondDerivative = objective.secondDerivative?.bind(objective);
  if (!objective.smooth || secondDerivative === undefined) {
    return {
      kind: 'none',
      reason: `the ${objective.label.toLowerCase()} objective is piecewise linear: no Hessian to predict from`,
    };
  }
  if (optimum.kind === 'none') return { kind: 'none', reason: `no exact optimum (${optimum.note})` };
  if (optimum.kind === 'unavailable') return { kind: 'none', reason: optimum.note };
  const count = points.y.length;
  const dimension = model.weights.length;
  if (count === 0) return { kind: 'none', reason: 'there are no training points' };
  if (optimum.weights.length !== dimension) throw new RangeError('the optimum does not fit the model');
  const features = probeLinearFeatures(model, points);
  if (features === null) return { kind: 'none', reason: 'no exact Hessian for this model' };

  const weights = optimum.weights;
  const scores = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    let score = 0;
    for (let j = 0; j < dimension; j++)
      score += (features[i * dimension + j] as number) * (weights[j] as number);
    scores[i] = score;
  }
  const gradient = new Float64Array(dimension);
  const hessian = new Float64Array(dimension * dimension);
  const problem = { features, scores, labels: points.y, penalized: model.penalized, l2 };
  accumulateLinearDerivatives(problem, weights, objective, secondDerivative, gradient, hessian);
  for (let j = 0; j < dimension; j++) {
    for (let k = 0; k <= j; k++) {
      const value = (hessian[j * dimension + k] as number) / count;
      hessian[j * dimension + k] = value;
      hessian[k * dimension + j] = value;
    }
  }
  const gradientCovariance = perExampleGradientCovariance(features, scores, points.y, objective, dimension);
  if (!hessian.every(Number.isFinite) || !gradientCovariance.every(Number.isFinite)) {
    return { kind: 'none', reason: 'the curvature or the gradient noise at the optimum is not finite' };
  }
  return {
    kind: 'measured',
    count,
    dimension,
    optimum: Float64Array.from(weights),
    hessian,
    gradientCovariance,
  };
}

/** The predicted stationary spread and floor at one learning rate and batch size. */
export interface StationaryPrediction {
  readonly kind: 'prediction';
  readonly learningRate: number;
  readonly batchSize: number;
  /** w*, where the spread is centred. */
  readonly optimum: Float64Array;
  /** Σ, the stationary covariance of the iterates (d × d, full). */
  readonly covariance: Float64Array;
  /** tr Σ, the expected ‖w − w*‖². */
  readonly trace: number;
  /** The 95 % ellipse of Σ's marginal on the landscape's plane (w₁, w₂). */
  readonly ellipse: CovarianceEllipse;
  /** ½·tr(H·Σ): the expected excess of the MEAN objective. */
  readonly floor: number;
  /** N·½·tr(H·Σ): the same for the summed objective the charts show. */
  readonly summedFloor: number;
  /** lr·tr(S*)/(4B), the floor to first order in lr (mean objective), for the caption. */
  readonly smallRateFloor: number;
  /** tr S*. */
  readonly gradientCovarianceTrace: number;
  /** λ_max of H. */
  readonly largestCurvature: number;
}

/** The prediction, or why there is none. */
export type StationarySpread = StationaryPrediction | { readonly kind: 'none'; readonly reason: string };

/**
 * Σ, its ellipse and the floor for batches of `batchSize` drawn with replacement (C = S* / B) at
 * `learningRate`: for a constant rate, or the current rate of an annealed run (the spread it would settle to).
 */
export function predictStationarySpread(
  measured: CurvatureAndNoise,
  learningRate: number,
  batchSize: number,
): StationarySpread {
  if (measured.kind === 'none') return measured;
  if (!(Number.isInteger(batchSize) && batchSize >= 1)) {
    throw new RangeError(`the batch size must be a whole number ≥ 1, not ${batchSize}`);
  }
  const { dimension, hessian, gradientCovariance, optimum, count } = measured;
  const noise = gradientCovariance.map((value) => value / batchSize);
  const solution = solveStationaryCovariance(hessian, noise, learningRate, dimension);
  if (solution.kind === 'none') return solution;
  const covariance = solution.covariance;
  const floor = expectedExcessObjective(hessian, covariance, dimension);
  const gradientCovarianceTrace = trace(gradientCovariance, dimension);
  return {
    kind: 'prediction',
    learningRate,
    batchSize,
    optimum,
    covariance,
    trace: trace(covariance, dimension),
    ellipse: covarianceEllipse(covariance, dimension, optimum, LANDSCAPE_PLANE),
    floor,
    summedFloor: count * floor,
    smallRateFloor: smallRateFloor(learningRate, gradientCovarianceTrace, batchSize),
    gradientCovarianceTrace,
    largestCurvature: solution.curvatures[0] as number,
  };
}

/** S* = (1/N)·Σ (u_i − ū)(u_i − ū)ᵀ with u_i = loss′(s_i)·φ_i, in two passes (the mean, then the spread). */
function perExampleGradientCovariance(
  features: Float64Array,
  scores: Float64Array,
  labels: Float64Array,
  objective: Objective,
  dimension: number,
): Float64Array {
  const count = labels.length;
  const slopes = new Float64Array(count);
  const mean = new Float64Array(dimension);
  for (let i = 0; i < count; i++) {
    const slope = objective.derivative(scores[i] as number, labels[i] as number);
    slopes[i] = slope;
    for (let j = 0; j < dimension; j++)
      mean[j] = (mean[j] as number) + slope * (features[i * dimension + j] as number);
  }
  for (let j = 0; j < dimension; j++) mean[j] = (mean[j] as number) / count;
  const covariance = new Float64Array(dimension * dimension);
  const deviation = new Float64Array(dimension);
  for (let i = 0; i < count; i++) {
    const slope = slopes[i] as number;
    for (let j = 0; j < dimension; j++) {
      deviation[j] = slope * (features[i * dimension + j] as number) - (mean[j] as number);
    }
    for (let j = 0; j < dimension; j++) {
      const left = deviation[j] as number;
      for (let k = 0; k <= j; k++)
        covariance[j * dimension + k] =
          (covariance[j * dimension + k] as number) + left * (deviation[k] as number);
    }
  }
  for (let j = 0; j < dimension; j++) {
    for (let k = 0; k <= j; k++) {
      const value = (covariance[j * dimension + k] as number) / count;
      covariance[j * dimension + k] = value;
      covariance[k * dimension + j] = value;
    }
  }
  return covariance;
}
