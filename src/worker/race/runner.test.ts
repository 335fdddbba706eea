import { describe, expect, it } from 'vitest';
import type { Race, RaceLane } from '../../core/race.ts';
import type { SweepBase } from '../../core/sweep.ts';
import type { FromRace } from './protocol.ts';
import { PROGRESS_INTERVAL_MILLISECONDS, RACE_SLICE_MILLISECONDS, RaceRunner } from './runner.ts';

const base: SweepBase = {
  dataset: { kind: 'separable', points: 100, noise: 0.3, trainFraction: 0.7, seed: 7 },
  customPoints: null,
  model: { kind: 'linear', features: [] },
  objective: 'logistic',
  l2: 0,
  hyperparameters: { learningRate: 0.1, annealingRate: 1, batchSize: 10, epochs: 2 },
};

/** A race that takes `slices` slices of RACE_SLICE_MILLISECONDS on the fake clock, then finishes. */
function fakeRace(slices: number, clock: { now: number }): Race & { budgets: number[] } {
  const lane: RaceLane = {
    name: 'gd',
    label: 'Full-batch GD',
    batchSize: 70,
    points: [],
    finished: false,
    diverged: false,
    samples: 0,
    wallMs: 0,
  };
  const budgets: number[] = [];
  return {
    lanes: [lane],
    trainCount: 70,
    budgets,
    get finished() {
      return budgets.length >= slices;
    },
    advance(budgetMs) {
      budgets.push(budgetMs);
      clock.now += budgetMs;
    },
  };
}

/** A runner on a fake clock whose slices the test runs by hand, as the worker's MessageChannel would. */
function harness(slices: number) {
  const clock = { now: 0 };
  const posted: FromRace[] = [];
  let requests = 0;
  const races: (Race & { budgets: number[] })[] = [];
  const runner = new RaceRunner({
    post: (message) => posted.push(message),
    requestSlice: () => requests++,
    clock: () => clock.now,
    createRace: (_base, miniBatchSize) => {
      if (miniBatchSize < 1) throw new RangeError('no such batch size');
      const race = fakeRace(slices, clock);
      races.push(race);
      return race;
    },
  });
  /** Runs the requested slices until none is asked for; returns how many ran. */
  const runRequested = () => {
    let ran = 0;
    while (requests > 0) {
      requests--;
      runner.runSlice();
      ran++;
    }
    return ran;
  };
  /** Runs one requested slice. */
  const runOne = () => {
    requests--;
    runner.runSlice();
  };
  return { runner, posted, races, runOne, runRequested, requests: () => requests };
}

const kinds = (posted: readonly FromRace[]) =>
  posted.map((message) =>
    message.type === 'raceProgress' ? `${message.raceId}:${message.finished ? 'end' : 'progress'}` : 'error',
  );

describe('race runner', () => {
  it('posts the start at once, progress every interval, and the end once, one slice per request', () => {
    const { runner, posted, races, runRequested } = harness(12);
    runner.handle({ type: 'startRace', raceId: 3, base, miniBatchSize: 10 });
    expect(kinds(posted)).toEqual(['3:progress']);
    expect(runRequested()).toBe(12);
    // Slices of 10 ms: progress at 50 and 100 ms, then the end at 120 ms.
    expect(RACE_SLICE_MILLISECONDS * 5).toBe(PROGRESS_INTERVAL_MILLISECONDS);
    expect(kinds(posted)).toEqual(['3:progress', '3:progress', '3:progress', '3:end']);
    expect(races[0]?.budgets).toEqual(Array.from({ length: 12 }, () => RACE_SLICE_MILLISECONDS));
    const last = posted.at(-1);
    expect(last?.type === 'raceProgress' && last.lanes.map((lane) => lane.name)).toEqual(['gd']);
  });

  it('stops its race at once and ignores a stop for another race', () => {
    const { runner, posted, races, runOne, runRequested } = harness(12);
    runner.handle({ type: 'startRace', raceId: 1, base, miniBatchSize: 10 });
    runner.handle({ type: 'stopRace', raceId: 0 });
    runOne();
    runner.handle({ type: 'stopRace', raceId: 1 });
    // The slice already asked for finds no race and asks for no other.
    expect(runRequested()).toBe(1);
    expect(races[0]?.budgets).toHaveLength(1);
    expect(kinds(posted)).toEqual(['1:progress']);
  });

  it('replaces a race by the next one and asks for one slice at a time', () => {
    const { runner, posted, races, runRequested, requests } = harness(2);
    runner.handle({ type: 'startRace', raceId: 1, base, miniBatchSize: 10 });
    runner.handle({ type: 'startRace', raceId: 2, base, miniBatchSize: 10 });
    expect(requests()).toBe(1);
    expect(runRequested()).toBe(2);
    expect(races.map((race) => race.budgets.length)).toEqual([0, 2]);
    expect(kinds(posted)).toEqual(['1:progress', '2:progress', '2:end']);
  });

  it('answers a race that cannot be built with an error of that race', () => {
    const { runner, posted, requests } = harness(2);
    runner.handle({ type: 'startRace', raceId: 5, base, miniBatchSize: 0 });
    expect(posted).toEqual([{ type: 'raceError', raceId: 5, message: 'no such batch size' }]);
    expect(requests()).toBe(0);
  });
});
