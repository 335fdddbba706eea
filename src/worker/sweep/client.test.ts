import { describe, expect, it } from 'vitest';
import type { SweepResult, SweepSpec } from '../../core/sweep.ts';
import { createSweepPool } from './client.ts';
import {
  answerAll,
  fakeSpawner,
  FakeSweepWorker,
  testSweepSpec as spec,
} from '../../test/fakeSweepWorker.ts';

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
});
