import { describe, expect, it } from 'vitest';
import { createRandom, type Random } from './random.ts';
import {
  covarianceEllipse,
  ellipseRadiusInDeviations,
  expectedExcessObjective,
  isInsideEllipse,
  smallRateFloor,
  solveStationaryCovariance,
  trace,
} from './stationaryCovariance.ts';

/** M·Mᵀ + shift·I for a random d × d M: symmetric positive definite when shift > 0. */
function randomSpd(d: number, random: Random, shift: number): Float64Array {
  const m = Float64Array.from({ length: d * d }, () => 2 * random.next() - 1);
  const out = new Float64Array(d * d);
  for (let j = 0; j < d; j++) {
    for (let k = 0; k < d; k++) {
      let sum = j === k ? shift : 0;
      for (let l = 0; l < d; l++) sum += m[j * d + l]! * m[k * d + l]!;
      out[j * d + k] = sum;
    }
  }
  return out;
}

/** The largest eigenvalue of a symmetric positive semi-definite matrix, by many power steps. */
function largestEigenvalue(matrix: Float64Array, d: number): number {
  let vector = Float64Array.from({ length: d }, (_, j) => 1 + j);
  let value = 0;
  for (let step = 0; step < 2000; step++) {
    const next = new Float64Array(d);
    for (let j = 0; j < d; j++) for (let k = 0; k < d; k++) next[j]! += matrix[j * d + k]! * vector[k]!;
    value = Math.hypot(...next);
    vector = next.map((entry) => entry / value);
  }
  return value;
}

/**
 * The direct solve: vec Σ from (I − A⊗A)·vec Σ = lr²·vec C with A = I − lr·H, a d² × d² dense system,
 * by Gaussian elimination with partial pivoting.
 */
function solveByKronecker(hessian: Float64Array, noise: Float64Array, rate: number, d: number): Float64Array {
  const n = d * d;
  const a = Float64Array.from(
    { length: n },
    (_, cell) => (cell % (d + 1) === 0 ? 1 : 0) - rate * hessian[cell]!,
  );
  const system = new Float64Array(n * n);
  const rhs = noise.map((value) => rate * rate * value);
  // Row (j, k) of A⊗A acting on vec Σ (row-major) is Σ_lm A_jl·A_km·Σ_lm.
  for (let j = 0; j < d; j++)
    for (let k = 0; k < d; k++)
      for (let l = 0; l < d; l++)
        for (let m = 0; m < d; m++) {
          const row = j * d + k;
          const column = l * d + m;
          system[row * n + column] = (row === column ? 1 : 0) - a[j * d + l]! * a[k * d + m]!;
        }
  for (let pivot = 0; pivot < n; pivot++) {
    let best = pivot;
    for (let row = pivot + 1; row < n; row++)
      if (Math.abs(system[row * n + pivot]!) > Math.abs(system[best * n + pivot]!)) best = row;
    for (let column = 0; column < n; column++) {
      const swap = system[pivot * n + column]!;
      system[pivot * n + column] = system[best * n + column]!;
      system[best * n + column] = swap;
    }
    [rhs[pivot], rhs[best]] = [rhs[best]!, rhs[pivot]!];
    for (let row = pivot + 1; row < n; row++) {
      const factor = system[row * n + pivot]! / system[pivot * n + pivot]!;
      for (let column = pivot; column < n; column++)
        system[row * n + column]! -= factor * system[pivot * n + column]!;
      rhs[row]! -= factor * rhs[pivot]!;
    }
  }
  const solution = new Float64Array(n);
  for (let row = n - 1; row >= 0; row--) {
    let sum = rhs[row]!;
    for (let column = row + 1; column < n; column++) sum -= system[row * n + column]! * solution[column]!;
    solution[row] = sum / system[row * n + row]!;
  }
  return solution;
}

function solved(result: ReturnType<typeof solveStationaryCovariance>): Float64Array {
  if (result.kind !== 'solved') throw new Error(`expected a solution, got: ${result.reason}`);
  return result.covariance;
}

