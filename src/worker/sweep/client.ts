/**
 * The page's side of the sweep workers: a pool that feeds them one grid cell each from a queue. `spawn`
 * makes a real worker by default; tests pass fakes.
 */
import { assertNever, describeError } from '../../core/errors.ts';
import type { ReachTarget } from '../../core/criticalBatch.ts';
import type { GradientNoise } from '../../core/gradientNoise.ts';
import type { ReachBracket, RefinedReach } from '../../core/reachRefinement.ts';
import type { SweepCell, SweepResult, SweepSpec } from '../../core/sweep.ts';
import { sweepCells } from '../../core/sweep.ts';
import type { WorkerPort } from '../port.ts';
import type { FromSweep, ToSweep } from './protocol.ts';

/** A sweep worker as the pool sees it. */
export type SweepWorkerPort = WorkerPort<ToSweep, FromSweep>;

const spawnSweepWorker = (): SweepWorkerPort =>
  new Worker(new URL('./entry.ts', import.meta.url), { type: 'module', name: 'sgd-lab-sweep' });

/** A sweep under way. */
export interface SweepHandle {
  /** Terminates every worker at once; no callback of this sweep is called afterwards. */
  cancel(): void;
}

/** A fixed number of sweep workers fed one cell each from a queue. */
export interface SweepPool {
  /**
   * Runs every cell of `spec` (throws RangeError for a grid beyond the limits). A new run cancels the one
   * before. `onError` is called for a cell that failed; `onDone` once every cell has a result or an error.
   */
  run(
    spec: SweepSpec,
    onResult: (result: SweepResult) => void,
    onDone: () => void,
    onError: (cellIndex: number, message: string) => void,
  ): SweepHandle;
  /**
   * Replays `cell` of `spec` for exactly `updates` updates on a worker of its own and measures the gradient
   * noise there; a new measurement cancels the one before. Exactly one callback runs, unless cancelled.
   */
  measureNoise(
    spec: SweepSpec,
    cell: SweepCell,
    updates: number,
    onResult: (noise: GradientNoise) => void,
    onError: (message: string) => void,
  ): SweepHandle;
  /**
   * Replays the cells of `brackets` on a worker of its own and finds the update at which each first met
   * `target`; a new refinement cancels the one before. Exactly one callback runs, unless cancelled.
   */
  refineReaches(
    spec: SweepSpec,
    target: ReachTarget,
    brackets: readonly ReachBracket[],
    onResult: (reaches: readonly RefinedReach[]) => void,
    onError: (message: string) => void,
  ): SweepHandle;
  /** Workers running at most at once. */
  readonly size: number;
  /** Terminates the workers (the pool spawns new ones if run again). */
  dispose(): void;
}

/** The jobs that run on a worker of their own, one of each kind at a time. */
type AloneKind = 'noise' | 'refinement';

/** One worker fewer than the cores, so the page and the training worker keep one. */
function defaultPoolSize(): number {
  const cores = typeof navigator === 'undefined' ? 2 : navigator.hardwareConcurrency || 2;
  return Math.max(1, cores - 1);
}

