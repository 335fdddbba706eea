import { describe, expect, it } from 'vitest';
import { generateDataset } from './datasets.ts';
import { describeBatchGradients } from './gradientView.ts';
import { createLinearModel } from './linearModel.ts';
import { objectiveNames, objectives } from './objectives.ts';
import { createRandom, createShuffler, randomPermutation } from './random.ts';
import { SgdStepper } from './sgd.ts';

const noisy = generateDataset({ kind: 'overlapping', points: 1000, noise: 1, trainFraction: 0.8, seed: 11 });
const trainCount = noisy.train.y.length;

describe('describeBatchGradients', () => {
  it('gives mean = full and cosine 1 when the batch is the whole training set', () => {
    const model = createLinearModel([0.3, -0.4, 0.2]);
    const inOrder = Array.from({ length: trainCount }, (_, i) => i);
    for (const l2 of [0, 0.2]) {
      for (const name of objectiveNames) {
        const exact = describeBatchGradients(model, noisy.train, objectives[name], l2, inOrder);
        expect(exact.mean).toEqual(exact.full);
        expect(exact.cosine).toBeCloseTo(1, 14);
        expect(exact.meanNorm).toBe(exact.fullNorm);
        // Another order sums the same terms differently: equal up to rounding.
        const shuffled = randomPermutation(trainCount, createRandom(3));
        const view = describeBatchGradients(model, noisy.train, objectives[name], l2, shuffled);
        expect(view.mean[0]).toBeCloseTo(view.full[0], 12);
        expect(view.mean[1]).toBeCloseTo(view.full[1], 12);
        expect(view.cosine).toBeCloseTo(1, 12);
      }
    }
  });

  it('equals the stepper’s reported meanGradient bit for bit, with and without L2', () => {
    for (const l2 of [0, 0.05]) {
      for (const name of objectiveNames) {
        const hyperparameters = { learningRate: 0.05, annealingRate: 0.9, batchSize: 13, epochs: 2 };
        const stepper = new SgdStepper(
          createLinearModel(),
          noisy,
          objectives[name],
          hyperparameters,
          createShuffler(4),
          { l2 },
        );
        for (let k = 0; k < 40; k++) {
          const report = stepper.stepBatch()!;
          const model = createLinearModel(report.weightsBefore);
          const view = describeBatchGradients(model, noisy.train, objectives[name], l2, report.indices);
          expect(view.mean).toEqual([report.meanGradient[0], report.meanGradient[1]]);
          const squares = report.meanGradient.reduce((sum, g) => sum + g * g, 0);
          expect(view.meanNorm).toBe(Math.sqrt(squares));
        }
      }
    }
  });

  it('gives each example’s own gradient of loss + (λ/2)‖w_pen‖², for at most maxArrows examples', () => {
    const weights = [0.5, -1, 0.25];
    const model = createLinearModel(weights);
    const l2 = 0.3;
    const batch = Uint32Array.of(5, 17, 2, 99, 400, 7);
    const view = describeBatchGradients(model, noisy.train, objectives.logistic, l2, batch, 4);
    expect(view.perExample).toHaveLength(8);
    for (let k = 0; k < 4; k++) {
      const i = batch[k]!;
      const x1 = noisy.train.x[2 * i]!;
      const x2 = noisy.train.x[2 * i + 1]!;
      const y = noisy.train.y[i]!;
      const slope = -y / (1 + Math.exp(y * (weights[0]! * x1 + weights[1]! * x2 + weights[2]!)));
      expect(view.perExample[2 * k]).toBeCloseTo(slope * x1 + l2 * weights[0]!, 6);
      expect(view.perExample[2 * k + 1]).toBeCloseTo(slope * x2 + l2 * weights[1]!, 6);
    }
    // With every example drawn, the arrows average to the mean.
    const all = describeBatchGradients(model, noisy.train, objectives.logistic, l2, batch);
    expect(all.perExample).toHaveLength(12);
    for (const axis of [0, 1]) {
      let sum = 0;
      for (let k = 0; k < 6; k++) sum += all.perExample[2 * k + axis]!;
      expect(sum / 6).toBeCloseTo(all.mean[axis]!, 6);
    }
    expect(Array.from(model.weights)).toEqual(weights);
  });

  it('lines the batch mean up better with the full gradient as the batch grows, on average', () => {
    // A statistical law, not one batch's: the mean cosine over many random batches rises with their size.
    const model = createLinearModel([0.4, 0.1, -0.3]);
    const random = createRandom(21);
    const averageCosine = (batchSize: number) => {
      let total = 0;
      const draws = 300;
      for (let draw = 0; draw < draws; draw++) {
        const batch = randomPermutation(trainCount, random).subarray(0, batchSize);
        total += describeBatchGradients(model, noisy.train, objectives.logistic, 0, batch).cosine;
      }
      return total / draws;
    };
    const [one, eight, thirtyTwo, twoHundred] = [1, 8, 32, 200].map(averageCosine);
    expect(one).toBeLessThan(eight!);
    expect(eight).toBeLessThan(thirtyTwo!);
    expect(thirtyTwo).toBeLessThan(twoHundred!);
    expect(one).toBeLessThan(0.6);
    expect(twoHundred).toBeGreaterThan(0.9);
  });

  it('returns zeros, never NaN, for an empty batch', () => {
    const view = describeBatchGradients(createLinearModel(), noisy.train, objectives.squared, 0.1, []);
    expect(view.perExample).toHaveLength(0);
    expect(view.mean).toEqual([0, 0]);
    expect(view.meanNorm).toBe(0);
    expect(view.cosine).toBe(0);
    expect(Number.isFinite(view.fullNorm)).toBe(true);
  });
});
