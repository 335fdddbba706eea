/**
 * Where constant-rate SGD settles (Mandt, Hoffman & Blei 2017, "Stochastic Gradient Descent as Approximate
 * Bayesian Inference"). Near the optimum w* the mean objective F is the quadratic with Hessian H = ∇²F(w*),
 * and a batch of B examples drawn with replacement gives the gradient H·(w − w*) + ξ with ξ of mean 0 and
 * covariance C = S* / B, S* the covariance of the per-example gradients at w*. The error e = w − w* then
 * follows e ← (I − lr·H)·e − lr·ξ, whose stationary covariance Σ solves the discrete Lyapunov equation
 * Σ = A·Σ·Aᵀ + lr²·C with A = I − lr·H. The expected excess of the mean objective there is ½·tr(H·Σ).
 * Matrices are d × d, row-major, with both triangles filled.
 */
import { formatNumber } from './format.ts';
import { symmetricEigen } from './symmetricEigen.ts';

/** The stationary covariance Σ, or why there is none. */
export type LyapunovSolution =
  | {
      readonly kind: 'solved';
      readonly covariance: Float64Array;
      /** The eigenvalues of H, largest first. */
      readonly curvatures: Float64Array;
    }
  | { readonly kind: 'none'; readonly reason: string };

/**
 * Σ solving Σ = (I − lr·H)·Σ·(I − lr·H)ᵀ + lr²·C exactly, for a symmetric H and C. A and H share their
 * eigenvectors, so in H's eigenbasis (H = V·diag(h)·Vᵀ, C̃ = Vᵀ·C·V) the equation decouples entry by entry:
 * Σ̃_jk = lr²·C̃_jk / (1 − (1 − lr·h_j)(1 − lr·h_k)), and Σ = V·Σ̃·Vᵀ. A solution that is a covariance
 * exists when every |1 − lr·h_j| < 1, that is 0 < lr·h_j < 2.
 */
export function solveStationaryCovariance(
  hessian: Float64Array,
  noiseCovariance: Float64Array,
  learningRate: number,
  dimension: number,
): LyapunovSolution {
  const d = dimension;
  if (!(learningRate > 0 && Number.isFinite(learningRate))) {
    throw new RangeError(`the learning rate must be > 0, not ${learningRate}`);
  }
  if (hessian.length !== d * d || noiseCovariance.length !== d * d) {
    throw new RangeError(`the matrices must be ${d} × ${d}`);
  }
  if (!hessian.every(Number.isFinite) || !noiseCovariance.every(Number.isFinite)) {
    return { kind: 'none', reason: 'the curvature or the gradient noise is not finite' };
  }
  const { values, vectors } = symmetricEigen(hessian, d);
  const largest = values[0] as number;
  const smallest = values[d - 1] as number;
  if (!(largest * learningRate < 2)) {
    return {
      kind: 'none',
      reason: `lr·λ_max = ${formatNumber(largest * learningRate)} ≥ 2: the iterates do not settle`,
    };
  }
  if (!(smallest > 0)) {
    return { kind: 'none', reason: 'the curvature at the optimum is zero along some direction' };
  }
  // `vectors` holds the eigenvectors as rows, so C̃ = V_rows·C·V_rowsᵀ and Σ = V_rowsᵀ·Σ̃·V_rows.
  const rotated = conjugate(noiseCovariance, vectors, d, false);
  const rate2 = learningRate * learningRate;
  for (let j = 0; j < d; j++) {
    const shrinkJ = 1 - learningRate * (values[j] as number);
    for (let k = 0; k < d; k++) {
      const shrinkK = 1 - learningRate * (values[k] as number);
      rotated[j * d + k] = (rate2 * (rotated[j * d + k] as number)) / (1 - shrinkJ * shrinkK);
    }
  }
  const covariance = conjugate(rotated, vectors, d, true);
  symmetrize(covariance, d);
  return { kind: 'solved', covariance, curvatures: values };
}

/** tr M of a d × d matrix. */
export function trace(matrix: Float64Array, dimension: number): number {
  let sum = 0;
  for (let j = 0; j < dimension; j++) sum += matrix[j * dimension + j] as number;
  return sum;
}

/**
 * The expected excess of the mean objective at the stationary spread, E[F(w)] − F(w*) = ½·tr(H·Σ), for
 * the quadratic model of F around w* (exact for the squared objective). Multiply by N for the summed
 * objective the charts show.
 */
export function expectedExcessObjective(
  hessian: Float64Array,
  covariance: Float64Array,
  dimension: number,
): number {
  let sum = 0;
  for (let cell = 0; cell < dimension * dimension; cell++) {
    sum += (hessian[cell] as number) * (covariance[cell] as number);
  }
  return sum / 2;
}

/**
 * The small-rate form of the floor, lr·tr(S*)/(4B) for the mean objective: to first order in lr the
 * Lyapunov equation is H·Σ + Σ·H = lr·C, whose trace against H gives tr(H·Σ) = lr·tr(C)/2.
 */
