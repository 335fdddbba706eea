import { describe, expect, it } from 'vitest';
import { historyToCsv, runToJson } from './exportRun.ts';
import type { EpochRecord } from './runRecords.ts';

const record = (epoch: number): EpochRecord => ({
  epoch,
  objective: 10 / epoch + 1e-13,
  testObjective: 4 / epoch,
  trainAccuracy: 0.9,
  testAccuracy: 0.875,
  learningRate: 0.1 * 0.9 ** (epoch - 1),
  batchSize: 10,
  updates: 14 * epoch,
  weights: [epoch, -epoch, 0.5],
});

describe('run export', () => {
  it('writes one CSV row per epoch that reads back exactly', () => {
    const history = [record(1), record(2), record(3)];
    const lines = historyToCsv(history).trim().split('\n');
    expect(lines[0]).toBe(
      'epoch,objective,test_objective,train_accuracy,test_accuracy,learning_rate,batch_size,updates',
    );
    expect(lines).toHaveLength(4);
    lines.slice(1).forEach((line, k) => {
      const [epoch, objective, , , , rate] = line.split(',').map(Number);
      expect(epoch).toBe(k + 1);
      expect(objective).toBe(history[k]!.objective);
      expect(rate).toBe(history[k]!.learningRate);
    });
  });

  it('writes the whole run as JSON with its configuration, epochs and weights', () => {
    const text = runToJson({
      configuration: { objective: 'logistic', sampling: 'withReplacement' },
      seed: 7,
      history: [record(1)],
      weights: [1, 2, 3],
      parameterLabels: ['w₁', 'w₂', 'b'],
      optimum: null,
    });
    const parsed = JSON.parse(text) as {
      seed: number;
      epochs: EpochRecord[];
      finalWeights: number[];
      configuration: unknown;
    };
    expect(parsed.seed).toBe(7);
    expect(parsed.epochs[0]?.weights).toEqual([1, -1, 0.5]);
    expect(parsed.finalWeights).toEqual([1, 2, 3]);
    expect(parsed.configuration).toEqual({ objective: 'logistic', sampling: 'withReplacement' });
  });
});
