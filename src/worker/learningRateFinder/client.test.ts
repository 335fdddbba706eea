import { describe, expect, it } from 'vitest';
import type { LearningRateFinderResult } from '../../core/learningRateFinder.ts';
import type { SweepBase } from '../../core/sweep.ts';
import { createLearningRateFinder, type FinderWorkerPort } from './client.ts';
import type { FromFinder, ToFinder } from './protocol.ts';

const base: SweepBase = {
  dataset: { kind: 'overlapping', points: 200, noise: 0.3, trainFraction: 0.7, seed: 1 },
  customPoints: null,
  model: { kind: 'linear', features: [] },
  objective: 'squared',
  l2: 0,
  hyperparameters: { learningRate: 0.1, annealingRate: 1, batchSize: 10, epochs: 100 },
};

const result: LearningRateFinderResult = {
  rates: [1e-4, 2e-4],
  losses: [140, 120],
  smoothed: [140, 130],
  stoppedAt: 2e-4,
  stop: 'blewUp',
  suggestion: 1e-4,
  rule: 'a rule',
  batchSize: 10,
};

/** A stand-in for the finder's worker: it keeps the jobs it was sent, and the test answers them. */
class FakeFinderWorker implements FinderWorkerPort {
  onmessage: ((event: MessageEvent<FromFinder>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  readonly jobs: ToFinder[] = [];
  terminated = false;

  postMessage(message: ToFinder): void {
    this.jobs.push(message);
  }
  terminate(): void {
    this.terminated = true;
  }
  deliver(message: FromFinder): void {
    this.onmessage?.(new MessageEvent('message', { data: message }));
  }
  crash(message: string): void {
    this.onerror?.({ message, preventDefault: () => {} } as ErrorEvent);
  }
  lastId(): number {
    const job = this.jobs.at(-1);
    if (job === undefined) throw new Error('no job');
    return job.finderId;
  }
}

function setup() {
  const spawned: FakeFinderWorker[] = [];
  const results: LearningRateFinderResult[] = [];
  const errors: string[] = [];
  const client = createLearningRateFinder(() => {
    const worker = new FakeFinderWorker();
    spawned.push(worker);
    return worker;
  });
  const find = () =>
    client.find(
      base,
      (found) => results.push(found),
      (message) => errors.push(message),
    );
  return { spawned, results, errors, client, find };
}

describe('the learning-rate finder client', () => {
  it('sends the run to its worker and passes the answer on once', () => {
    const { spawned, results, errors, find } = setup();
    find();
    const worker = spawned[0]!;
    expect(worker.jobs).toEqual([{ type: 'findLearningRate', finderId: 1, base }]);
    worker.deliver({ type: 'finderResult', finderId: 1, result });
    worker.deliver({ type: 'finderResult', finderId: 1, result });
    expect(results).toEqual([result]);
    expect(errors).toEqual([]);
    // The idle worker is kept for the next job.
    find();
    expect(spawned).toHaveLength(1);
    expect(worker.lastId()).toBe(2);
  });

  it('cancels by terminating the worker; the cancelled job says nothing and the next gets a fresh worker', () => {
    const { spawned, results, errors, find } = setup();
    const handle = find();
    handle.cancel();
    expect(spawned[0]!.terminated).toBe(true);
    spawned[0]!.deliver({ type: 'finderResult', finderId: 1, result });
    expect(results).toEqual([]);
    find();
    expect(spawned).toHaveLength(2);
    spawned[1]!.deliver({ type: 'finderResult', finderId: 2, result });
    expect(results).toEqual([result]);
    expect(errors).toEqual([]);
  });

  it('a new job replaces a running one, whose late answer is dropped', () => {
    const { spawned, results, find } = setup();
    find();
    find();
    expect(spawned[0]!.terminated).toBe(true);
    spawned[1]!.deliver({ type: 'finderResult', finderId: 1, result });
    expect(results).toEqual([]);
    spawned[1]!.deliver({ type: 'finderResult', finderId: 2, result });
    expect(results).toEqual([result]);
  });

  it('reports the worker’s error message, and a crash, as errors', () => {
    const { spawned, results, errors, find } = setup();
    find();
    spawned[0]!.deliver({ type: 'finderError', finderId: 1, message: 'no training points' });
    expect(errors).toEqual(['no training points']);
    find();
    spawned[0]!.crash('out of memory');
    expect(errors).toEqual(['no training points', 'out of memory']);
    expect(spawned[0]!.terminated).toBe(true);
    find();
    expect(spawned).toHaveLength(2);
    expect(results).toEqual([]);
  });

  it('reports a worker that cannot start after `find` returns, and not after a cancel', async () => {
    const errors: string[] = [];
    const client = createLearningRateFinder(() => {
      throw new Error('workers are blocked');
    });
    client.find(
      base,
      () => {},
      (message) => errors.push(message),
    );
    expect(errors).toEqual([]);
    await Promise.resolve();
    expect(errors).toEqual(["the learning-rate finder's worker could not start: workers are blocked"]);
    client
      .find(
        base,
        () => {},
        (message) => errors.push(message),
      )
      .cancel();
    await Promise.resolve();
    expect(errors).toHaveLength(1);
  });
});
