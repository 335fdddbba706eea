/**
 * The contract between the page and the learning-rate finder's worker: one job is one ramp. Both sides
 * `import type` from here; `finderId` lets the page drop the answer of a cancelled or replaced job.
 */
import type { LearningRateFinderResult } from '../../core/learningRateFinder.ts';
import type { SweepBase } from '../../core/sweep.ts';

/** Messages from the page to the finder's worker. */
export type ToFinder = {
  readonly type: 'findLearningRate';
  readonly finderId: number;
  /** The run to ramp: the current data, model, objective, L2 and batch size (the fast engine always). */
  readonly base: SweepBase;
};

/** Messages from the finder's worker to the page. */
export type FromFinder =
  | { readonly type: 'finderResult'; readonly finderId: number; readonly result: LearningRateFinderResult }
  | { readonly type: 'finderError'; readonly finderId: number; readonly message: string };
