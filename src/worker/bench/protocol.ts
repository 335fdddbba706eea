/** The contract between the page's bench client and the bench worker: one job times one stretch. */
import type { DatasetSpec } from '../../core/datasets.ts';
import type { ObjectiveName } from '../../core/objectives.ts';

/** What the bench worker can time: the plain reference loop, or the app's engine without the app around it. */
export type BenchImplementation = 'plain' | 'engine';

/** Train the linear model on a dataset for a while and report the pace. */
export interface BenchRequest {
  readonly implementation: BenchImplementation;
  readonly dataset: DatasetSpec;
  readonly objective: ObjectiveName;
  readonly batchSize: number;
  readonly learningRate: number;
  readonly annealingRate: number;
  readonly seconds: number;
}

/** The pace of one timed stretch. */
export interface BenchResult {
  readonly implementation: BenchImplementation;
  readonly samples: number;
  readonly epochs: number;
  readonly seconds: number;
  readonly samplesPerSecond: number;
}

/** Messages from the page to the bench worker. */
export type ToBench = { readonly type: 'benchJob'; readonly request: BenchRequest };

/** Messages from the bench worker to the page. */
export type FromBench =
  | { readonly type: 'benchResult'; readonly result: BenchResult }
  | { readonly type: 'benchError'; readonly message: string };
