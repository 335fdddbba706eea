import { describe, expect, it } from 'vitest';
import { countTrainingPoints, generateDataset } from './datasets.ts';
import { createModel } from './models.ts';
import { objectives } from './objectives.ts';
import { createShuffler, deriveSeed } from './random.ts';
import type { EpochRecord } from './runRecords.ts';
import { SgdStepper } from './sgd.ts';
import {
  describeSweepEta,
  logSpace,
  epochsToNearLowest,
  MAX_TRACE_POINTS,
  runSweepCell,
  sweepCells,
  traceLowest,
  type SweepBase,
  type SweepCell,
  type SweepResult,
  type SweepSpec,
} from './sweep.ts';

const base: SweepBase = {
  dataset: { kind: 'overlapping', points: 300, noise: 0.3, trainFraction: 0.7, seed: 11 },
  customPoints: null,
  model: { kind: 'linear', features: [] },
  objective: 'logistic',
  l2: 0.01,
  hyperparameters: { learningRate: 0.1, annealingRate: 1, batchSize: 10, epochs: 15 },
};

function specOf(changes: Partial<SweepSpec> = {}): SweepSpec {
  return {
    base,
    learningRates: [0.01, 0.1, 1],
    batchSizes: [1, 16],
    annealingRates: [1],
    ...changes,
  };
}

function cellOf(spec: SweepSpec, learningRate: number, batchSize: number, annealingRate = 1): SweepCell {
  const cell = sweepCells(spec).find(
    (each) =>
      each.learningRate === learningRate &&
      each.batchSize === batchSize &&
      each.annealingRate === annealingRate,
  );
  if (cell === undefined) throw new Error('no such cell');
  return cell;
}

/** The live run, built the way the training session builds it. */
function liveHistory(runBase: SweepBase, learningRate: number, batchSize: number, annealingRate: number) {
  const seed = runBase.dataset.seed;
  const stepper = new SgdStepper(
    createModel(runBase.model, deriveSeed(seed, 'model')),
    generateDataset(runBase.dataset),
    objectives[runBase.objective],
    { learningRate, batchSize, annealingRate, epochs: runBase.hyperparameters.epochs },
    createShuffler(deriveSeed(seed, 'shuffle')),
    { l2: runBase.l2 },
  );
  while (stepper.stepEpoch() !== null);
  return stepper;
}

describe('sweep cells', () => {
  it('enumerate the grid once per combination, learning rates innermost', () => {
    const spec = specOf({ annealingRates: [1, 0.9] });
    const cells = sweepCells(spec);
    expect(cells).toHaveLength(3 * 2 * 2);
    expect(cells.map((cell) => cell.index)).toEqual(cells.map((_, k) => k));
    const keys = new Set(cells.map((cell) => `${cell.learningRate}/${cell.batchSize}/${cell.annealingRate}`));
    expect(keys.size).toBe(12);
    expect(cells[1]).toMatchObject({
      learningRate: 0.1,
      batchSize: 1,
      annealingRate: 1,
      learningRateIndex: 1,
    });
    expect(cells[3]).toMatchObject({ learningRate: 0.01, batchSize: 16, batchSizeIndex: 1 });
    expect(cells[6]).toMatchObject({ annealingRate: 0.9, annealingRateIndex: 1, batchSizeIndex: 0 });
  });

  it('refuse grids beyond 8 × 8 × 4 and invalid values', () => {
    const nine = Array.from({ length: 9 }, (_, k) => k + 1);
    expect(
      sweepCells(specOf({ learningRates: nine.slice(0, 8), batchSizes: nine.slice(0, 8) })),
    ).toHaveLength(64);
    expect(() => sweepCells(specOf({ learningRates: nine }))).toThrow(RangeError);
    expect(() => sweepCells(specOf({ batchSizes: nine }))).toThrow(RangeError);
    expect(() => sweepCells(specOf({ annealingRates: [1, 0.9, 0.8, 0.7, 0.6] }))).toThrow(RangeError);
    expect(() => sweepCells(specOf({ learningRates: [] }))).toThrow(RangeError);
    expect(() => sweepCells(specOf({ learningRates: [Number.NaN] }))).toThrow(RangeError);
    expect(() => sweepCells(specOf({ batchSizes: [2.5] }))).toThrow(RangeError);
  });
});

