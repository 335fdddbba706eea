/**
 * The page's side of the learning-rate finder's worker: one job at a time, cancelled by terminating the
 * worker (the next job spawns a fresh one). `spawn` makes a real worker by default; tests pass fakes.
 */
import { assertNever, describeError } from '../../core/errors.ts';
import type { LearningRateFinderResult } from '../../core/learningRateFinder.ts';
import type { SweepBase } from '../../core/sweep.ts';
import type { WorkerPort } from '../port.ts';
import type { FromFinder, ToFinder } from './protocol.ts';

/** The finder's worker as the page sees it. */
export type FinderWorkerPort = WorkerPort<ToFinder, FromFinder>;

const spawnFinderWorker = (): FinderWorkerPort =>
  new Worker(new URL('./entry.ts', import.meta.url), { type: 'module', name: 'sgd-lab-finder' });

/** A job under way. */
export interface FinderHandle {
  /** Stops the job; none of its callbacks is called afterwards. */
  cancel(): void;
}

/** Runs learning-rate finder jobs in a worker. */
export interface LearningRateFinderClient {
  /**
   * Runs the ramp on `base` in the worker; a new job cancels the one before. Exactly one of `onResult` and
   * `onError` is called, never inside `find`, unless the job is cancelled first.
   */
  find(
    base: SweepBase,
    onResult: (result: LearningRateFinderResult) => void,
    onError: (message: string) => void,
  ): FinderHandle;
  /** Terminates the worker. */
  dispose(): void;
}

/** Creates the finder's client; its worker is spawned by the first job and kept for the next. */
export function createLearningRateFinder(
  spawn: () => FinderWorkerPort = spawnFinderWorker,
): LearningRateFinderClient {
  let worker: FinderWorkerPort | null = null;
  let nextFinderId = 1;
  let cancelCurrent: (() => void) | null = null;

  const terminate = (): void => {
    if (worker === null) return;
    worker.onmessage = null;
    worker.onerror = null;
    worker.terminate();
    worker = null;
  };

  return {
    dispose() {
      cancelCurrent?.();
      terminate();
    },
    find(base, onResult, onError) {
      cancelCurrent?.();
      const finderId = nextFinderId++;
      // Set once the job answered, failed or was cancelled: no callback of this job runs after it.
      let ended = false;
      const end = (): boolean => {
        if (ended) return false;
        ended = true;
        if (cancelCurrent === cancel) cancelCurrent = null;
        return true;
      };
      const cancel = (): void => {
        // Terminating is the only way to stop a ramp mid-run.
        if (end()) terminate();
      };
      cancelCurrent = cancel;

      if (worker === null) {
        try {
          worker = spawn();
        } catch (error) {
          const message = `the learning-rate finder's worker could not start: ${describeError(error)}`;
          // Callbacks never run inside `find`: the caller gets its handle first.
          queueMicrotask(() => {
            if (end()) onError(message);
          });
          return { cancel };
        }
      }
      const current = worker;
      current.onmessage = (event) => {
        const message = event.data;
        if (message.finderId !== finderId || !end()) return;
        switch (message.type) {
          case 'finderResult':
            onResult(message.result);
            break;
          case 'finderError':
            onError(message.message);
            break;
          default:
            assertNever(message);
        }
      };
      current.onerror = (event) => {
        event.preventDefault();
        // A crashed worker is dropped; the next job spawns a fresh one.
        terminate();
        if (end()) onError(event.message || "the learning-rate finder's worker stopped unexpectedly");
      };
      current.postMessage({ type: 'findLearningRate', finderId, base });
      return { cancel };
    },
  };
}
