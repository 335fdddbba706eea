import { describe, expect, it } from 'vitest';
import {
  epochsToNearLowest,
  runSweepCell,
  sweepCells,
  type SweepCell,
  type SweepResult,
  type SweepSpec,
} from '../core/sweep.ts';
import type { ReachTarget } from '../core/criticalBatch.ts';
import type { GradientNoise } from '../core/gradientNoise.ts';
import { bracketsToRefine, type ReachBracket, type RefinedReach } from '../core/reachRefinement.ts';
import { createFakeTransport } from '../test/fakeTransport.ts';
import type { ExploreServices } from './exploreSlice.ts';
import { createAppStore } from './store.ts';

/** A store whose sweep pool records the specs it is given and lets the test finish cells. */
function setup() {
  const specs: SweepSpec[] = [];
  let finish: (result: SweepResult) => void = () => {};
  const measurements: { cell: SweepCell; updates: number; answer: (noise: GradientNoise) => void }[] = [];
  const refinements: {
    target: ReachTarget;
    brackets: readonly ReachBracket[];
    answer: (reaches: readonly RefinedReach[]) => void;
    fail: (message: string) => void;
    cancelled: boolean;
  }[] = [];
  let finishAll: () => void = () => {};
  const services: ExploreServices = {
    createSweepPool: () => ({
      size: 2,
      dispose: () => {},
      run(spec, onResult, onDone) {
        specs.push(spec);
        finish = onResult;
        finishAll = onDone;
        return { cancel: () => {} };
      },
      refineReaches(_spec, target, brackets, onResult, onError) {
        const job = { target, brackets, answer: onResult, fail: onError, cancelled: false };
        refinements.push(job);
        return { cancel: () => (job.cancelled = true) };
      },
      measureNoise(_spec, cell, updates, onResult) {
        measurements.push({ cell, updates, answer: onResult });
        return { cancel: () => {} };
      },
    }),
    createRaceWorker: () => {
      throw new Error('no race in these tests');
    },
  };
  const store = createAppStore(createFakeTransport().transport, services);
  store.getState().restartRun();
  return {
    store,
    specs,
    measurements,
    refinements,
    finish: (result: SweepResult) => finish(result),
    finishAll: () => finishAll(),
  };
}

describe('the sweep', () => {
  it('spans the learning rates the user chose, log-spaced, in either order', () => {
    const { store, specs } = setup();
    store.getState().setSweepSettings({ learningRateFrom: 0.5, learningRateTo: 0.005, learningRateCount: 3 });
    store.getState().runSweep();
    expect(specs[0]?.learningRates).toEqual([0.005, 0.05, 0.5]);
    expect(store.getState().sweep.learningRates).toEqual([0.005, 0.05, 0.5]);
  });

  it('keeps a range inside the learning rate’s limits, and one column when both ends agree', () => {
    const { store, specs } = setup();
    store.getState().setSweepSettings({ learningRateFrom: 1e-9, learningRateTo: 1e9, learningRateCount: 2 });
    store.getState().runSweep();
    expect(specs[0]?.learningRates).toEqual([1e-4, 10]);
    store.getState().setSweepSettings({ learningRateFrom: 0.1, learningRateTo: 0.1 });
    store.getState().runSweep();
    expect(specs[1]?.learningRates).toEqual([0.1]);
  });

  it('tells the cells of the default sweep on the default data apart by epochs to target', () => {
    const { store, specs, finish } = setup();
    store.getState().runSweep();
    const spec = specs[0] as SweepSpec;
    for (const cell of sweepCells(spec)) finish(runSweepCell(spec, cell));
    const { results } = store.getState().sweep;
    // Learning rates 0.001 to 1 across, batch sizes 1, 4, 16 and 140 down: along a diagonal, where the
    // learning rate per example is alike, the counts are alike; a null never came near.
    const epochs = epochsToNearLowest(results, store.getState().sweepSettings.targetMargin);
    const rows = [0, 4, 8, 12].map((start) => epochs.slice(start, start + 4));
    expect(rows).toEqual([
      [null, 5, 1, 9],
      [null, 24, 2, 1],
      [null, null, 8, 1],
      [null, null, null, 6],
    ]);
  });

  it('loads a cell into the main run and marks it as the loaded one', () => {
    const { store, finish } = setup();
    store.getState().setSweepSettings({ learningRateFrom: 0.01, learningRateTo: 1, learningRateCount: 3 });
    store.getState().runSweep();
    expect(store.getState().sweep.loadedIndex).toBeNull();
    const cell = store.getState().sweep.cells[4];
    finish({
      index: 4,
      batchSize: cell?.batchSize ?? 1,
      finalTestAccuracy: 0.9,
      finalTrainAccuracy: 0.9,
      finalObjective: 20,
      lowestObjective: { epochs: [1, 100], lowest: [40, 20] },
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
      epochsRun: 100,
      stopped: false,
      milliseconds: 5,
    });
    store.getState().loadSweepCell(4);
    expect(store.getState().sweep.loadedIndex).toBe(4);
    expect(store.getState().config.hyperparameters).toMatchObject({
      learningRate: cell?.learningRate,
      batchSize: cell?.batchSize,
    });
    store.getState().runSweep();
    expect(store.getState().sweep.loadedIndex).toBeNull();
  });
});

