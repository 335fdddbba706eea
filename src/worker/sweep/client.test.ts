import { describe, expect, it } from 'vitest';
import type { GradientNoise } from '../../core/gradientNoise.ts';
import type { ReachTarget } from '../../core/criticalBatch.ts';
import { evaluate } from '../../core/metrics.ts';
import { bracketsToRefine, refineFirstReaches, type RefinedReach } from '../../core/reachRefinement.ts';
import {
  buildCellRun,
  runSweepCell,
  sweepCells,
  type SweepCell,
  type SweepResult,
  type SweepSpec,
} from '../../core/sweep.ts';
import { createSweepPool, type SweepWorkerPort } from './client.ts';
import type { FromSweep, ToSweep } from './protocol.ts';

const spec: SweepSpec = {
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
class FakeSweepWorker implements SweepWorkerPort {
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

function fakeSpawner() {
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
function answerAll(workers: readonly FakeSweepWorker[]): void {
  for (;;) {
    const busy = workers.find((worker) => !worker.terminated && worker.jobs.length > 0);
    if (busy === undefined) return;
    busy.answer();
  }
}

describe('sweep pool', () => {
  it('runs every cell exactly once on its workers, one cell per idle worker, then says done', () => {
    const { spawned, spawn } = fakeSpawner();
    const pool = createSweepPool(3, spawn);
    const results: SweepResult[] = [];
    let done = 0;
    pool.run(
      spec,
      (result) => results.push(result),
      () => done++,
      () => {
        throw new Error('no cell should fail');
      },
    );
    expect(pool.size).toBe(3);
    expect(spawned).toHaveLength(3);
    // One job each: the rest wait in the queue until a worker is free.
    expect(spawned.map((worker) => worker.jobs.length)).toEqual([1, 1, 1]);
    answerAll(spawned);
    expect(results.map((result) => result.index).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(done).toBe(1);
    expect(spawned.some((worker) => worker.terminated)).toBe(false);
  });

  it('reports a failed cell and carries on; a crashed worker is replaced', () => {
    const { spawned, spawn } = fakeSpawner();
    const pool = createSweepPool(2, spawn);
    const results: number[] = [];
    const errors: [number, string][] = [];
    let done = 0;
    pool.run(
      spec,
      (result) => results.push(result.index),
      () => done++,
      (cellIndex, message) => errors.push([cellIndex, message]),
    );
    const [first, second] = spawned as [FakeSweepWorker, FakeSweepWorker];
    const job = first.jobs.shift()!;
    first.deliver({
      type: 'sweepError',
      sweepId: job.sweepId,
      cellIndex: job.cell.index,
      message: 'bad cell',
    });
    const crashed = second.jobs.shift()!;
    second.onerror?.({ message: 'out of memory', preventDefault: () => {} } as ErrorEvent);
    expect(second.terminated).toBe(true);
    expect(spawned).toHaveLength(3);
    answerAll(spawned);
    expect(errors).toEqual([
      [job.cell.index, 'bad cell'],
      [crashed.cell.index, 'out of memory'],
    ]);
    expect(results).toHaveLength(7);
    expect(done).toBe(1);
  });

  it('drops an idle worker that crashes without reporting a cell twice, and tops the pool up later', () => {
    const { spawned, spawn } = fakeSpawner();
    const pool = createSweepPool(2, spawn);
    const errors: number[] = [];
    let done = 0;
    const small: SweepSpec = { ...spec, learningRates: [0.1], batchSizes: [1, 10, 100] };
    pool.run(
      small,
      () => {},
      () => done++,
      (cellIndex) => errors.push(cellIndex),
    );
    const [first, second] = spawned as [FakeSweepWorker, FakeSweepWorker];
    first.answer();
    first.answer();
    // `second` still runs its cell; `first` is idle and crashes.
    first.onerror?.({ message: 'lost', preventDefault: () => {} } as ErrorEvent);
    expect(errors).toEqual([]);
    expect(done).toBe(0);
    second.answer();
    expect(done).toBe(1);
    pool.run(
      small,
      () => {},
      () => done++,
      () => {},
    );
    expect(spawned).toHaveLength(3);
    answerAll(spawned);
    expect(done).toBe(2);
  });

  it('cancel terminates every worker at once and no result arrives afterwards', () => {
    const { spawned, spawn } = fakeSpawner();
    const pool = createSweepPool(3, spawn);
    const results: number[] = [];
    let done = 0;
    const handle = pool.run(
      spec,
      (result) => results.push(result.index),
      () => done++,
      () => {},
    );
    spawned[0]!.answer();
    expect(results).toHaveLength(1);
    // Handlers as they were, to deliver messages that were already on their way at the cancel.
    const late = spawned.map((worker) => ({ worker, handler: worker.onmessage }));
    handle.cancel();
    expect(spawned.every((worker) => worker.terminated)).toBe(true);
    for (const { worker, handler } of late) {
      worker.onmessage = handler;
      worker.answer();
    }
    expect(results).toHaveLength(1);
    expect(done).toBe(0);

    // The next sweep spawns fresh workers.
    pool.run(
      spec,
      (result) => results.push(result.index),
      () => done++,
      () => {},
    );
    expect(spawned).toHaveLength(6);
    answerAll(spawned.slice(3));
    expect(results).toHaveLength(1 + 9);
    expect(done).toBe(1);
  });

  it('a new sweep cancels the one running', () => {
    const { spawned, spawn } = fakeSpawner();
    const pool = createSweepPool(2, spawn);
    const first: number[] = [];
    pool.run(
      spec,
      (result) => first.push(result.index),
      () => {},
      () => {},
    );
    pool.run(
      spec,
      () => {},
      () => {},
      () => {},
    );
    expect(spawned.slice(0, 2).every((worker) => worker.terminated)).toBe(true);
    spawned[0]!.answer();
    expect(first).toHaveLength(0);
  });

  it('reports every cell as failed when no worker can start', () => {
    const pool = createSweepPool(2, () => {
      throw new Error('workers are blocked');
    });
    const errors: number[] = [];
    let done = 0;
    pool.run(
      spec,
      () => {},
      () => done++,
      (cellIndex) => errors.push(cellIndex),
    );
    return Promise.resolve().then(() => {
      expect(errors).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
      expect(done).toBe(1);
    });
  });

  it('replays a cell on a worker of its own for a noise measurement, then ends that worker', () => {
    const { spawned, spawn } = fakeSpawner();
    const pool = createSweepPool(2, spawn);
    const cell = sweepCells(spec)[4]!;
    const measured: GradientNoise[] = [];
    const failed: string[] = [];
    pool.measureNoise(
      spec,
      cell,
      37,
      (noise) => measured.push(noise),
      (message) => failed.push(message),
    );
    expect(spawned).toHaveLength(1);
    const worker = spawned[0]!;
    expect(worker.noiseJobs).toEqual([{ type: 'noiseJob', sweepId: 1, spec, cell, updates: 37 }]);
    const noise = { count: 70, meanGradientNormSquared: 0.5, traceCovariance: 2, noiseScale: 4 };
    worker.deliver({ type: 'noiseResult', sweepId: 1, noise });
    worker.deliver({ type: 'noiseResult', sweepId: 1, noise });
    expect(measured).toEqual([noise]);
    expect(failed).toEqual([]);
    expect(worker.terminated).toBe(true);
  });

  it('drops a noise measurement that a newer one replaced, and reports a failed one', () => {
    const { spawned, spawn } = fakeSpawner();
    const pool = createSweepPool(2, spawn);
    const cell = sweepCells(spec)[0]!;
    const measured: number[] = [];
    const failed: string[] = [];
    const onResult = (noise: GradientNoise) => measured.push(noise.count);
    pool.measureNoise(spec, cell, 10, onResult, (message) => failed.push(message));
    pool.measureNoise(spec, cell, 20, onResult, (message) => failed.push(message));
    const [first, second] = spawned;
    expect(first?.terminated).toBe(true);
    first?.deliver({
      type: 'noiseResult',
      sweepId: 1,
      noise: { count: 1, meanGradientNormSquared: 1, traceCovariance: 1, noiseScale: 1 },
    });
    second?.deliver({ type: 'sweepError', sweepId: 2, cellIndex: 0, message: 'the run ended' });
    expect(measured).toEqual([]);
    expect(failed).toEqual(['the run ended']);
  });

  it('refines first reaches on a worker of its own: S as a replay evaluated every update finds it', () => {
    const { spawned, spawn } = fakeSpawner();
    const pool = createSweepPool(2, spawn);
    const cells = sweepCells(spec);
    const results = cells.map((cell) => runSweepCell(spec, cell));
    const target: ReachTarget = { kind: 'objective', value: 0.3 };
    const brackets = bracketsToRefine(cells, results, target);
    expect(brackets.length).toBeGreaterThan(0);
    const answers: (readonly RefinedReach[])[] = [];
    const failed: string[] = [];
    pool.refineReaches(
      spec,
      target,
      brackets,
      (reaches) => answers.push(reaches),
      (message) => failed.push(message),
    );
    expect(spawned).toHaveLength(1);
    const worker = spawned[0]!;
    expect(worker.refineJobs).toEqual([{ type: 'refineJob', sweepId: 1, spec, target, brackets }]);
    worker.answerRefinement();
    expect(failed).toEqual([]);
    expect(worker.terminated).toBe(true);
    // Each S is where a replay of the cell from its start, evaluated after every update, first meets 0.3.
    const direct = (cell: SweepCell): number => {
      const { stepper } = buildCellRun(spec, cell);
      const perExample = () =>
        evaluate(stepper.model, stepper.data.train, stepper.objective).objective /
        stepper.data.train.y.length;
      let update = 0;
      while (perExample() > 0.3 && stepper.runBatches(1) === 1) update++;
      return update;
    };
    expect(answers).toEqual([
      brackets.map((bracket) => ({
        cellIndex: bracket.cellIndex,
        steps: direct(cells[bracket.cellIndex]!),
      })),
    ]);
  });

  it('drops a refinement that a newer one replaced, and leaves a noise measurement running', () => {
    const { spawned, spawn } = fakeSpawner();
    const pool = createSweepPool(2, spawn);
    const cell = sweepCells(spec)[0]!;
    const target: ReachTarget = { kind: 'accuracy', value: 0.9 };
    const refined: (readonly RefinedReach[])[] = [];
    const failed: string[] = [];
    const measured: number[] = [];
    pool.measureNoise(
      spec,
      cell,
      5,
      (noise) => measured.push(noise.noiseScale ?? 0),
      () => {},
    );
    const bracket = { cellIndex: 0, before: 3, steps: 6 };
    pool.refineReaches(
      spec,
      target,
      [bracket],
      (reaches) => refined.push(reaches),
      (message) => failed.push(message),
    );
    pool.refineReaches(
      spec,
      target,
      [bracket],
      (reaches) => refined.push(reaches),
      (message) => failed.push(message),
    );
    const [noiseWorker, first, second] = spawned;
    expect(noiseWorker?.terminated).toBe(false);
    expect(first?.terminated).toBe(true);
    first?.deliver({ type: 'refineResult', sweepId: 2, reaches: [{ cellIndex: 0, steps: 4 }] });
    expect(refined).toEqual([]);
    second?.deliver({ type: 'refineResult', sweepId: 3, reaches: [{ cellIndex: 0, steps: 5 }] });
    noiseWorker?.deliver({
      type: 'noiseResult',
      sweepId: 1,
      noise: { count: 70, meanGradientNormSquared: 1, traceCovariance: 7, noiseScale: 7 },
    });
    expect(refined).toEqual([[{ cellIndex: 0, steps: 5 }]]);
    expect(measured).toEqual([7]);
    expect(failed).toEqual([]);
  });
});
