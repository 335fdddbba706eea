import { describe, expect, it } from 'vitest';
import { createRandom } from './random.ts';
import { symmetricEigen } from './symmetricEigen.ts';

/** A random symmetric d × d matrix, full (both triangles), from a seeded stream. */
function randomSymmetric(dimension: number, seed: number): Float64Array {
  const random = createRandom(seed);
  const matrix = new Float64Array(dimension * dimension);
  for (let j = 0; j < dimension; j++) {
    for (let k = 0; k <= j; k++) {
      const value = 4 * random.next() - 2;
      matrix[j * dimension + k] = value;
      matrix[k * dimension + j] = value;
    }
  }
  return matrix;
}

describe('symmetricEigen', () => {
  it('finds the eigenpairs of [[2, 1], [1, 2]]: 3 along (1, 1)/√2 and 1 along (1, −1)/√2', () => {
    // Only the lower triangle is read: the upper entry is deliberately wrong.
    const { values, vectors } = symmetricEigen(Float64Array.of(2, 99, 1, 2), 2);
    expect(values[0]).toBeCloseTo(3, 14);
    expect(values[1]).toBeCloseTo(1, 14);
    expect(vectors[0]).toBeCloseTo(Math.SQRT1_2, 14);
    expect(vectors[1]).toBeCloseTo(Math.SQRT1_2, 14);
    // Sign fixed by the entry of largest magnitude; here the two tie, and either sign is a unit eigenvector.
    expect(Math.abs(vectors[2]!)).toBeCloseTo(Math.SQRT1_2, 14);
    expect(vectors[2]! + vectors[3]!).toBeCloseTo(0, 14);
  });

  it('returns a diagonal matrix sorted, largest first, with unit vectors', () => {
    const { values, vectors } = symmetricEigen(Float64Array.of(1, 0, 0, 0, -5, 0, 0, 0, 4), 3);
    expect(Array.from(values)).toEqual([4, 1, -5]);
    expect(Array.from(vectors)).toEqual([0, 0, 1, 1, 0, 0, 0, 1, 0]);
  });

  for (const dimension of [3, 8, 40]) {
    it(`decomposes a random symmetric ${dimension} × ${dimension} matrix: A·v = λ·v, orthonormal, Σλ = trace`, () => {
      const matrix = randomSymmetric(dimension, dimension);
      const { values, vectors } = symmetricEigen(matrix, dimension);
      let trace = 0;
      for (let j = 0; j < dimension; j++) trace += matrix[j * dimension + j]!;
      expect(values.reduce((sum, value) => sum + value, 0)).toBeCloseTo(trace, 10);
      for (let rank = 0; rank < dimension; rank++) {
        if (rank > 0) expect(values[rank]!).toBeLessThanOrEqual(values[rank - 1]!);
        const vector = vectors.subarray(rank * dimension, (rank + 1) * dimension);
        for (let j = 0; j < dimension; j++) {
          let image = 0;
          for (let k = 0; k < dimension; k++) image += matrix[j * dimension + k]! * vector[k]!;
          expect(Math.abs(image - values[rank]! * vector[j]!)).toBeLessThan(1e-11);
        }
        for (let other = 0; other < dimension; other++) {
          let dot = 0;
          for (let j = 0; j < dimension; j++) dot += vector[j]! * vectors[other * dimension + j]!;
          expect(Math.abs(dot - (other === rank ? 1 : 0))).toBeLessThan(1e-12);
        }
      }
    });
  }
});
