/** A seeded source of uniform numbers in [0, 1); every generator in the core takes one. */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Standard normal (mean 0, sd 1). */
  normal(): number;
  /** Uniform integer in [0, n). */
  integer(n: number): number;
}

/** Creates a deterministic generator (mulberry32) from a 32-bit seed: the same seed, the same stream. */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  let spareNormal: number | null = null;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    normal() {
      if (spareNormal !== null) {
        const value = spareNormal;
        spareNormal = null;
        return value;
      }
      // Box–Muller; 1 - next() is in (0, 1], so the logarithm is finite.
      const radius = Math.sqrt(-2 * Math.log(1 - next()));
      const angle = 2 * Math.PI * next();
      spareNormal = radius * Math.sin(angle);
      return radius * Math.cos(angle);
    },
    integer(n) {
      return Math.floor(next() * n);
    },
  };
}

/** Derives an independent seed from a seed and a stream name, so data and shuffles never share a stream. */
export function deriveSeed(seed: number, stream: string): number {
  let hash = (seed ^ 0x9e3779b9) >>> 0;
  for (let i = 0; i < stream.length; i++) {
    hash = Math.imul(hash ^ stream.charCodeAt(i), 0x01000193) >>> 0;
  }
  return Math.imul(hash ^ (hash >>> 16), 0x45d9f3b) >>> 0;
}

/** Shuffles `values` in place (Fisher–Yates) and returns it. */
export function shuffleInPlace<T extends { length: number; [index: number]: number }>(
  values: T,
  random: Random,
): T {
  for (let i = values.length - 1; i > 0; i--) {
    const j = random.integer(i + 1);
    const swap = values[i] as number;
    values[i] = values[j] as number;
    values[j] = swap;
  }
  return values;
}

/** A uniformly random permutation of 0 … n−1. */
export function randomPermutation(n: number, random: Random): Uint32Array {
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  return shuffleInPlace(order, random);
}

/** Supplies the order of the training indices for each epoch. */
export type PermutationSource = (epochIndex: number, count: number) => Uint32Array;

/**
 * A fresh seeded shuffle of 0 … count−1 every epoch, as the reference draws. The array returned is reused
 * by the next call, so that an epoch's start allocates nothing; copy it to keep it.
 */
export function createShuffler(seed: number): PermutationSource {
  const random = createRandom(seed);
  let order = new Uint32Array(0);
  return (_epochIndex, count) => {
    if (order.length !== count) order = new Uint32Array(count);
    for (let i = 0; i < count; i++) order[i] = i;
    // Fisher–Yates as in shuffleInPlace, written out for Uint32Array: that generic helper also shuffles
    // other arrays, and its element accesses are then slower at every epoch's start.
    for (let i = count - 1; i > 0; i--) {
      const j = random.integer(i + 1);
      const swap = order[i] as number;
      order[i] = order[j] as number;
      order[j] = swap;
    }
    return order;
  };
}
