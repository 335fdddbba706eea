/** The eigenvalues and eigenvectors of a real symmetric matrix. */
export interface SymmetricEigen {
  /** The eigenvalues, largest first. */
  readonly values: Float64Array;
  /** The unit eigenvectors as the rows of a d × d row-major matrix, in the order of `values`. */
  readonly vectors: Float64Array;
}

/** Sweeps of the cyclic Jacobi method allowed; it converges quadratically, in well under ten for d ≤ 100. */
const MAX_SWEEPS = 50;

/**
 * The eigen-decomposition of the symmetric d × d matrix whose LOWER triangle `matrix` holds (row-major; the
 * upper triangle is not read), by the cyclic Jacobi method: plane rotations that zero each off-diagonal
 * entry in turn, sweep after sweep, until the off-diagonal part is below rounding. Every eigenvector has
 * its entry of largest magnitude positive, so the result does not depend on rounding's choice of sign.
 */
export function symmetricEigen(matrix: Float64Array, dimension: number): SymmetricEigen {
  const d = dimension;
  const a = new Float64Array(d * d);
  for (let j = 0; j < d; j++) {
    for (let k = 0; k <= j; k++) {
      const value = matrix[j * d + k] as number;
      a[j * d + k] = value;
      a[k * d + j] = value;
    }
  }
  // Columns of `basis` are the eigenvectors as they are accumulated: A = V·diag·Vᵀ.
  const basis = new Float64Array(d * d);
  for (let j = 0; j < d; j++) basis[j * d + j] = 1;

  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let offDiagonal = 0;
    let diagonal = 0;
    for (let j = 0; j < d; j++) {
      diagonal += (a[j * d + j] as number) ** 2;
      for (let k = 0; k < j; k++) offDiagonal += (a[j * d + k] as number) ** 2;
    }
    if (!(offDiagonal > 1e-30 * diagonal) || !Number.isFinite(offDiagonal)) break;
    for (let p = 0; p < d - 1; p++) {
      for (let q = p + 1; q < d; q++) rotate(a, basis, d, p, q);
    }
  }

  const values = new Float64Array(d);
  for (let j = 0; j < d; j++) values[j] = a[j * d + j] as number;
  const order = Array.from({ length: d }, (_, j) => j).sort(
    (left, right) => (values[right] as number) - (values[left] as number),
  );
  const sortedValues = new Float64Array(d);
  const vectors = new Float64Array(d * d);
  order.forEach((column, rank) => {
    sortedValues[rank] = values[column] as number;
    let largest = 0;
    for (let j = 0; j < d; j++) {
      const entry = basis[j * d + column] as number;
      if (Math.abs(entry) > Math.abs(largest)) largest = entry;
    }
    const sign = largest < 0 ? -1 : 1;
    for (let j = 0; j < d; j++) vectors[rank * d + j] = sign * (basis[j * d + column] as number);
  });
  return { values: sortedValues, vectors };
}

/** One Jacobi rotation in the (p, q) plane that zeroes a[p, q] of the full symmetric matrix `a`. */
function rotate(a: Float64Array, basis: Float64Array, d: number, p: number, q: number): void {
  const apq = a[p * d + q] as number;
  if (apq === 0) return;
  const app = a[p * d + p] as number;
  const aqq = a[q * d + q] as number;
  // tan of the rotation angle, the smaller root of t² + 2θt − 1 = 0 (Numerical Recipes §11.1).
  const theta = (aqq - app) / (2 * apq);
  const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
  const c = 1 / Math.sqrt(t * t + 1);
  const s = t * c;
  for (let k = 0; k < d; k++) {
    const akp = a[k * d + p] as number;
    const akq = a[k * d + q] as number;
    a[k * d + p] = c * akp - s * akq;
    a[k * d + q] = s * akp + c * akq;
  }
  for (let k = 0; k < d; k++) {
    const apk = a[p * d + k] as number;
    const aqk = a[q * d + k] as number;
    a[p * d + k] = c * apk - s * aqk;
    a[q * d + k] = s * apk + c * aqk;
  }
  for (let k = 0; k < d; k++) {
    const vkp = basis[k * d + p] as number;
    const vkq = basis[k * d + q] as number;
    basis[k * d + p] = c * vkp - s * vkq;
    basis[k * d + q] = s * vkp + c * vkq;
  }
}
