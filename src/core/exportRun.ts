import type { EpochRecord } from './runRecords.ts';

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

/** The whole run as one JSON document: its configuration and seed, every epoch, and the final weights. */
export function runToJson(run: {
  readonly configuration: unknown;
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
