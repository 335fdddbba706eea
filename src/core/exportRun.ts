import type { EpochRecord } from './runRecords.ts';
import type { SamplingScheme } from './sampling.ts';

/** A run's configuration as exported: whatever the page holds, which always names its sampling scheme. */
export interface ExportedConfiguration {
  readonly sampling: SamplingScheme;
  readonly [part: string]: unknown;
}

/** The per-epoch curves as CSV, one row per epoch, full precision so nothing is lost. */
export function historyToCsv(history: readonly EpochRecord[]): string {
  const header =
    'epoch,objective,test_objective,train_accuracy,test_accuracy,learning_rate,batch_size,updates';
  const rows = history.map((record) =>
    [
      record.epoch,
      record.objective,
      record.testObjective,
      record.trainAccuracy,
      record.testAccuracy,
      record.learningRate,
      record.batchSize,
      record.updates,
    ].join(','),
  );
  return `${[header, ...rows].join('\n')}\n`;
}

/**
 * The whole run as one JSON document: its configuration (the sampling scheme included, since the same seed
 * samples differently under another scheme) and seed, every epoch, and the final weights.
 */
export function runToJson(run: {
  readonly configuration: ExportedConfiguration;
  readonly seed: number;
  readonly history: readonly EpochRecord[];
  readonly weights: readonly number[];
  readonly parameterLabels: readonly string[];
  readonly optimum: unknown;
}): string {
  return JSON.stringify(
    {
      format: 'sgd-lab-run',
      version: 1,
      configuration: run.configuration,
      seed: run.seed,
      epochs: run.history.map((record) => ({ ...record })),
      finalWeights: run.weights,
      parameterLabels: run.parameterLabels,
      optimum: run.optimum,
    },
    null,
    2,
  );
}