describe('B_simple of a sweep cell', () => {
  const noise = (noiseScale: number): GradientNoise => ({
    count: 140,
    meanGradientNormSquared: 1,
    traceCovariance: noiseScale,
    noiseScale,
  });

  it('replays the cell of the sweep that was run, once per cell and update count', () => {
    const { store, specs, measurements } = setup();
    store.getState().runSweep();
    store.getState().measureSweepNoise(2, 50);
    store.getState().measureSweepNoise(2, 50);
    expect(measurements.map(({ cell, updates }) => [cell, updates])).toEqual([
      [store.getState().sweep.cells[2], 50],
    ]);
    expect(store.getState().sweepNoise).toMatchObject({ status: 'measuring', cellIndex: 2, updates: 50 });
    measurements[0]?.answer(noise(12.5));
    expect(store.getState().sweepNoise).toEqual({
      status: 'done',
      cellIndex: 2,
      updates: 50,
      noiseScale: 12.5,
      error: null,
    });
    expect(specs).toHaveLength(1);
  });

  it('drops the answer for a replaced measurement or an older sweep', () => {
    const { store, measurements } = setup();
    store.getState().runSweep();
    store.getState().measureSweepNoise(1, 10);
    store.getState().measureSweepNoise(1, 20);
    measurements[0]?.answer(noise(3));
    expect(store.getState().sweepNoise).toMatchObject({ status: 'measuring', updates: 20 });
    store.getState().runSweep();
    measurements[1]?.answer(noise(4));
    expect(store.getState().sweepNoise.status).toBe('idle');
  });
});

describe('S refined to one update', () => {
  /** A finished 2 × 2 sweep on the default data, the default target's cells refined by the test. */
  function finishedSweep() {
    const context = setup();
    const { store, specs, finish, finishAll } = context;
    store.getState().setSweepSettings({ learningRateFrom: 0.1, learningRateTo: 1, learningRateCount: 2 });
    store.getState().setSweepSettings({ batchSizeCount: 2 });
    store.getState().runSweep();
    const spec = specs[0] as SweepSpec;
    for (const cell of sweepCells(spec)) finish(runSweepCell(spec, cell));
    finishAll();
    return context;
  }
  /** Asks for a refinement as the view does, with the brackets of the sweep in the store. */
  const refine = (store: ReturnType<typeof finishedSweep>['store'], target: ReachTarget) => {
    const { sweep } = store.getState();
    store.getState().refineSweepReach(target, bracketsToRefine(sweep.cells, sweep.results, target));
  };
  const loose: ReachTarget = { kind: 'objective', value: 0.5 };
  const tight: ReachTarget = { kind: 'objective', value: 0.35 };

  it('replays the cells that could be fastest once per target, and keeps the exact S it gets', () => {
    const { store, refinements } = finishedSweep();
    expect(store.getState().sweep.status).toBe('done');
    refine(store, loose);
    refine(store, { ...loose });
    expect(refinements).toHaveLength(1);
    expect(refinements[0]?.brackets.length).toBeGreaterThan(0);
    expect(store.getState().sweepRefinement).toMatchObject({ status: 'refining', target: loose });
    refinements[0]?.answer([{ cellIndex: 1, steps: 3 }]);
    const state = store.getState().sweepRefinement;
    expect(state.status).toBe('done');
    expect([...state.exactSteps]).toEqual([[1, 3]]);
  });

  it('ignores the answer for a target the user has since changed, and cancels its replay', () => {
    const { store, refinements } = finishedSweep();
    refine(store, loose);
    refine(store, tight);
    expect(refinements.map((job) => [job.target, job.cancelled])).toEqual([
      [loose, true],
      [tight, false],
    ]);
    refinements[0]?.answer([{ cellIndex: 0, steps: 99 }]);
    refinements[0]?.fail('stale');
    expect(store.getState().sweepRefinement).toMatchObject({
      status: 'refining',
      target: tight,
      error: null,
    });
    refinements[1]?.answer([{ cellIndex: 2, steps: 7 }]);
    expect([...store.getState().sweepRefinement.exactSteps]).toEqual([[2, 7]]);
  });

  it('ignores an answer that comes after a new sweep started', () => {
    const { store, refinements } = finishedSweep();
    refine(store, loose);
    store.getState().runSweep();
    expect(refinements[0]?.cancelled).toBe(true);
    refinements[0]?.answer([{ cellIndex: 0, steps: 4 }]);
    expect(store.getState().sweepRefinement.status).toBe('idle');
    // A sweep still running has nothing to refine yet.
    refine(store, loose);
    expect(refinements).toHaveLength(1);
  });

  it('says when the replay failed', () => {
    const { store, refinements } = finishedSweep();
    refine(store, loose);
    refinements[0]?.fail('the sweep worker stopped unexpectedly');
    expect(store.getState().sweepRefinement).toMatchObject({
      status: 'failed',
      error: 'the sweep worker stopped unexpectedly',
    });
  });
});
