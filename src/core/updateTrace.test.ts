import { describe, expect, it } from 'vitest';
import { sharpness } from './curvature.ts';
import { gradientNoise } from './gradientNoise.ts';
import { evaluate } from './metrics.ts';
import { buildRun } from './run.ts';
import { measureCellNoise, runSweepCell, sweepCells, type SweepBase, type SweepSpec } from './sweep.ts';
import { nextTraceGap, traceInterval, UpdateTracer } from './updateTrace.ts';

const base: SweepBase = {
  dataset: { kind: 'overlapping', points: 200, noise: 0.3, trainFraction: 0.7, seed: 1 },
  customPoints: null,
  model: { kind: 'linear', features: [] },
  objective: 'logistic',
  l2: 0.01,
  hyperparameters: { learningRate: 0.1, annealingRate: 1, batchSize: 10, epochs: 30 },
};

function spec(learningRate: number, batchSize: number): SweepSpec {
  return { base, learningRates: [learningRate], batchSizes: [batchSize], annealingRates: [1] };
}

describe('the trace interval', () => {
  it('is a tenth of an epoch or finer, every update when an epoch has fewer than 10', () => {
    expect(traceInterval(140)).toBe(14);
    expect(traceInterval(35)).toBe(3);
    expect(traceInterval(9)).toBe(1);
    expect(traceInterval(1)).toBe(1);
  });
  it('is 5 % of the updates so far, at least 1: finer than a tenth of an epoch for 2 epochs', () => {
    expect(nextTraceGap(0, 140)).toBe(1);
    expect(nextTraceGap(39, 140)).toBe(1);
    expect(nextTraceGap(40, 140)).toBe(2);
    expect(nextTraceGap(280, 140)).toBe(14);
    expect(nextTraceGap(300, 140)).toBe(15);
    expect(nextTraceGap(1000, 140)).toBe(50);
    expect(nextTraceGap(50, 1)).toBe(2);
  });
  it('is a tenth of an epoch throughout with a relative gap of 0', () => {
    expect(nextTraceGap(0, 140, 0)).toBe(14);
    expect(nextTraceGap(1000, 140, 0)).toBe(14);
    expect(nextTraceGap(1000, 9, 0)).toBe(1);
  });
});

describe('a sweep cell’s update trace', () => {
  for (const [learningRate, batchSize] of [
    [1, 1],
    [0.3, 16],
    [3, 140],
  ] as const) {
    it(`holds the running best objective per example and accuracy of the live run (lr ${learningRate}, B ${batchSize})`, () => {
      const sweepSpec = spec(learningRate, batchSize);
      const [cell] = sweepCells(sweepSpec);
      if (cell === undefined) throw new Error('no cell');
      const trace = runSweepCell(sweepSpec, cell).updateTrace;
      // The live run, stopped at each traced update count and evaluated there.
      const { stepper } = buildRun({
        ...base,
        engine: 'fast',
        hyperparameters: { ...base.hyperparameters, learningRate, batchSize },
      });
      const count = stepper.trainCount;
      const perEpoch = Math.ceil(count / batchSize);
      expect(trace.updatesPerEpoch).toBe(perEpoch);
      expect(trace.updates[0]).toBe(0);
      let lowest = Number.POSITIVE_INFINITY;
      let highest = 0;
      trace.updates.forEach((update, k) => {
        if (k > 0) {
          const previous = trace.updates[k - 1] as number;
          const gap = nextTraceGap(previous, perEpoch);
          // Every gap is the schedule's, but the last, where the run ended.
          if (k < trace.updates.length - 1) expect(update - previous).toBe(gap);
          else expect(update - previous).toBeLessThanOrEqual(gap);
        }
        stepper.runBatches(update - stepper.updates);
        expect(stepper.updates).toBe(update);
        const now = evaluate(stepper.model, stepper.data.train, stepper.objective, undefined, base.l2);
        lowest = Math.min(lowest, now.objective / count);
        highest = Math.max(highest, now.accuracy);
        expect(trace.lowestObjective[k]).toBe(lowest);
        expect(trace.highestAccuracy[k]).toBe(highest);
      });
      expect(trace.updates.at(-1)).toBe(30 * perEpoch);
      // A tenth of an epoch or finer for the first 2 epochs (5 % of 20 tenths): the count to a target there.
      const early = trace.updates.filter((update) => update <= 2 * perEpoch);
      for (let k = 1; k < early.length; k++) {
        expect((early[k] as number) - (early[k - 1] as number)).toBeLessThanOrEqual(
          Math.max(1, perEpoch / 10),
        );
      }
    });
  }

  it('records the sharpness at the starting weights, the same for every cell', () => {
    const sweepSpec: SweepSpec = { ...spec(0.1, 1), learningRates: [0.1, 1], batchSizes: [1, 16] };
    const { stepper } = buildRun({ ...base, engine: 'fast' });
    const expected = sharpness(stepper.model, stepper.data.train, stepper.objective, base.l2);
    if (expected.kind === 'none') throw new Error(expected.reason);
    for (const cell of sweepCells(sweepSpec)) {
      expect(runSweepCell(sweepSpec, cell).startSharpness).toBe(expected.lambdaMax);
    }
    const hinge: SweepSpec = { ...sweepSpec, base: { ...base, objective: 'hinge' } };
    expect(runSweepCell(hinge, sweepCells(hinge)[0]!).startSharpness).toBeNull();
  });
});

describe('UpdateTracer', () => {
  it('thins evenly by update count beyond its cap and reports the widest gap it kept', () => {
    const { stepper } = buildRun({ ...base, engine: 'fast' });
    const tracer = new UpdateTracer(stepper.model, stepper.data.train, stepper.objective, 0, 1, 0, 8);
    for (let update = 0; update <= 20; update++) tracer.record(update);
    tracer.record(20);
    const trace = tracer.trace();
    expect(trace.updates).toEqual([0, 4, 8, 12, 16, 20]);
    expect(trace.resolution).toBe(4);
    // The weights never moved: the best values are those of the start.
    expect(new Set(trace.lowestObjective).size).toBe(1);
    expect(trace.lowestObjective[0]).toBeCloseTo(Math.log(2), 12);
  });
});

describe('measureCellNoise', () => {
  it('measures the gradient noise where the cell’s run stood after exactly that many updates', () => {
    const sweepSpec = spec(0.3, 4);
    const cell = sweepCells(sweepSpec)[0]!;
    const { stepper } = buildRun({
      ...base,
      engine: 'fast',
      hyperparameters: { ...base.hyperparameters, learningRate: 0.3, batchSize: 4 },
    });
    stepper.runBatches(123);
    const expected = gradientNoise(stepper.model, stepper.data.train, stepper.objective, base.l2);
    expect(measureCellNoise(sweepSpec, cell, 123)).toEqual(expected);
    expect(expected.noiseScale).toBeGreaterThan(0);
    expect(() => measureCellNoise(sweepSpec, cell, 10_000)).toThrow(/ended after 1050 updates/);
  });
});
