import { describe, expect, it } from 'vitest';
import { generateDataset } from './datasets.ts';
import { createLinearModel } from './linearModel.ts';
import { objectives } from './objectives.ts';
import { createShuffler } from './random.ts';
import { findSafeLearningRate, ladderAtMost, probeConverges, probeEpochs } from './safeRate.ts';
import { SgdStepper } from './sgd.ts';

describe('a safe learning rate after a divergence', () => {
  it('walks down the 1-2-5 ladder', () => {
    expect([10, 3.4, 1, 0.7, 0.15, 0.099].map(ladderAtMost)).toEqual([10, 2, 1, 0.5, 0.1, 0.05]);
  });

  it('returns the largest ladder rate the probe accepts, or null', () => {
    const tried: number[] = [];
    expect(findSafeLearningRate(10, (rate) => (tried.push(rate), rate <= 0.05))).toBe(0.05);
    expect(tried).toEqual([2, 1, 0.5, 0.2, 0.1, 0.05]);
    expect(findSafeLearningRate(1, () => false)).toBeNull();
  });

  it('finds a rate at which the squared objective really stops diverging', () => {
    const data = generateDataset({
      kind: 'overlapping',
      points: 200,
      noise: 0.3,
      trainFraction: 0.7,
      seed: 1,
    });
    const run = (rate: number) => {
      const stepper = new SgdStepper(
        createLinearModel(),
        data,
        objectives.squared,
        { learningRate: rate, annealingRate: 1, batchSize: 10, epochs: 30 },
        createShuffler(2),
      );
      stepper.runBatches(Number.POSITIVE_INFINITY);
      return stepper.diverged === null;
    };
    expect(run(10)).toBe(false);
    const safe = findSafeLearningRate(10, run);
    expect(safe).not.toBeNull();
    expect(run(safe!)).toBe(true);
    // And it is the largest such rate on the ladder: one step up diverges.
    expect(run(ladderAtMost(safe! * 2.6))).toBe(false);
  });

  it('probes for ten epochs on a small set, fewer on a large one, at least two', () => {
    expect([140, 10_000, 20_000, 70_000, 1_000_000].map(probeEpochs)).toEqual([10, 10, 5, 2, 2]);
  });

  it('calls a rate converging only if the probe ends near its lowest, not merely finite', () => {
    const data = generateDataset({ kind: 'separable', points: 200, noise: 0.3, trainFraction: 0.7, seed: 2 });
    const probe = (rate: number) =>
      new SgdStepper(
        createLinearModel(),
        data,
        objectives.squared,
        { learningRate: rate, annealingRate: 1, batchSize: 70, epochs: probeEpochs(140) },
        createShuffler(2),
      );
    // Just above the stable limit: every number stays finite and the rule has not fired after ten epochs,
    // but the objective has grown from 140 to several times that.
    const slowBlowUp = probe(0.1);
    expect(probeConverges(slowBlowUp)).toBe(false);
    expect(slowBlowUp.diverged).toBeNull();
    expect(slowBlowUp.epoch).toBe(10);
    expect(slowBlowUp.history.at(-1)!.objective).toBeGreaterThan(2 * 140);
    expect(probeConverges(probe(0.05))).toBe(true);
  });
});
