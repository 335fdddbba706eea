import { describe, expect, it } from 'vitest';
import { generateDataset } from './datasets.ts';
import { describeObjectiveRise, OBJECTIVE_RISE_FACTOR, ObjectiveWatch } from './divergenceRule.ts';
import { createLinearModel } from './linearModel.ts';
import { objectives } from './objectives.ts';
import { createShuffler, deriveSeed } from './random.ts';
import { SgdStepper } from './sgd.ts';

describe('the slow blow-up rule', () => {
  it('passes an epoch whose objective is above 100 × the lowest so far and above the start', () => {
    expect(OBJECTIVE_RISE_FACTOR).toBe(100);
    const watch = new ObjectiveWatch(140);
    expect(watch.limit).toBe(14_000);
    expect(watch.check(14)).toBeNull();
    expect(watch.limit).toBe(1400);
    expect(watch.check(1400)).toBeNull();
    expect(watch.check(20)).toBeNull();
    expect(watch.limit).toBe(1400);
    expect(watch.check(1401)).toEqual({ objective: 1401, limit: 1400, lowest: 14, start: 140 });
  });

  it('needs the objective above the start too, so a run near 0 may wobble', () => {
    const watch = new ObjectiveWatch(97);
    expect(watch.check(0.05)).toBeNull();
    // 100 × 0.05 = 5 is below the start: the start is the limit.
    expect(watch.limit).toBe(97);
    expect(watch.check(96)).toBeNull();
    const rise = watch.check(98);
    expect(rise).toEqual({ objective: 98, limit: 97, lowest: 0.05, start: 97 });
    expect(describeObjectiveRise(rise!)).toBe(
      'the training objective rose to 98, above the limit of 97 (its value at the start)',
    );
  });

  it('leaves alone a run whose objective has been exactly 0 (the perceptron criterion at w = 0)', () => {
    const watch = new ObjectiveWatch(0);
    expect(watch.check(1e6)).toBeNull();
  });

  it('counts the lowest again from the start and the kept epochs after a rewind', () => {
    const watch = new ObjectiveWatch(140);
    watch.check(2);
    watch.restart([{ objective: 30 }, { objective: 10 }]);
    expect(watch.limit).toBe(1000);
    watch.restart([]);
    expect(watch.limit).toBe(14_000);
  });

  it('says the limit, the factor and the lowest in words', () => {
    const text = describeObjectiveRise({ objective: 1012.5, limit: 987.46, lowest: 9.8746, start: 140 });
    expect(text).toBe(
      'the training objective rose to 1010, above the limit of 987 (100 × its lowest so far, 9.87)',
    );
  });
});

describe('SgdStepper stops a slow blow-up', () => {
  // The case: squared objective, separable 200 points seed 2, batch 10, lr 0.1 — just above the
  // stable limit, so the objective swings up by orders of magnitude over epochs and nothing overflows.
  const data = generateDataset({ kind: 'separable', points: 200, noise: 0.3, trainFraction: 0.7, seed: 2 });
  const stepper = (learningRate: number, l2 = 0) =>
    new SgdStepper(
      createLinearModel(),
      data,
      objectives.squared,
      { learningRate, annealingRate: 1, batchSize: 10, epochs: 50 },
      createShuffler(deriveSeed(2, 'shuffle')),
      { l2 },
    );

  it('as diverged at the end of the epoch that passes the limit, keeping only the good epochs', () => {
    const run = stepper(0.1);
    run.runBatches(Number.POSITIVE_INFINITY);
    const history = run.history;
    expect(history.map((record) => Number(record.objective.toPrecision(3)))).toEqual([
      14.5, 161, 9.87, 143, 70, 29.3, 195,
    ]);
    const lowest = history[2]!.objective;
    const divergence = run.diverged;
    expect(divergence).toMatchObject({ epoch: 8, batch: 14, learningRate: 0.1 });
    expect(divergence?.objectiveRise).toEqual({
      objective: expect.any(Number),
      limit: 100 * lowest,
      lowest,
      start: 140,
    });
    expect(Number(divergence?.objectiveRise?.objective.toPrecision(3))).toBe(1010);
    expect(divergence?.reason).toBe(
      'the training objective rose to 1010, above the limit of 987 (100 × its lowest so far, 9.87)',
    );
    expect(run.finished).toBe(true);
    expect(run.epoch).toBe(7);
    expect(run.stepBatch()).toBeNull();
  });

  it('the same on the generic path (with an L2 penalty the fused kernel is not used)', () => {
    const run = stepper(0.1, 1e-9);
    run.runBatches(Number.POSITIVE_INFINITY);
    expect(run.diverged?.epoch).toBe(8);
    expect(run.diverged?.objectiveRise).toBeDefined();
  });

  it('rewinds to the last good epoch and converges from there with a smaller rate', () => {
    const run = stepper(0.1);
    run.runBatches(Number.POSITIVE_INFINITY);
    run.rewindToLastEpoch([0, 0, 0]);
    expect(run.diverged).toBeNull();
    expect(run.epoch).toBe(7);
    expect(Array.from(run.model.weights)).toEqual(run.history[6]!.weights);
    run.setHyperparameters({ learningRate: 0.02 });
    run.runBatches(Number.POSITIVE_INFINITY);
    expect(run.diverged).toBeNull();
    expect(run.epoch).toBe(50);
    expect(run.history.at(-1)!.testAccuracy).toBe(1);
  });
});
