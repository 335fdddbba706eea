import type { PointSet } from './datasets.ts';
import type { Model } from './model.ts';
import type { Objective } from './objectives.ts';

/** The exact minimiser of a training objective, or why there is none to show. */
export type OptimumResult =
  | {
      readonly kind: 'minimum';
      readonly weights: Float64Array;
      /** Σ loss + n·(λ/2)·‖w_pen‖² at the minimiser. */
      readonly objective: number;
      /** Newton steps taken. */
      readonly iterations: number;
      /** ‖∇‖ of the summed objective at the minimiser. */
      readonly gradientNorm: number;
    }
  | { readonly kind: 'none'; readonly note: string };

/** Newton's method stops once the summed objective's gradient is this small (as the golden files' BFGS). */
export const OPTIMUM_GRADIENT_TOLERANCE = 1e-10;

/** The note for a smooth objective whose infimum lies at infinity (logistic on separable data, no L2). */
export const SEPARABLE_NOTE = 'separable data: no finite minimiser';

/** The note for an objective without a second derivative. */
export const NOT_SMOOTH_NOTE = 'not smooth';

const MAX_ITERATIONS = 100;
const MAX_HALVINGS = 60;
/** Armijo's sufficient-decrease constant of the backtracking line search. */
const ARMIJO = 1e-4;
/** A margin past which a loss that vanishes at infinity has underflowed to 0 (logistic: e^(−800)). */
const FAR_MARGIN = 800;

/**
 * The feature matrix Φ (n × d, row-major) of a model whose score is linear in its parameters, s = Φ·w, read
 * by scoring every point at each unit weight vector; null if the model is not linear in its parameters.
 * The model's weights are changed while probing and restored before returning.
 */
export function probeLinearFeatures(model: Model, points: PointSet): Float64Array | null {
  const weights = model.weights;
  const count = points.y.length;
  const dimension = weights.length;
  const saved = weights.slice();
  const scores = new Float64Array(count);
  const features = new Float64Array(count * dimension);
  try {
    for (let j = 0; j < dimension; j++) {
      weights.fill(0);
      weights[j] = 1;
      model.scoreAll(points.x, scores);
      for (let i = 0; i < count; i++) features[i * dimension + j] = scores[i] as number;
    }
    // s = Φ·w must hold at zero (no offset) and at a generic w, or the model is not linear in w
    // (a network's hidden units are zero at w = 0 and at every unit vector, but not in general).
    for (const probe of [0, 1]) {
      for (let j = 0; j < dimension; j++) weights[j] = probe * (0.37 + 0.61 * Math.sin(3.1 * j + 1));
      model.scoreAll(points.x, scores);
      for (let i = 0; i < count; i++) {
        let linear = 0;
        let magnitude = 0;
        for (let j = 0; j < dimension; j++) {
          const term = (features[i * dimension + j] as number) * (weights[j] as number);
          linear += term;
          magnitude += Math.abs(term);
        }
        const score = scores[i] as number;
        if (!(Math.abs(score - linear) <= 1e-9 * (1 + magnitude))) return null;
      }
    }
    return features;
  } finally {
    weights.set(saved);
  }
}

/** What the derivatives of a model linear in its parameters are summed over: Φ (n × d), s = Φ·w, y, L2. */
export interface LinearProblem {
  /** Φ, row-major, from `probeLinearFeatures`. */
  readonly features: Float64Array;
  /** The scores Φ·w at the weights the derivatives are taken at. */
  readonly scores: Float64Array;
  readonly labels: Float64Array;
  /** 1 where a parameter is under L2 regularisation. */
  readonly penalized: Uint8Array;
  /** The L2 strength λ. */
  readonly l2: number;
}

/**
 * Writes the gradient Σ ∇f_i and the Hessian Σ ∇²f_i of the SUMMED objective of a model linear in its
 * parameters at `weights` (whose scores `problem.scores` holds): Σ loss′(s_i)·φ_i + n·λ·w_pen and
 * Σ loss″(s_i)·φ_iφ_iᵀ + n·λ·diag(pen), the Hessian's lower triangle only (row-major d × d). Returns
 * whether every point lies strictly on its correct side (y·s > 0).
 */
