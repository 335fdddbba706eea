/**
 * Sharpness: the largest eigenvalue λ_max of the Hessian of the MEAN training objective
 * F(w) = (1/N)·Σ f_i(w) at the model's current weights, with f_i = loss_i + (λ/2)·‖w_pen‖² as the stepper
 * defines it (the biases are not penalised), so ∇²F = (1/N)·Σ ∇²loss_i + λ·diag(pen). Full-batch gradient
 * descent, whose update uses the mean gradient, is stable on a quadratic exactly when lr < 2 / λ_max.
 */
import type { PointSet } from './datasets.ts';
import type { Model } from './model.ts';
import type { Objective } from './objectives.ts';
import { accumulateLinearDerivatives, probeLinearFeatures } from './optimum.ts';
import { createRandom, deriveSeed } from './random.ts';
import { symmetricEigen } from './symmetricEigen.ts';

/** λ_max exactly (with its unit eigenvector), by power iteration (with its budget), or why there is none. */
export type Sharpness =
  | { readonly kind: 'exact'; readonly lambdaMax: number; readonly eigenvector: Float64Array }
  | {
      readonly kind: 'iterated';
      readonly lambdaMax: number;
      /** Hessian-vector products taken. */
      readonly iterations: number;
      /** The estimated relative error at which the iteration stops (see `POWER_ITERATION_TOLERANCE`). */
      readonly tolerance: number;
      /** Whether it stopped on the tolerance rather than on the iteration cap. */
      readonly converged: boolean;
    }
  | { readonly kind: 'none'; readonly reason: string };

/** A model that gives exact products of the Hessian of its summed objective with a vector (the network). */
export interface HessianVectorModel extends Model {
  /** Writes H·v to `out`, H = Σ_i ∇²loss(f_w(x_i), y_i) over every point, at the current weights, no L2. */
  hessianVectorProduct(points: PointSet, objective: Objective, vector: Float64Array, out: Float64Array): void;
}

/** Whether a model gives exact Hessian-vector products. */
export function hasHessianVectorProduct(model: Model): model is HessianVectorModel {
  return typeof (model as Partial<HessianVectorModel>).hessianVectorProduct === 'function';
}

/** Power iteration's budget of Hessian-vector products, per phase (see `largestEigenvalue`). */
export const POWER_ITERATION_LIMIT = 100;
/**
 * Power iteration stops when its estimated error is below this, relative: the error left after the last
 * change of the estimate, extrapolated from how fast the changes shrink.
 */
export const POWER_ITERATION_TOLERANCE = 1e-6;

/**
 * λ_max of the Hessian of the mean objective (L2 term included) at the model's current weights: exact,
 * from the d × d Hessian, for a model linear in its parameters (the linear model on any features); by power
 * iteration on exact Hessian-vector products for a model that gives them (the network); 'none' for an
 * objective without a second derivative (hinge and perceptron are piecewise linear) and for other models.
 */
export function sharpness(model: Model, points: PointSet, objective: Objective, l2: number): Sharpness {
  const secondDerivative = objective.secondDerivative?.bind(objective);
  if (secondDerivative === undefined) {
    return {
      kind: 'none',
      reason: `the ${objective.label.toLowerCase()} objective has no Hessian: it is piecewise linear`,
    };
  }
  if (!(l2 >= 0 && Number.isFinite(l2))) throw new RangeError(`the L2 strength must be ≥ 0, not ${l2}`);
  const count = points.y.length;
  if (count === 0) return { kind: 'none', reason: 'there are no training points' };
  if (!model.weights.every(Number.isFinite)) return { kind: 'none', reason: 'the weights are not finite' };
  const dimension = model.weights.length;
  const penalized = model.penalized;

  if (hasHessianVectorProduct(model)) {
    const product = new Float64Array(dimension);
    const estimate = largestEigenvalue(dimension, (vector, out) => {
      model.hessianVectorProduct(points, objective, vector, product);
      for (let j = 0; j < dimension; j++) {
        const penalty = penalized[j] === 1 ? l2 * (vector[j] as number) : 0;
        out[j] = (product[j] as number) / count + penalty;
      }
    });
    if (!Number.isFinite(estimate.lambdaMax)) return { kind: 'none', reason: 'the Hessian is not finite' };
    return { kind: 'iterated', tolerance: POWER_ITERATION_TOLERANCE, ...estimate };
  }

  const features = probeLinearFeatures(model, points);
  if (features === null) return { kind: 'none', reason: 'no exact Hessian for this model' };
  const hessian = meanLinearHessian(model, points, features, objective, secondDerivative, l2);
  if (!hessian.every(Number.isFinite)) return { kind: 'none', reason: 'the Hessian is not finite' };
  const { values, vectors } = symmetricEigen(hessian, dimension);
  return { kind: 'exact', lambdaMax: values[0] as number, eigenvector: vectors.slice(0, dimension) };
}