describe('the stationary covariance Σ = (I − lr·H)·Σ·(I − lr·H)ᵀ + lr²·C', () => {
  it('agrees with the direct Kronecker solve to 1e-10 on random SPD cases, d = 1 … 6', () => {
    const random = createRandom(17);
    for (let d = 1; d <= 6; d++) {
      for (const stability of [0.05, 0.5, 1.2, 1.9]) {
        const hessian = randomSpd(d, random, 0.3);
        const noise = randomSpd(d, random, 0);
        const rate = stability / largestEigenvalue(hessian, d);
        const covariance = solved(solveStationaryCovariance(hessian, noise, rate, d));
        const direct = solveByKronecker(hessian, noise, rate, d);
        const scale = Math.max(...direct.map(Math.abs));
        for (let cell = 0; cell < d * d; cell++) {
          expect(Math.abs(covariance[cell]! - direct[cell]!)).toBeLessThanOrEqual(1e-10 * scale);
        }
      }
    }
  });

  it('is lr²·c / (1 − (1 − lr·h)²) = lr·c / (h·(2 − lr·h)) in one dimension', () => {
    const covariance = solved(solveStationaryCovariance(Float64Array.of(4), Float64Array.of(3), 0.1, 1));
    expect(covariance[0]).toBeCloseTo((0.1 * 3) / (4 * (2 - 0.4)), 15);
  });

  it('satisfies the identity ½·tr(H·Σ) = lr·tr(C)/4 + lr·tr(H·Σ·H)/4, so the floor tends to lr·tr C / 4', () => {
    // The trace of the equation against H: 0 = −2·lr·tr(HΣ) + lr²·tr(HΣH) + lr²·tr C.
    const random = createRandom(3);
    const d = 4;
    const hessian = randomSpd(d, random, 0.5);
    const noise = randomSpd(d, random, 0);
    const rate = 0.7 / largestEigenvalue(hessian, d);
    const covariance = solved(solveStationaryCovariance(hessian, noise, rate, d));
    let sandwich = 0;
    for (let j = 0; j < d; j++)
      for (let k = 0; k < d; k++)
        for (let l = 0; l < d; l++)
          sandwich += hessian[j * d + k]! * covariance[k * d + l]! * hessian[l * d + j]!;
    const floor = expectedExcessObjective(hessian, covariance, d);
    expect(floor).toBeCloseTo((rate * trace(noise, d)) / 4 + (rate * sandwich) / 4, 12);
    // With B examples per batch the noise is S / B: the small-rate form is lr·tr S / (4B).
    expect(smallRateFloor(rate, trace(noise, d) * 5, 5)).toBeCloseTo((rate * trace(noise, d)) / 4, 15);
    const tiny = solved(solveStationaryCovariance(hessian, noise, rate / 1000, d));
    expect(
      expectedExcessObjective(hessian, tiny, d) / smallRateFloor(rate / 1000, trace(noise, d), 1),
    ).toBeCloseTo(1, 3);
  });

  it('gives no covariance when lr·λ_max ≥ 2 or the curvature vanishes along a direction', () => {
    const hessian = Float64Array.of(4, 0, 0, 1);
    const noise = Float64Array.of(1, 0, 0, 1);
    expect(solveStationaryCovariance(hessian, noise, 0.5, 2)).toEqual({
      kind: 'none',
      reason: 'lr·λ_max = 2 ≥ 2: the iterates do not settle',
    });
    expect(solveStationaryCovariance(Float64Array.of(4, 0, 0, 0), noise, 0.1, 2)).toEqual({
      kind: 'none',
      reason: 'the curvature at the optimum is zero along some direction',
    });
    expect(solveStationaryCovariance(Float64Array.of(Number.NaN), Float64Array.of(1), 0.1, 1).kind).toBe(
      'none',
    );
    expect(() => solveStationaryCovariance(hessian, noise, 0, 2)).toThrow(RangeError);
  });
});

describe('the 95 % ellipse', () => {
  it('has semi-axes √(−2 ln 0.05)·σ along the principal axes of the marginal', () => {
    expect(ellipseRadiusInDeviations(0.95)).toBeCloseTo(Math.sqrt(-2 * Math.log(0.05)), 15);
    expect(ellipseRadiusInDeviations(0.95)).toBeCloseTo(2.447746830680816, 14);
    // Σ = diag(4, 1, 9): the (w₁, w₂) marginal is diag(4, 1), the third coordinate is left out.
    const diagonal = Float64Array.of(4, 0, 0, 0, 1, 0, 0, 0, 9);
    const axisAligned = covarianceEllipse(diagonal, 3, [1, -2, 7]);
    expect(axisAligned.center).toEqual([1, -2]);
    expect(axisAligned.radii[0]).toBeCloseTo(2 * 2.447746830680816, 14);
    expect(axisAligned.radii[1]).toBeCloseTo(2.447746830680816, 14);
    expect(axisAligned.angle).toBe(0);
  });

  it('turns with the covariance: [[2.5, 1.5], [1.5, 2.5]] has variances 4 and 1 along ±45°', () => {
    const rotated = covarianceEllipse(Float64Array.of(2.5, 1.5, 1.5, 2.5), 2, [0, 0]);
    expect(rotated.radii[0]).toBeCloseTo(2 * 2.447746830680816, 14);
    expect(rotated.radii[1]).toBeCloseTo(2.447746830680816, 14);
    expect(rotated.angle).toBeCloseTo(Math.PI / 4, 15);
    // Along the major axis the boundary is 2·2.4477 from the centre; along the minor one, 2.4477.
    const along = (distance: number, angle: number) =>
      [distance * Math.cos(angle), distance * Math.sin(angle)] as const;
    expect(isInsideEllipse(rotated, ...along(4.89, Math.PI / 4))).toBe(true);
    expect(isInsideEllipse(rotated, ...along(4.9, Math.PI / 4))).toBe(false);
    expect(isInsideEllipse(rotated, ...along(2.44, -Math.PI / 4))).toBe(true);
    expect(isInsideEllipse(rotated, ...along(2.45, -Math.PI / 4))).toBe(false);
  });
});
