/**
 * Test support for the sweep pool's tests: a fake worker that keeps the jobs it is sent and answers them as
 * the worker's entry would, a spawner that keeps every fake it made, and a small grid.
 */
import { refineFirstReaches } from '../core/reachRefinement.ts';
import type { SweepResult, SweepSpec } from '../core/sweep.ts';
import type { SweepWorkerPort } from '../worker/sweep/client.ts';
import type { FromSweep, ToSweep } from '../worker/sweep/protocol.ts';

/** A 3 × 3 grid on 70 training points, three epochs a cell. */
export const testSweepSpec: SweepSpec = {
  base: {
    dataset: { kind: 'separable', points: 100, noise: 0.3, trainFraction: 0.7, seed: 1 },
    customPoints: null,
    model: { kind: 'linear', features: [] },
    objective: 'logistic',
    l2: 0,
    hyperparameters: { learningRate: 0.1, annealingRate: 1, batchSize: 10, epochs: 3 },
  },
  learningRates: [0.01, 0.1, 1],
  batchSizes: [1, 10, 100],
  annealingRates: [1],
};

/** A stand-in for a sweep worker: it keeps the jobs it was sent, and the test answers them. */
export class FakeSweepWorker implements SweepWorkerPort {
  onmessage: ((event: MessageEvent<FromSweep>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  readonly jobs: Extract<ToSweep, { type: 'sweepJob' }>[] = [];
  readonly noiseJobs: Extract<ToSweep, { type: 'noiseJob' }>[] = [];
  readonly refineJobs: Extract<ToSweep, { type: 'refineJob' }>[] = [];
  terminated = false;

  postMessage(message: ToSweep): void {
    if (message.type === 'sweepJob') this.jobs.push(message);
    else if (message.type === 'noiseJob') this.noiseJobs.push(message);
    else this.refineJobs.push(message);
  }
  /** Answers the refinement job as the worker's entry does, with the core's replay. */
  answerRefinement(): void {
    const job = this.refineJobs.shift();
    if (job === undefined) throw new Error('no refinement to answer');
    const reaches = refineFirstReaches(job.spec, job.target, job.brackets);
    this.deliver({ type: 'refineResult', sweepId: job.sweepId, reaches });
  }
  terminate(): void {
    this.terminated = true;
  }
  /** Answers the oldest unanswered job as a worker would. */
  answer(): void {
    const job = this.jobs.shift();
    if (job === undefined) throw new Error('no job to answer');
    const result: SweepResult = {
      index: job.cell.index,
      batchSize: job.cell.batchSize,
      finalTestAccuracy: 1,
      finalTrainAccuracy: 1,
      finalObjective: 0,
      lowestObjective: { epochs: [1, 2, 3], lowest: [0.5, 0.1, 0] },
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
      epochsRun: 3,
      stopped: false,
      milliseconds: 1,
    };
    this.deliver({ type: 'sweepResult', sweepId: job.sweepId, result });
  }

  deliver(message: FromSweep): void {
    this.onmessage?.(new MessageEvent('message', { data: message }));
  }
}

/** Spawns fake workers and keeps them, oldest first. */
export function fakeSpawner() {
  const spawned: FakeSweepWorker[] = [];
  return {
    spawned,
    spawn: () => {
      const worker = new FakeSweepWorker();
      spawned.push(worker);
      return worker;
    },
  };
}

/** Answers jobs, one busy worker at a time, until none is left. */
export function answerAll(workers: readonly FakeSweepWorker[]): void {
  for (;;) {
    const busy = workers.find((worker) => !worker.terminated && worker.jobs.length > 0);
    if (busy === undefined) return;
    busy.answer();
  }
}