export function accumulateLinearDerivatives(
  problem: LinearProblem,
  weights: ArrayLike<number>,
  objective: Objective,
  secondDerivative: (score: number, label: number) => number,
  gradient: Float64Array,
  hessian: Float64Array,
): boolean {
  const { features, scores, labels, penalized, l2 } = problem;
  const count = labels.length;
  const dimension = weights.length;
  gradient.fill(0);
  hessian.fill(0);
  let separated = true;
  for (let i = 0; i < count; i++) {
    const score = scores[i] as number;
    const label = labels[i] as number;
    if (!(label * score > 0)) separated = false;
    const slope = objective.derivative(score, label);
    const curvature = secondDerivative(score, label);
    const row = i * dimension;
    for (let j = 0; j < dimension; j++) {
      const feature = features[row + j] as number;
      gradient[j] = (gradient[j] as number) + slope * feature;
      const weighted = curvature * feature;
      for (let k = 0; k <= j; k++) {
        const cell = j * dimension + k;
        hessian[cell] = (hessian[cell] as number) + weighted * (features[row + k] as number);
      }
    }
  }
  for (let j = 0; j < dimension; j++) {
    if (penalized[j] === 1) {
      gradient[j] = (gradient[j] as number) + count * l2 * (weights[j] as number);
      hessian[j * dimension + j] = (hessian[j * dimension + j] as number) + count * l2;
    }
  }
  return separated;
}

/**
 * The exact minimiser of the training objective Σ loss(φ_i·w, y_i) + n·(λ/2)·‖w_pen‖² of a model linear in
 * its parameters (score = w·φ(x)), by Newton's method with a backtracking line search from w = 0, to a
 * gradient norm of 1e-10 or, on large sets where rounding stops progress first, until a full Newton step
 * no longer shrinks the gradient (the gradient norm reached is reported). The Hessian is
 * Σ loss″(s_i)·φ_iφ_iᵀ + n·λ·diag(pen).
 * Returns kind 'none' with a note for an objective that is not smooth, a model that is not linear in its
 * parameters, and data that some w classifies entirely right when λ = 0 and the loss only vanishes at an
 * infinite margin (the logistic): the objective then falls forever along that w.
 */
export function findOptimum(model: Model, points: PointSet, objective: Objective, l2: number): OptimumResult {
  const secondDerivative = objective.secondDerivative?.bind(objective);
  if (!objective.smooth || secondDerivative === undefined) return { kind: 'none', note: NOT_SMOOTH_NOTE };
  if (!(l2 >= 0 && Number.isFinite(l2))) throw new RangeError(`the L2 strength must be ≥ 0, not ${l2}`);
  const count = points.y.length;
  if (count === 0) return { kind: 'none', note: 'no training points' };
  const features = probeLinearFeatures(model, points);
  if (features === null) return { kind: 'none', note: 'the model is not linear in its parameters' };
  const dimension = model.weights.length;
  const penalized = model.penalized;
  const labels = points.y;
  // The separability certificate below needs a loss that vanishes only at an infinite margin. The
  // logistic does (it underflows to 0 far out, yet is positive at every finite margin); the squared loss,
  // which grows again past the margin 1, fails this probe and always has a minimiser.
  const vanishesAtInfinity = objective.loss(FAR_MARGIN, 1) === 0 && objective.loss(-FAR_MARGIN, -1) === 0;

  const weights = new Float64Array(dimension);
  const trial = new Float64Array(dimension);
  const scores = new Float64Array(count);
  const gradient = new Float64Array(dimension);
  const hessian = new Float64Array(dimension * dimension);
  const step = new Float64Array(dimension);

  const scoreAt = (w: Float64Array) => {
    for (let i = 0; i < count; i++) {
      let score = 0;
      for (let j = 0; j < dimension; j++) score += (features[i * dimension + j] as number) * (w[j] as number);
      scores[i] = score;
    }
  };
  const penaltyAt = (w: Float64Array) => {
    let squares = 0;
    for (let j = 0; j < dimension; j++) if (penalized[j] === 1) squares += (w[j] as number) ** 2;
    return count * 0.5 * l2 * squares;
  };
  const objectiveAt = (w: Float64Array) => {
    scoreAt(w);
    return objective.totalLoss(scores, labels, count) + penaltyAt(w);
  };

  let value = objectiveAt(weights);
  if (!Number.isFinite(value)) return { kind: 'none', note: 'the objective is not finite at w = 0' };
  // An unguarded step (below) is kept only if it shrank the gradient; these let it be undone.
  const previousWeights = new Float64Array(dimension);
  let previousValue = value;
  let previousNorm = Number.POSITIVE_INFINITY;
  let unguarded = false;
  for (let iteration = 0; ; iteration++) {
    // `scores` holds the scores at `weights` here: from objectiveAt before the loop or the accepted trial.
    const separated = accumulateLinearDerivatives(
      { features, scores, labels, penalized, l2 },
      weights,
      objective,
      secondDerivative,
      gradient,
      hessian,
    );
    let squaredNorm = 0;
    for (let j = 0; j < dimension; j++) squaredNorm += (gradient[j] as number) ** 2;
    const gradientNorm = Math.sqrt(squaredNorm);
    if (unguarded && !(gradientNorm < previousNorm)) {
      // Rounding noise now: the point before the last step is as close as float64 gets.
      return {
        kind: 'minimum',
        weights: previousWeights,
        objective: previousValue,
        iterations: iteration - 1,
        gradientNorm: previousNorm,
      };
    }
    if (gradientNorm <= OPTIMUM_GRADIENT_TOLERANCE) {
      return { kind: 'minimum', weights, objective: value, iterations: iteration, gradientNorm };
    }
    // Every point on its correct side: scaling w up lowers every loss towards 0 without end, and no finite
    // w reaches 0, so the infimum is not attained. (Not so with L2, which grows with ‖w‖.)
    if (l2 === 0 && separated && vanishesAtInfinity) return { kind: 'none', note: SEPARABLE_NOTE };
    const stalled = (why: string): OptimumResult => ({
      kind: 'none',
      note: `${why} (gradient norm ${gradientNorm.toPrecision(3)})`,
    });
    if (iteration >= MAX_ITERATIONS) return stalled(`no minimiser found in ${MAX_ITERATIONS} Newton steps`);
    if (!solveNewtonStep(hessian, gradient, step, dimension)) return stalled('the Hessian is not finite');

    let slopeAlongStep = 0;
    for (let j = 0; j < dimension; j++) slopeAlongStep += (gradient[j] as number) * (step[j] as number);
    // Near the minimiser of a large set the predicted decrease drops below the rounding of the summed
    // objective, which can then no longer judge a step, though the gradient still can: take the full
    // Newton step (the objective is quadratic there) and keep it only if the gradient shrinks.
    unguarded = -slopeAlongStep <= 1e-14 * Math.max(1, Math.abs(value));
    if (unguarded) {
      previousWeights.set(weights);
      previousValue = value;
      previousNorm = gradientNorm;
      for (let j = 0; j < dimension; j++) weights[j] = (weights[j] as number) + (step[j] as number);
      value = objectiveAt(weights);
      continue;
    }
    let accepted = false;
    for (let halving = 0, size = 1; halving <= MAX_HALVINGS && !accepted; halving++, size /= 2) {
      for (let j = 0; j < dimension; j++) trial[j] = (weights[j] as number) + size * (step[j] as number);
      const trialValue = objectiveAt(trial);
      if (trialValue <= value + ARMIJO * size * slopeAlongStep) {
        weights.set(trial);
        value = trialValue;
        accepted = true;
      }
    }
    if (!accepted) return stalled("Newton's method stalled");
    // objectiveAt left the scores of the last trial, which is the accepted one.
  }
}