describe('a sweep cell', () => {
  it('equals the live run with its settings, number for number', () => {
    const spec = specOf({ annealingRates: [0.95] });
    for (const [learningRate, batchSize] of [
      [0.1, 16],
      [0.01, 1],
    ] as const) {
      const result = runSweepCell(spec, cellOf(spec, learningRate, batchSize, 0.95));
      const live = liveHistory(base, learningRate, batchSize, 0.95);
      const last = live.history.at(-1) as EpochRecord;
      expect(result.finalTestAccuracy).toBe(last.testAccuracy);
      expect(result.finalTrainAccuracy).toBe(last.trainAccuracy);
      expect(result.finalObjective).toBe(last.objective);
      expect(result.epochsRun).toBe(15);
      expect(result).toMatchObject({ diverged: false, divergedAtEpoch: null, stopped: false, batchSize });
    }
  });

  it('equals the live run for a network too (the same model seed)', () => {
    const networkBase: SweepBase = {
      ...base,
      model: { kind: 'network', hiddenLayers: [4], activation: 'tanh' },
      hyperparameters: { ...base.hyperparameters, epochs: 5 },
    };
    const spec = specOf({ base: networkBase });
    const result = runSweepCell(spec, cellOf(spec, 0.1, 16));
    const last = liveHistory(networkBase, 0.1, 16, 1).history.at(-1) as EpochRecord;
    expect(result.finalObjective).toBe(last.objective);
    expect(result.finalTestAccuracy).toBe(last.testAccuracy);
  });

  it('traces the lowest training objective so far, epoch by epoch', () => {
    const spec = specOf();
    const result = runSweepCell(spec, cellOf(spec, 1, 1));
    const history = liveHistory(base, 1, 1, 1).history;
    expect(result.lowestObjective.epochs).toEqual(history.map((record) => record.epoch));
    let lowest = Number.POSITIVE_INFINITY;
    const expected = history.map((record) => (lowest = Math.min(lowest, record.objective)));
    expect(result.lowestObjective.lowest).toEqual(expected);
  });

  it('reports divergence of a too-large rate on the squared objective, with no NaN', () => {
    const spec = specOf({ base: { ...base, objective: 'squared', l2: 0 }, learningRates: [50] });
    const result = runSweepCell(spec, cellOf(spec, 50, 1));
    expect(result.diverged).toBe(true);
    expect(result.divergedAtEpoch).toBe(1);
    expect(result.epochsRun).toBe(0);
    expect(result.finalObjective).toBeNull();
    for (const value of Object.values(result)) {
      if (typeof value === 'number') expect(Number.isFinite(value)).toBe(true);
    }
  });

  it('clamps a batch size beyond the training count and reports the size used', () => {
    const spec = specOf({ batchSizes: [100_000] });
    const result = runSweepCell(spec, cellOf(spec, 0.1, 100_000));
    expect(result.batchSize).toBe(countTrainingPoints(300, 0.7));
  });

  it('stops between chunks when asked to', () => {
    const spec = specOf({ base: { ...base, dataset: { ...base.dataset, points: 3000 } } });
    let calls = 0;
    const result = runSweepCell(spec, cellOf(spec, 0.1, 1), () => ++calls > 2);
    expect(result.stopped).toBe(true);
    expect(result.epochsRun).toBeGreaterThan(0);
    expect(result.epochsRun).toBeLessThan(15);
  });

  it('measures its time with the clock it is given', () => {
    let now = 100;
    const spec = specOf();
    const result = runSweepCell(spec, cellOf(spec, 0.1, 16), undefined, () => (now += 5));
    expect(result.milliseconds).toBe(5);
  });
});

describe('traceLowest', () => {
  it('keeps the lowest objective so far, every epoch up to MAX_TRACE_POINTS and evenly beyond', () => {
    const history = [5, 3, 4, 2, 2.5].map((objective, index) => ({ epoch: index + 1, objective }));
    expect(traceLowest(history)).toEqual({ epochs: [1, 2, 3, 4, 5], lowest: [5, 3, 3, 2, 2] });
    const long = Array.from({ length: 2 * MAX_TRACE_POINTS + 1 }, (_, index) => ({
      epoch: index + 1,
      objective: 1 / (index + 1),
    }));
    const trace = traceLowest(long);
    expect(trace.epochs).toHaveLength(MAX_TRACE_POINTS);
    expect([trace.epochs[0], trace.epochs[1], trace.epochs.at(-1)]).toEqual([1, 3, 2 * MAX_TRACE_POINTS + 1]);
    expect(trace.lowest[1]).toBe(1 / 3);
  });
});

describe('epochsToNearLowest', () => {
  const traced = (epochs: number[], lowest: number[]) =>
    ({ lowestObjective: { epochs, lowest } }) as unknown as SweepResult;

  it('counts the epochs each cell needs to come within the margin of the sweep’s lowest objective', () => {
    const results = [
      traced([1, 2, 3], [30, 21, 20]),
      traced([10, 20], [25, 22]),
      traced([1, 2], [30, 23]),
      null,
      traced([], []),
    ];
    // Lowest 20, target 22 within 10 %; 21 within 5 %.
    expect(epochsToNearLowest(results, 0.1)).toEqual([2, 20, null, null, null]);
    expect(epochsToNearLowest(results, 0.05)).toEqual([2, null, null, null, null]);
    expect(epochsToNearLowest([null, traced([], [])], 0.1)).toEqual([null, null]);
  });
});

describe('logSpace', () => {
  it('runs from min to max on a log scale, two significant digits', () => {
    expect(logSpace(0.001, 1, 4)).toEqual([0.001, 0.01, 0.1, 1]);
    const values = logSpace(0.003, 3, 7);
    expect(values[0]).toBe(0.003);
    expect(values.at(-1)).toBe(3);
    for (const value of values) expect(Number(value.toPrecision(2))).toBe(value);
    for (let k = 1; k < values.length; k++) expect(values[k]).toBeGreaterThan(values[k - 1] as number);
    expect(logSpace(0.0123, 5, 1)).toEqual([0.012]);
    expect(() => logSpace(0, 1, 3)).toThrow(RangeError);
  });
});

describe('describeSweepEta', () => {
  it('extrapolates the pace so far into words', () => {
    expect(describeSweepEta(4, 16, 4000)).toBe('about 12 s left');
    expect(describeSweepEta(1, 64, 6000)).toBe('about 6 min left');
    expect(describeSweepEta(15, 16, 300)).toBe('less than a second left');
    expect(describeSweepEta(0, 16, 0)).toBe('estimating the time left…');
    expect(describeSweepEta(16, 16, 9000)).toBe('done');
  });
});
