import { describe, expect, it } from 'vitest';
import { fastestPerBatchSize, type ReachTarget } from './criticalBatch.ts';
import { evaluate } from './metrics.ts';
import { bracketsToRefine, refineFirstReach, refineFirstReaches } from './reachRefinement.ts';
import {
  buildCellRun,
  runSweepCell,
  sweepCells,
  type SweepCell,
  type SweepResult,
  type SweepSpec,
} from './sweep.ts';
import type { UpdateTrace } from './updateTrace.ts';

/** Small learning rates on noisy data: the targets are reached after 80 to 120 updates, beyond 40. */
const spec: SweepSpec = {
  base: {
    dataset: { kind: 'overlapping', points: 200, noise: 0.3, trainFraction: 0.7, seed: 1 },
    customPoints: null,
    model: { kind: 'linear', features: [] },
    objective: 'logistic',
    l2: 0.01,
    hyperparameters: { learningRate: 0.1, annealingRate: 1, batchSize: 10, epochs: 30 },
  },
  learningRates: [0.001, 0.003, 0.01],
  batchSizes: [1, 4, 20],
  annealingRates: [1],
};
const cells = sweepCells(spec);
const results = cells.map((cell) => runSweepCell(spec, cell));
const trainCount = 140;

/** The first update at which a direct replay of `cell`, evaluated after every update from the start, meets `target`. */
function directFirstReach(cell: SweepCell, target: ReachTarget): number | null {
  const { stepper } = buildCellRun(spec, cell);
  for (let update = 0; ; update++) {
    const { objective, accuracy } = evaluate(
      stepper.model,
      stepper.data.train,
      stepper.objective,
      undefined,
      0.01,
    );
    const met =
      target.kind === 'objective' ? objective / trainCount <= target.value : accuracy >= target.value;
    if (met) return update;
    if (stepper.runBatches(1) !== 1) return null;
  }
}

const targets: ReachTarget[] = [
  { kind: 'objective', value: 0.45 },
  { kind: 'objective', value: 0.42 },
];

describe('S refined by replay', () => {
  it.each(targets)(
    'equals a direct replay’s first reach, evaluated every update ($kind ≤ $value)',
    (target) => {
      const brackets = bracketsToRefine(cells, results, target);
      // The trace alone leaves some of these first reaches uncertain by more than one update.
      expect(brackets.some((bracket) => bracket.steps - bracket.before > 1)).toBe(true);
      for (const refined of refineFirstReaches(spec, target, brackets)) {
        expect(refined.steps).toBe(directFirstReach(cells[refined.cellIndex] as SweepCell, target));
      }
    },
  );

  it('equals a direct replay’s first reach for an accuracy target too', () => {
    const target: ReachTarget = { kind: 'accuracy', value: 0.9 };
    const brackets = bracketsToRefine(cells, results, target);
    expect(brackets.length).toBeGreaterThan(0);
    for (const refined of refineFirstReaches(spec, target, brackets)) {
      expect(refined.steps).toBe(directFirstReach(cells[refined.cellIndex] as SweepCell, target));
    }
  });

  it.each(targets)('picks each batch size’s fastest cell, with its exact S ($kind ≤ $value)', (target) => {
    const refined = refineFirstReaches(spec, target, bracketsToRefine(cells, results, target));
    const exact = new Map(refined.map((reach) => [reach.cellIndex, reach.steps]));
    const found = fastestPerBatchSize(cells, results, target, trainCount, exact);
    // Every cell replayed from its start: the fewest updates per batch size, ties to the earlier cell.
    const expected = spec.batchSizes.map((batchSize) => {
      let best: { cellIndex: number; steps: number } | null = null;
      for (const cell of cells.filter((each) => each.batchSize === batchSize)) {
        const steps = directFirstReach(cell, target);
        if (steps !== null && (best === null || steps < best.steps)) best = { cellIndex: cell.index, steps };
      }
      return best;
    });
    expect(
      found.points.map(({ cellIndex, steps, stepsBefore, exact }) => ({
        cellIndex,
        steps,
        stepsBefore,
        exact,
      })),
    ).toEqual(expected.map((best) => ({ ...best, stepsBefore: (best?.steps ?? 0) - 1, exact: true })));
  });

  it('replays a cell only to the first update in its bracket that meets the target', () => {
    const target: ReachTarget = { kind: 'objective', value: 0.6 };
    const cell = cells[4] as SweepCell;
    const direct = directFirstReach(cell, target) as number;
    expect(direct).toBeGreaterThan(3);
    expect(
      refineFirstReach(spec, cell, target, { cellIndex: 4, before: direct - 3, steps: direct + 5 }),
    ).toBe(direct);
    expect(() =>
      refineFirstReach(spec, cell, target, { cellIndex: 4, before: 0, steps: direct - 1 }),
    ).toThrow(RangeError);
  });
});

describe('the cells to refine', () => {
  function trace(updates: number[], lowestObjective: number[]): UpdateTrace {
    const highestAccuracy = updates.map(() => 0);
    return {
      updatesPerEpoch: 10,
      every: 1,
      relativeGap: 0.05,
      updates,
      lowestObjective,
      highestAccuracy,
      resolution: 1,
    };
  }
  const cell = (index: number, batchSize: number): SweepCell => ({
    index,
    learningRateIndex: index,
    batchSizeIndex: 0,
    annealingRateIndex: 0,
    learningRate: 0.1 * (index + 1),
    batchSize,
    annealingRate: 1,
  });
  const result = (index: number, batchSize: number, updateTrace: UpdateTrace) =>
    ({ index, batchSize, updateTrace }) as unknown as SweepResult;

  it('are those whose bracket starts before the fewest updates of their batch size', () => {
    const grid = [cell(0, 4), cell(1, 4), cell(2, 4), cell(3, 8), cell(4, 8)];
    const target: ReachTarget = { kind: 'objective', value: 0.5 };
    const found = bracketsToRefine(
      grid,
      [
        // Reached in (40, 42]: the fewest of batch size 4.
        result(0, 4, trace([0, 40, 42], [0.7, 0.6, 0.5])),
        // Reached in (38, 44]: might be before 42, so it is replayed too.
        result(1, 4, trace([0, 38, 44], [0.7, 0.6, 0.4])),
        // Reached in (42, 46]: 43 at the earliest, after 42.
        result(2, 4, trace([0, 42, 46], [0.7, 0.6, 0.4])),
        // Never reached; met at the start: neither is replayed.
        result(3, 8, trace([0, 10], [0.7, 0.6])),
        result(4, 8, trace([0, 10], [0.4, 0.3])),
      ],
      target,
    );
    expect(found).toEqual([
      { cellIndex: 0, before: 40, steps: 42 },
      { cellIndex: 1, before: 38, steps: 44 },
    ]);
  });
});
