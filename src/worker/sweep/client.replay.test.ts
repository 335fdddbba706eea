import { describe, expect, it } from 'vitest';
import type { GradientNoise } from '../../core/gradientNoise.ts';
import type { ReachTarget } from '../../core/criticalBatch.ts';
import { evaluate } from '../../core/metrics.ts';
import { bracketsToRefine, type RefinedReach } from '../../core/reachRefinement.ts';
import { buildCellRun, runSweepCell, sweepCells, type SweepCell } from '../../core/sweep.ts';
import { createSweepPool } from './client.ts';
import { fakeSpawner, testSweepSpec as spec } from '../../test/fakeSweepWorker.ts';

describe('sweep pool replays', () => {
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
