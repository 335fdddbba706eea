import { describe, expect, it } from 'vitest';
import { generateDataset } from './datasets.ts';
import { createLinearModel } from './linearModel.ts';
import { objectives } from './objectives.ts';
import { createShuffler } from './random.ts';
import { SgdStepper } from './sgd.ts';

const data = generateDataset({ kind: 'separable', points: 200, noise: 0.3, trainFraction: 0.7, seed: 3 });

/** The epochs a full-batch run of `epochs` keeps with at most `maxHistory` records. */
function keptEpochs(epochs: number, maxHistory: number): number[] {
  const stepper = new SgdStepper(
    createLinearModel(),
    data,
    objectives.logistic,
    { learningRate: 0.1, annealingRate: 1, batchSize: 140, epochs },
    createShuffler(3),
    { maxHistory },
  );
  stepper.runBatches(Number.POSITIVE_INFINITY);
  return stepper.history.map((record) => record.epoch);
}

describe('the epoch history of a long run', () => {
  it('keeps the first epoch, the newest, and evenly spaced epochs between them', () => {
    const kept = keptEpochs(3000, 400);
    expect(kept[0]).toBe(1);
    expect(kept.at(-1)).toBe(3000);
    expect(kept.length).toBeLessThanOrEqual(400);
    // On a grid of 8 epochs: 1, 8, 16, …, 3000 (a multiple of 8).
    expect(kept).toEqual([1, ...Array.from({ length: 375 }, (_, k) => 8 * (k + 1))]);
  });

  it('keeps only the first and the newest when it may keep two', () => {
    expect(keptEpochs(6, 2)).toEqual([1, 6]);
  });
});