/**
 * The lower triangle (row-major d × d) of the Hessian of the mean objective of a model linear in its
 * parameters, (1/N)·Σ loss″(s_i)·φ_iφ_iᵀ + λ·diag(pen), at the model's weights; `features` is Φ.
 */
export function meanLinearHessian(
  model: Model,
  points: PointSet,
  features: Float64Array,
  objective: Objective,
  secondDerivative: (score: number, label: number) => number,
  l2: number,
): Float64Array {
  const count = points.y.length;
  const dimension = model.weights.length;
  const scores = new Float64Array(count);
  model.scoreAll(points.x, scores);
  const gradient = new Float64Array(dimension);
  const hessian = new Float64Array(dimension * dimension);
  const problem = { features, scores, labels: points.y, penalized: model.penalized, l2 };
  accumulateLinearDerivatives(problem, model.weights, objective, secondDerivative, gradient, hessian);
  for (let cell = 0; cell < hessian.length; cell++) hessian[cell] = (hessian[cell] as number) / count;
  return hessian;
}

/** What power iteration found: the estimate, the products it took, and whether it met the tolerance. */
export interface PowerIterationResult {
  readonly lambdaMax: number;
  readonly iterations: number;
  readonly converged: boolean;
}

/**
 * The largest (most positive) eigenvalue of the symmetric operator `apply` (out = H·v) by power iteration
 * from a fixed pseudo-random start. Power iteration finds the eigenvalue of largest magnitude μ; when that
 * is negative (a Hessian away from a minimum can be indefinite), a second run on H − μ·I, whose spectrum
 * is ≥ 0 with its largest value at λ_max − μ, finds λ_max. Each run stops when the estimated error of its
 * Rayleigh quotient is below `tolerance`, relative, or after `limit` products.
 */
export function largestEigenvalue(
  dimension: number,
  apply: (vector: Float64Array, out: Float64Array) => void,
  limit = POWER_ITERATION_LIMIT,
  tolerance = POWER_ITERATION_TOLERANCE,
): PowerIterationResult {
  const dominant = powerIterate(dimension, apply, 0, limit, tolerance);
  if (!(dominant.lambdaMax < 0)) return dominant;
  const shift = dominant.lambdaMax;
  const shifted = powerIterate(dimension, apply, shift, limit, tolerance);
  return {
    lambdaMax: shifted.lambdaMax + shift,
    iterations: dominant.iterations + shifted.iterations,
    converged: dominant.converged && shifted.converged,
  };
}

/** Power iteration on H − shift·I: the Rayleigh quotient of its dominant eigenvector, its dominant eigenvalue. */
function powerIterate(
  dimension: number,
  apply: (vector: Float64Array, out: Float64Array) => void,
  shift: number,
  limit: number,
  tolerance: number,
): PowerIterationResult {
  const random = createRandom(deriveSeed(0, 'power iteration'));
  let vector = new Float64Array(dimension);
  for (let j = 0; j < dimension; j++) vector[j] = 2 * random.next() - 1;
  let image = new Float64Array(dimension);
  normalize(vector);
  // NaN until there are two changes to compare: a comparison with NaN is false.
  let estimate = Number.NaN;
  let previousChange = Number.NaN;
  for (let iteration = 1; iteration <= limit; iteration++) {
    apply(vector, image);
    let rayleigh = 0;
    for (let j = 0; j < dimension; j++) {
      const shifted = (image[j] as number) - shift * (vector[j] as number);
      image[j] = shifted;
      rayleigh += shifted * (vector[j] as number);
    }
    const change = rayleigh - estimate;
    estimate = rayleigh;
    // H·v = 0: v lies in the null space, and with a generic start so does all of H (λ = 0).
    if (normalize(image) === 0 || !Number.isFinite(estimate)) {
      return { lambdaMax: estimate, iterations: iteration, converged: Number.isFinite(estimate) };
    }
    // The Rayleigh quotient converges geometrically, its changes shrinking by ρ = (λ₂/λ₁)² each step, so
    // the error left after a change c is about c·ρ/(1 − ρ): estimate ρ from the last two changes.
    // Relative to the eigenvalue of H itself (λ = estimate + shift), with a floor for a λ_max near 0.
    const scale = Math.max(Math.abs(estimate + shift), 1e-3 * Math.abs(shift));
    const ratio = change / previousChange;
    if (
      change === 0 ||
      (ratio >= 0 && ratio < 1 && Math.abs((change * ratio) / (1 - ratio)) <= tolerance * scale)
    ) {
      return { lambdaMax: estimate, iterations: iteration, converged: true };
    }
    previousChange = change;
    [vector, image] = [image, vector];
  }
  return { lambdaMax: estimate, iterations: limit, converged: false };
}

/** Scales a vector to unit length in place; returns its former length. */
function normalize(vector: Float64Array): number {
  let squares = 0;
  for (let j = 0; j < vector.length; j++) squares += (vector[j] as number) ** 2;
  const length = Math.sqrt(squares);
  if (length > 0) for (let j = 0; j < vector.length; j++) vector[j] = (vector[j] as number) / length;
  return length;
}
