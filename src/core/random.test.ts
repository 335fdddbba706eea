import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRandom, deriveSeed, randomPermutation, shuffleInPlace } from './random.ts';

const seed = fc.integer({ min: 0, max: 0xffffffff });

function take<T>(count: number, draw: () => T): T[] {
  return Array.from({ length: count }, draw);
}

describe('createRandom', () => {
  it('gives the same stream for the same seed', () => {
    fc.assert(
      fc.property(seed, (s) => {
        const a = createRandom(s);
        const b = createRandom(s);
        // Interleave the three kinds of draw, so the spare normal is part of the stream too.
        const draw = (r: typeof a) => [r.next(), r.normal(), r.integer(1000), r.normal(), r.normal()];
        expect(take(20, () => draw(a)).flat()).toEqual(take(20, () => draw(b)).flat());
      }),
    );
  });

  it('gives different streams for different seeds', () => {
    fc.assert(
      fc.property(seed, seed, (s, t) => {
        fc.pre(s !== t);
        const a = createRandom(s);
        const b = createRandom(t);
        expect(take(8, a.next)).not.toEqual(take(8, b.next));
      }),
    );
  });

  it('keeps next() in [0, 1) and integer(n) in {0, …, n−1}', () => {
    fc.assert(
      fc.property(seed, fc.integer({ min: 1, max: 1_000_000 }), (s, n) => {
        const random = createRandom(s);
        for (let i = 0; i < 200; i++) {
          const u = random.next();
          const k = random.integer(n);
          if (!(u >= 0 && u < 1)) throw new Error(`next() gave ${u}`);
          if (!(Number.isInteger(k) && k >= 0 && k < n)) throw new Error(`integer(${n}) gave ${k}`);
        }
      }),
    );
  });

  it('draws uniform numbers with mean 1/2 and variance 1/12', () => {
    const random = createRandom(12345);
    const values = take(100_000, random.next);
    const mean = values.reduce((sum, v) => sum + v, 0) / values.length;
    const variance = values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / values.length;
    // Standard error of the mean is about 0.0009; allow five of them.
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.005);
    expect(Math.abs(variance - 1 / 12)).toBeLessThan(0.003);
  });

  it('draws standard normals: mean 0, variance 1, about 68 % within one sd, all finite', () => {
    const random = createRandom(777);
    const values = take(100_000, random.normal);
    expect(values.every(Number.isFinite)).toBe(true);
    const mean = values.reduce((sum, v) => sum + v, 0) / values.length;
    const variance = values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / values.length;
    const withinOne = values.filter((v) => Math.abs(v) < 1).length / values.length;
    expect(Math.abs(mean)).toBeLessThan(0.02);
    expect(Math.abs(variance - 1)).toBeLessThan(0.03);
    expect(Math.abs(withinOne - 0.6827)).toBeLessThan(0.01);
  });
});

describe('deriveSeed', () => {
  it('is deterministic, a 32-bit unsigned integer, and differs between streams', () => {
    fc.assert(
      fc.property(seed, fc.string(), fc.string(), (s, first, second) => {
        const derived = deriveSeed(s, first);
        expect(deriveSeed(s, first)).toBe(derived);
        expect(Number.isInteger(derived)).toBe(true);
        expect(derived).toBeGreaterThanOrEqual(0);
        expect(derived).toBeLessThanOrEqual(0xffffffff);
        if (first !== second) {
          // Not a law for a 32-bit hash, but a collision in a few hundred runs would mean a broken one.
          expect(deriveSeed(s, second)).not.toBe(derived);
        }
      }),
    );
  });

  it('separates the data stream from the shuffle stream of the same seed', () => {
    const data = createRandom(deriveSeed(42, 'data:separable'));
    const shuffle = createRandom(deriveSeed(42, 'shuffle'));
    expect(take(8, data.next)).not.toEqual(take(8, shuffle.next));
  });
});

describe('randomPermutation', () => {
  it('is a permutation of 0 … n−1 for any n and seed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3000 }), seed, (n, s) => {
        const order = randomPermutation(n, createRandom(s));
        expect(order).toHaveLength(n);
        const sorted = Array.from(order).sort((a, b) => a - b);
        expect(sorted).toEqual(Array.from({ length: n }, (_, i) => i));
      }),
    );
  });

  it('is determined by the seed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 500 }), seed, (n, s) => {
        expect(randomPermutation(n, createRandom(s))).toEqual(randomPermutation(n, createRandom(s)));
      }),
    );
  });

  it('draws each of the 3! orders about equally often (Fisher–Yates, not Sattolo)', () => {
    const random = createRandom(2024);
    const counts = new Map<string, number>();
    const draws = 60_000;
    for (let i = 0; i < draws; i++) {
      const key = Array.from(randomPermutation(3, random)).join('');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect(counts.size).toBe(6);
    const expected = draws / 6;
    const chiSquare = [...counts.values()].reduce((sum, c) => sum + (c - expected) ** 2 / expected, 0);
    // The 99.9th percentile of χ² with 5 degrees of freedom is 20.5.
    expect(chiSquare).toBeLessThan(20.5);
  });

  it('moves each element to each position about equally often', () => {
    const n = 8;
    const draws = 40_000;
    const random = createRandom(99);
    const counts = Array.from({ length: n }, () => new Array<number>(n).fill(0));
    for (let d = 0; d < draws; d++) {
      randomPermutation(n, random).forEach((value, position) => {
        counts[value]![position]!++;
      });
    }
    const expected = draws / n;
    for (const row of counts)
      for (const c of row) expect(Math.abs(c - expected)).toBeLessThan(0.06 * expected);
  });
});

describe('shuffleInPlace', () => {
  it('shuffles the array it is given, keeps its values, and returns it', () => {
    fc.assert(
      fc.property(fc.array(fc.integer()), seed, (values, s) => {
        const copy = values.slice();
        const result = shuffleInPlace(copy, createRandom(s));
        expect(result).toBe(copy);
        expect(copy.slice().sort((a, b) => a - b)).toEqual(values.slice().sort((a, b) => a - b));
      }),
    );
  });
});
