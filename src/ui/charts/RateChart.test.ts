import { describe, expect, it } from 'vitest';
import type { EpochRecord } from '../../core/runRecords.ts';
import { describeAnnealing, plannedSchedule } from './RateChart.tsx';

/** A thinned history: epoch 1, then every fourth epoch to `last`, the rate falling ×0.999 an epoch from 0.1. */
function thinnedHistory(last: number): EpochRecord[] {
  const epochs = [1, ...Array.from({ length: last / 4 }, (_, k) => 4 * (k + 1))];
  return epochs.map((epoch) => ({
    epoch,
    objective: 10,
    testObjective: 5,
    trainAccuracy: 0.9,
    testAccuracy: 0.8,
    learningRate: 0.1 * 0.999 ** (epoch - 1),
    batchSize: 10,
    updates: epoch * 14,
    weights: [0, 0, 0],
  }));
}

describe('the planned learning rate', () => {
  it('starts at the newest epoch run, not at the length of a thinned history', () => {
    const history = thinnedHistory(2000);
    const nextRate = 0.1 * 0.999 ** 2000;
    const planned = plannedSchedule(history, 3000, nextRate, 0.999);
    expect(planned[0]).toEqual({ x: 2000, y: history.at(-1)?.learningRate });
    expect(planned[1]).toEqual({ x: 2001, y: nextRate });
    expect(planned.at(-1)?.x).toBe(3000);
    expect(plannedSchedule(history, 2000, nextRate, 0.999)).toHaveLength(1);
  });

  it('counts the epochs still to come from the newest epoch run', () => {
    const history = thinnedHistory(2000);
    // 0.1 · 0.999^(e − 1) < 0.001 from e = 4,604 on.
    expect(describeAnnealing(history, 6000, 0.1 * 0.999 ** 2000, 0.999)).toBe(
      '— lr will fall below 1 % of its start at epoch 4,604.',
    );
  });
});