/**
 * Solves H·p = −g for the Newton step by Cholesky on the lower triangle of H. A singular or indefinite H
 * (a feature that is zero on every point, or two that are equal) gets a growing multiple of the identity
 * added, which still gives a descent direction.
 */
function solveNewtonStep(
  hessian: Float64Array,
  gradient: Float64Array,
  step: Float64Array,
  dimension: number,
): boolean {
  const factor = new Float64Array(dimension * dimension);
  let trace = 0;
  for (let j = 0; j < dimension; j++) trace += hessian[j * dimension + j] as number;
  const scale = Math.max(trace / Math.max(1, dimension), Number.MIN_VALUE);
  let factored = choleskyFactor(hessian, factor, dimension, 0);
  for (let damping = 1e-12 * scale; !factored && damping < 1e12 * scale; damping *= 100) {
    factored = choleskyFactor(hessian, factor, dimension, damping);
  }
  if (!factored) return false;
  // Forward then backward substitution: L·z = −g, Lᵀ·p = z.
  for (let j = 0; j < dimension; j++) {
    let sum = -(gradient[j] as number);
    for (let k = 0; k < j; k++) sum -= (factor[j * dimension + k] as number) * (step[k] as number);
    step[j] = sum / (factor[j * dimension + j] as number);
  }
  for (let j = dimension - 1; j >= 0; j--) {
    let sum = step[j] as number;
    for (let k = j + 1; k < dimension; k++)
      sum -= (factor[k * dimension + j] as number) * (step[k] as number);
    step[j] = sum / (factor[j * dimension + j] as number);
  }
  return true;
}

/** Writes L with L·Lᵀ = H + damping·I into `factor`; false when a pivot is not clearly positive. */
function choleskyFactor(
  hessian: Float64Array,
  factor: Float64Array,
  dimension: number,
  damping: number,
): boolean {
  for (let j = 0; j < dimension; j++) {
    for (let k = 0; k <= j; k++) {
      let sum = (hessian[j * dimension + k] as number) + (j === k ? damping : 0);
      for (let m = 0; m < k; m++)
        sum -= (factor[j * dimension + m] as number) * (factor[k * dimension + m] as number);
      if (j === k) {
        // Relative to the diagonal entry, so that a pivot left over from cancellation counts as zero.
        const diagonal = (hessian[j * dimension + j] as number) + damping;
        if (!(sum > 1e-13 * Math.max(diagonal, Number.MIN_VALUE))) return false;
        factor[j * dimension + j] = Math.sqrt(sum);
      } else {
        factor[j * dimension + k] = sum / (factor[k * dimension + k] as number);
      }
    }
  }
  return true;
}
