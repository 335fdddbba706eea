import type { LearningRateFinderResult } from '../core/learningRateFinder.ts';
import type { SweepBase } from '../core/sweep.ts';
import type { FinderServices } from '../state/finderSlice.ts';

/** A job the fake finder was given, which the test finishes, fails, or sees cancelled. */
export interface FakeFinderJob {
  readonly base: SweepBase;
  cancelled: boolean;
  finish(result: LearningRateFinderResult): void;
  fail(message: string): void;
}

/** Finder services whose client records the jobs it is given and lets a test play the worker's part. */
export function createFakeFinder() {
  const jobs: FakeFinderJob[] = [];
  const services: FinderServices = {
    createLearningRateFinder: () => ({
      dispose: () => {},
      find(base, onResult, onError) {
        const job: FakeFinderJob = {
          base,
          cancelled: false,
          finish: (result) => {
            if (!job.cancelled) onResult(result);
          },
          fail: (message) => {
            if (!job.cancelled) onError(message);
          },
        };
        jobs.push(job);
        return {
          cancel: () => {
            job.cancelled = true;
          },
        };
      },
    }),
  };
  return { services, jobs };
}

/** A finder result of a few batches with a suggestion of 0.035, for tests that need one. */
export const sampleFinderResult: LearningRateFinderResult = {
  rates: [1e-4, 1e-3, 1e-2, 0.1, 0.35, 1, 3],
  losses: [140, 130, 90, 40, 25, 60, 400],
  smoothed: [140, 135, 118, 90, 70, 68, 290],
  stoppedAt: 3,
  stop: 'blewUp',
  suggestion: 0.035,
  rule: 'the learning rate at the lowest point of the smoothed curve, divided by 10',
  batchSize: 10,
};
