import { describe, expect, it } from 'vitest';
import type { SweepResult } from '../../core/sweep.ts';
import { shadeSweepCells } from './sweepShading.ts';

function result(changes: Partial<SweepResult>): SweepResult {
  return {
    index: 0,
    batchSize: 10,
    finalTestAccuracy: 0.85,
    finalTrainAccuracy: 0.86,
    finalObjective: 40,
    lowestObjective: { epochs: [1, 2], lowest: [50, 40] },
    updateTrace: {
      updatesPerEpoch: 1,
      every: 1,
      relativeGap: 0.05,
      updates: [0, 1],
      lowestObjective: [0.7, 0.5],
      highestAccuracy: [0, 0.9],
      resolution: 1,
    },
    startSharpness: 0.25,
    diverged: false,
    divergedAtEpoch: null,
    epochsRun: 100,
    stopped: false,
    milliseconds: 12,
    ...changes,
  };
}

describe('shadeSweepCells', () => {
  it('spreads the shades over the sweep’s own range, so close accuracies look different', () => {
    const views = shadeSweepCells(
      [
        result({ finalTestAccuracy: 0.85 }),
        result({ finalTestAccuracy: 0.88 }),
        result({ finalTestAccuracy: 0.865 }),
        null,
      ],
      'testAccuracy',
      0.1,
    );
    expect(views.map((view) => view.goodness)).toEqual([0, 1, 0.5, null]);
    expect(views.map((view) => view.text)).toEqual(['85.0 %', '88.0 %', '86.5 %', '…']);
  });

  it('counts fewer epochs and a lower objective as better, and a cell without a score as worst', () => {
    // The lowest objective is 20, so the target (within 10 %) is 22.
    const epochs = shadeSweepCells(
      [
        result({ lowestObjective: { epochs: [1, 2, 3], lowest: [30, 21, 20] } }),
        result({ lowestObjective: { epochs: [5, 10], lowest: [25, 22] } }),
        result({ lowestObjective: { epochs: [1, 2], lowest: [30, 23] } }),
      ],
      'epochsToTarget',
      0.1,
    );
    expect(epochs.map((view) => [view.text, view.goodness])).toEqual([
      ['2', 1],
      ['10', 0],
      ['never', 0],
    ]);
    const objective = shadeSweepCells(
      [result({ finalObjective: 10 }), result({ finalObjective: 30 }), result({ diverged: true })],
      'objective',
      0.1,
    );
    expect(objective.map((view) => [view.text, view.goodness])).toEqual([
      ['10', 1],
      ['30', 0],
      ['diverged', 0],
    ]);
  });

  it('shades every cell as best when all scores are equal', () => {
    const views = shadeSweepCells([result({}), result({})], 'testAccuracy', 0.1);
    expect(views.map((view) => view.goodness)).toEqual([1, 1]);
  });
});