/** Creates a pool of sweep workers; workers are spawned when a sweep needs them and kept for the next. */
export function createSweepPool(
  size: number = defaultPoolSize(),
  spawn: () => SweepWorkerPort = spawnSweepWorker,
): SweepPool {
  const poolSize = Math.max(1, Math.floor(size));
  let workers: SweepWorkerPort[] = [];
  let nextSweepId = 1;
  let cancelCurrent: (() => void) | null = null;
  // The job of each kind that runs on a worker of its own: a new one of a kind cancels the one before.
  const cancelAlone: Record<AloneKind, (() => void) | null> = { noise: null, refinement: null };

  const terminateAll = (): void => {
    for (const worker of workers) {
      worker.onmessage = null;
      worker.onerror = null;
      worker.terminate();
    }
    workers = [];
  };

  /**
   * Sends one job of `kind` to a worker of its own, ended after its one answer: `onAnswer` gets that answer
   * unless it is an error, which goes to `onError` (as does a crash or a worker that cannot start).
   */
  const runAlone = (
    kind: AloneKind,
    job: (sweepId: number) => ToSweep,
    onAnswer: (message: Exclude<FromSweep, { type: 'sweepError' }>) => void,
    onError: (message: string) => void,
  ): SweepHandle => {
    cancelAlone[kind]?.();
    const sweepId = nextSweepId++;
    let ended = false;
    let worker: SweepWorkerPort | null = null;
    const end = (): void => {
      ended = true;
      if (cancelAlone[kind] === end) cancelAlone[kind] = null;
      if (worker !== null) {
        worker.onmessage = null;
        worker.onerror = null;
        worker.terminate();
      }
    };
    cancelAlone[kind] = end;
    try {
      worker = spawn();
    } catch (error) {
      const reason = describeError(error);
      queueMicrotask(() => {
        if (ended) return;
        end();
        onError(`the sweep worker could not start: ${reason}`);
      });
      return { cancel: end };
    }
    worker.onmessage = (event) => {
      const message = event.data;
      if (ended || message.sweepId !== sweepId) return;
      end();
      if (message.type === 'sweepError') onError(message.message);
      else onAnswer(message);
    };
    worker.onerror = (event) => {
      event.preventDefault();
      if (ended) return;
      end();
      onError(event.message || 'the sweep worker stopped unexpectedly');
    };
    worker.postMessage(job(sweepId));
    return { cancel: end };
  };

  return {
    size: poolSize,
    dispose() {
      cancelCurrent?.();
      cancelAlone.noise?.();
      cancelAlone.refinement?.();
      terminateAll();
    },
    measureNoise(spec, cell, updates, onResult, onError) {
      return runAlone(
        'noise',
        (sweepId) => ({ type: 'noiseJob', sweepId, spec, cell, updates }),
        (message) => {
          if (message.type === 'noiseResult') onResult(message.noise);
          else onError('the sweep worker answered with another job’s result');
        },
        onError,
      );
    },
    refineReaches(spec, target, brackets, onResult, onError) {
      return runAlone(
        'refinement',
        (sweepId) => ({ type: 'refineJob', sweepId, spec, target, brackets }),
        (message) => {
          if (message.type === 'refineResult') onResult(message.reaches);
          else onError('the sweep worker answered with another job’s result');
        },
        onError,
      );
    },
    run(spec, onResult, onDone, onError) {
      const cells = sweepCells(spec);
      cancelCurrent?.();
      const sweepId = nextSweepId++;
      // Set once every cell has settled or the sweep was cancelled: no callback of this sweep runs after it.
      let ended = false;
      let nextCell = 0;
      let settled = 0;

      const settle = (): void => {
        settled++;
        if (settled === cells.length && !ended) {
          ended = true;
          cancelCurrent = null;
          onDone();
        }
      };

      let spawnError = '';
      const startWorker = (): SweepWorkerPort | null => {
        try {
          return spawn();
        } catch (error) {
          spawnError = describeError(error);
          return null;
        }
      };

      // With no worker left to run them, the cells still queued are each reported once, then the sweep ends.
      const failQueueIfNoWorkers = (): void => {
        if (workers.length > 0 || ended) return;
        const remaining = cells.slice(nextCell);
        nextCell = cells.length;
        for (const cell of remaining) {
          if (ended) return;
          onError(cell.index, `the sweep worker could not start: ${spawnError}`);
          settle();
        }
      };

      // Gives `worker` the next cell, or leaves it idle when the queue is empty.
      const feed = (worker: SweepWorkerPort): void => {
        const cell = cells[nextCell];
        if (ended || cell === undefined) return;
        nextCell++;
        // Whether this cell has its answer: the worker's handlers outlive the cell while it sits idle.
        let answered = false;
        worker.onmessage = (event) => {
          const message = event.data;
          if (ended || answered || message.sweepId !== sweepId) return;
          answered = true;
          switch (message.type) {
            case 'sweepResult':
              onResult(message.result);
              break;
            case 'sweepError':
              onError(message.cellIndex, message.message);
              break;
            case 'noiseResult':
            case 'refineResult':
              onError(cell.index, 'the sweep worker answered with another job’s result');
              break;
            default:
              assertNever(message);
          }
          settle();
          feed(worker);
        };
        worker.onerror = (event) => {
          event.preventDefault();
          worker.onmessage = null;
          worker.onerror = null;
          worker.terminate();
          if (ended || answered) {
            // An idle worker that crashed is dropped; the next sweep tops the pool up again.
            workers = workers.filter((each) => each !== worker);
            return;
          }
          answered = true;
          // A crashed worker is replaced; its cell counts as failed rather than being retried forever.
          const replacement = startWorker();
          workers = workers.flatMap((each) => (each !== worker ? [each] : replacement ? [replacement] : []));
          onError(cell.index, event.message || 'the sweep worker stopped unexpectedly');
          settle();
          if (replacement !== null) feed(replacement);
          else failQueueIfNoWorkers();
        };
        worker.postMessage({ type: 'sweepJob', sweepId, spec, cell });
      };

      while (workers.length < Math.min(poolSize, cells.length)) {
        const worker = startWorker();
        if (worker === null) break;
        workers.push(worker);
      }
      // Callbacks never run inside `run`: the caller gets its handle first.
      if (workers.length === 0) queueMicrotask(failQueueIfNoWorkers);
      for (const worker of workers) feed(worker);

      const cancel = (): void => {
        if (ended) return;
        ended = true;
        if (cancelCurrent === cancel) cancelCurrent = null;
        // Terminating is the only way to stop a cell mid-run; the next sweep spawns fresh workers.
        terminateAll();
      };
      cancelCurrent = cancel;
      return { cancel };
    },
  };
}