export function smallRateFloor(
  learningRate: number,
  gradientCovarianceTrace: number,
  batchSize: number,
): number {
  return (learningRate * gradientCovarianceTrace) / (4 * batchSize);
}

/** The probability mass the predicted spread's ellipse holds. */
export const ELLIPSE_PROBABILITY = 0.95;

/**
 * The radius, in standard deviations along each principal axis, of the ellipse that holds `probability` of
 * a 2-D Gaussian: the squared Mahalanobis distance is χ² with 2 degrees of freedom, P(χ² ≤ r²) = 1 − e^(−r²/2).
 */
export function ellipseRadiusInDeviations(probability = ELLIPSE_PROBABILITY): number {
  return Math.sqrt(-2 * Math.log(1 - probability));
}

/** An ellipse of a 2-D Gaussian in a plane of two parameters. */
export interface CovarianceEllipse {
  /** Where the ellipse is centred (the optimum's two coordinates). */
  readonly center: readonly [number, number];
  /** The 2 × 2 covariance of the two coordinates: variances and their covariance. */
  readonly variances: readonly [number, number];
  readonly covariance: number;
  /** The semi-axes, major first. */
  readonly radii: readonly [number, number];
  /** The direction of the major axis, in radians from the first coordinate's axis towards the second's. */
  readonly angle: number;
  /** The probability mass inside. */
  readonly probability: number;
}

/**
 * The `probability` ellipse of the marginal of a Gaussian N(center, covariance) on the coordinates
 * (first, second): the 2 × 2 block of Σ, whose principal axes have lengths √(−2 ln(1 − p))·√(eigenvalue).
 */
export function covarianceEllipse(
  covariance: Float64Array,
  dimension: number,
  center: ArrayLike<number>,
  coordinates: readonly [number, number] = [0, 1],
  probability = ELLIPSE_PROBABILITY,
): CovarianceEllipse {
  const [first, second] = coordinates;
  const a = covariance[first * dimension + first] as number;
  const c = covariance[second * dimension + second] as number;
  const b = covariance[first * dimension + second] as number;
  const halfGap = Math.hypot((a - c) / 2, b);
  const middle = (a + c) / 2;
  const scale = ellipseRadiusInDeviations(probability);
  return {
    center: [center[first] as number, center[second] as number],
    variances: [a, c],
    covariance: b,
    radii: [scale * Math.sqrt(middle + halfGap), scale * Math.sqrt(Math.max(0, middle - halfGap))],
    angle: Math.atan2(2 * b, a - c) / 2,
    probability,
  };
}

/**
 * Whether (w₁, w₂) lies inside the ellipse: its squared Mahalanobis distance from the centre under the
 * ellipse's 2 × 2 covariance is at most the squared radius in deviations.
 */
export function isInsideEllipse(ellipse: CovarianceEllipse, first: number, second: number): boolean {
  const [a, c] = ellipse.variances;
  const b = ellipse.covariance;
  const x = first - ellipse.center[0];
  const y = second - ellipse.center[1];
  const determinant = a * c - b * b;
  if (!(determinant > 0)) return false;
  const squaredDistance = (c * x * x - 2 * b * x * y + a * y * y) / determinant;
  return squaredDistance <= ellipseRadiusInDeviations(ellipse.probability) ** 2;
}

/** V_rows·M·V_rowsᵀ, or V_rowsᵀ·M·V_rows when `transposed`, for a d × d matrix M. */
function conjugate(matrix: Float64Array, rows: Float64Array, d: number, transposed: boolean): Float64Array {
  // Q(j, k) is V_rows[j][k], or V_rows[k][j] when transposed; the result is Q·M·Qᵀ.
  const at = (j: number, k: number) =>
    transposed ? (rows[k * d + j] as number) : (rows[j * d + k] as number);
  const half = new Float64Array(d * d);
  for (let j = 0; j < d; j++) {
    for (let k = 0; k < d; k++) {
      let sum = 0;
      for (let m = 0; m < d; m++) sum += at(j, m) * (matrix[m * d + k] as number);
      half[j * d + k] = sum;
    }
  }
  const result = new Float64Array(d * d);
  for (let j = 0; j < d; j++) {
    for (let k = 0; k < d; k++) {
      let sum = 0;
      for (let m = 0; m < d; m++) sum += (half[j * d + m] as number) * at(k, m);
      result[j * d + k] = sum;
    }
  }
  return result;
}

/** Replaces a nearly symmetric matrix by its symmetric part, so rounding leaves no asymmetry behind. */
function symmetrize(matrix: Float64Array, d: number): void {
  for (let j = 0; j < d; j++) {
    for (let k = 0; k < j; k++) {
      const mean = ((matrix[j * d + k] as number) + (matrix[k * d + j] as number)) / 2;
      matrix[j * d + k] = mean;
      matrix[k * d + j] = mean;
    }
  }
}
