import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createShuffler } from './random.ts';
import { createSampler, samplingSchemeNames, samplingSchemes, type SamplingScheme } from './sampling.ts';

const seed = fc.integer({ min: 0, max: 0xffffffff });
const count = fc.integer({ min: 1, max: 300 });

/** The orders of `epochs` consecutive epochs, copied (a sampler may reuse its array). */
function epochOrders(scheme: SamplingScheme, samplerSeed: number, size: number, epochs: number): number[][] {
  const sampler = createSampler(scheme, samplerSeed);
  return Array.from({ length: epochs }, (_, epoch) => Array.from(sampler(epoch, size)));
}

function isPermutation(order: readonly number[], size: number): boolean {
  return order.length === size && [...order].sort((a, b) => a - b).every((value, i) => value === i);
}

const identity = (size: number) => Array.from({ length: size }, (_, i) => i);

describe('sampling schemes', () => {
  it('names four schemes in menu order, the reference first, each with a label and a one-line caption', () => {
    expect(samplingSchemeNames).toEqual(['reshuffle', 'shuffleOnce', 'fixedOrder', 'withReplacement']);
    expect(samplingSchemeNames.map((name) => samplingSchemes[name].label)).toEqual([
      'Reshuffle every epoch',
      'Shuffle once',
      'Fixed order',
      'With replacement',
    ]);
    for (const name of samplingSchemeNames) expect(samplingSchemes[name].caption).not.toContain('\n');
  });

  it('reshuffles exactly as the reference shuffler does, epoch after epoch', () => {
    fc.assert(
      fc.property(seed, count, (s, n) => {
        const reference = createShuffler(s);
        const expected = Array.from({ length: 5 }, (_, epoch) => Array.from(reference(epoch, n)));
        expect(epochOrders('reshuffle', s, n, 5)).toEqual(expected);
      }),
      { numRuns: 50 },
    );
  });

  it('reshuffling gives a permutation every epoch, a fresh one each time', () => {
    fc.assert(
      fc.property(seed, fc.integer({ min: 8, max: 300 }), (s, n) => {
        const orders = epochOrders('reshuffle', s, n, 4);
        for (const order of orders) expect(isPermutation(order, n)).toBe(true);
        // 8! = 40,320 orders: four equal ones in a row would be a broken shuffler, not chance.
        expect(new Set(orders.map(String)).size).toBeGreaterThan(1);
      }),
      { numRuns: 50 },
    );
  });

  it('shuffling once reuses one permutation, the reference’s first epoch, in every epoch', () => {
    fc.assert(
      fc.property(seed, count, (s, n) => {
        const orders = epochOrders('shuffleOnce', s, n, 6);
        expect(isPermutation(orders[0] ?? [], n)).toBe(true);
        for (const order of orders) expect(order).toEqual(orders[0]);
        expect(orders[0]).toEqual(Array.from(createShuffler(s)(0, n)));
      }),
      { numRuns: 50 },
    );
  });

  it('shuffled once, the order is random: not the identity for 100 points', () => {
    expect(epochOrders('shuffleOnce', 3, 100, 1)[0]).not.toEqual(identity(100));
  });

  it('fixed order is the identity in every epoch, whatever the seed', () => {
    fc.assert(
      fc.property(seed, count, (s, n) => {
        for (const order of epochOrders('fixedOrder', s, n, 3)) expect(order).toEqual(identity(n));
      }),
      { numRuns: 50 },
    );
  });

  it('follows a change of the training count with an order of the new length', () => {
    for (const scheme of samplingSchemeNames) {
      const sampler = createSampler(scheme, 9);
      expect(sampler(0, 10)).toHaveLength(10);
      expect(sampler(1, 7)).toHaveLength(7);
    }
  });

  it('with replacement draws every entry in range, and the same seed draws the same epochs', () => {
    fc.assert(
      fc.property(seed, count, (s, n) => {
        const orders = epochOrders('withReplacement', s, n, 3);
        for (const order of orders) {
          expect(order).toHaveLength(n);
          for (const index of order) if (!(index >= 0 && index < n)) throw new Error(`drew ${index}`);
        }
        expect(epochOrders('withReplacement', s, n, 3)).toEqual(orders);
      }),
      { numRuns: 50 },
    );
  });

  it('with replacement misses a fraction (1 − 1/N)^N of the points each epoch, as independent draws do', () => {
    const n = 100;
    const epochs = 400;
    const orders = epochOrders('withReplacement', 2024, n, epochs);
    const missed = orders.reduce((sum, order) => sum + n - new Set(order).size, 0);
    // Per epoch the count of distinct points has sd 3.1 at N = 100; over 400 epochs the missed fraction's sd
    // is 0.0016, so ±0.01 is six of them.
    expect(Math.abs(missed / (n * epochs) - (1 - 1 / n) ** n)).toBeLessThan(0.01);
    expect(new Set(orders.map(String)).size).toBe(epochs);
  });

  it('with replacement draws neighbours independently: the next index repeats with probability 1/N', () => {
    const n = 100;
    const orders = epochOrders('withReplacement', 77, n, 400);
    let pairs = 0;
    let equal = 0;
    for (const order of orders) {
      for (let i = 1; i < n; i++) {
        pairs++;
        if (order[i] === order[i - 1]) equal++;
      }
    }
    // 39,600 pairs: about 396 equal (sd 20) if independent, none if each batch were drawn without repeats.
    expect(Math.abs(equal - pairs / n)).toBeLessThan(100);
  });
});
