import { describe, expect, it } from 'vitest';
import { countTrainingPoints } from './datasets.ts';
import { createRace, RACE_CHUNK_SAMPLES, RACE_MAX_POINTS, type RaceLane, type RacePoint } from './race.ts';
import type { SweepBase } from './sweep.ts';

function baseOf(kind: 'separable' | 'overlapping', points: number, epochs: number): SweepBase {
  return {
    dataset: { kind, points, noise: 0.3, trainFraction: 0.7, seed: 7 },
    customPoints: null,
    model: { kind: 'linear', features: [] },
    objective: 'logistic',
    l2: 0,
    hyperparameters: { learningRate: 0.1, annealingRate: 1, batchSize: 32, epochs },
  };
}

/** A clock that moves 1 ms per reading, so `advance` runs a few chunks per call, the same every time. */
function tickingClock(): () => number {
  let now = 0;
  return () => ++now;
}

function laneOf(lanes: readonly RaceLane[], name: RaceLane['name']): RaceLane {
  const lane = lanes.find((each) => each.name === name);
  if (lane === undefined) throw new Error(`no ${name} lane`);
  return lane;
}

function samplesToReach(points: readonly RacePoint[], accuracy: number): number {
  return points.find((point) => point.testAccuracy >= accuracy)?.samples ?? Number.POSITIVE_INFINITY;
}

describe('race', () => {
  for (const kind of ['separable', 'overlapping'] as const) {
    it(`on ${kind} data at N = 20,000, mini-batch gets near its final accuracy on far fewer samples than GD`, () => {
      const race = createRace(baseOf(kind, 20_000, 4), 32);
      const clock = tickingClock();
      while (!race.finished) race.advance(20, clock);
      const gd = laneOf(race.lanes, 'gd');
      const minibatch = laneOf(race.lanes, 'minibatch');
      const final = minibatch.points.at(-1)?.testAccuracy ?? 0;
      const target = final - 0.01;
      const minibatchSamples = samplesToReach(minibatch.points, target);
      const gdSamples = samplesToReach(gd.points, target);
      // Full-batch GD cannot show anything before one pass over the data; mini-batches learn on the way.
      expect(minibatchSamples * 10).toBeLessThan(gdSamples);
      expect(gd.batchSize).toBe(countTrainingPoints(20_000, 0.7));
      expect(gd.points.length).toBeGreaterThanOrEqual(5);
    });
  }

  it('keeps the lanes within one chunk of samples of each other while racing', () => {
    const race = createRace(baseOf('overlapping', 4000, 3), 10);
    const trainCount = race.trainCount;
    const clock = tickingClock();
    let checks = 0;
    while (!race.finished) {
      race.advance(4, clock);
      const running = race.lanes.filter((lane) => !lane.finished);
      if (running.length < 3) continue;
      const samples = running.map((lane) => lane.samples);
      // A full-batch update is one indivisible chunk of trainCount samples.
      expect(Math.max(...samples) - Math.min(...samples)).toBeLessThanOrEqual(
        Math.max(trainCount, RACE_CHUNK_SAMPLES),
      );
      const fine = [laneOf(race.lanes, 'minibatch').samples, laneOf(race.lanes, 'sgd').samples];
      expect(Math.abs((fine[0] as number) - (fine[1] as number))).toBeLessThanOrEqual(RACE_CHUNK_SAMPLES);
      checks++;
    }
    expect(checks).toBeGreaterThan(5);
    for (const lane of race.lanes) expect(lane.samples).toBe(3 * trainCount);
  });

  it('records finite points, every epoch end, and GD after every update', () => {
    const race = createRace(baseOf('overlapping', 1000, 6), 25);
    const clock = tickingClock();
    while (!race.finished) race.advance(10, clock);
    const trainCount = race.trainCount;
    for (const lane of race.lanes) {
      expect(lane.finished).toBe(true);
      expect(lane.points[0]).toMatchObject({ samples: 0, epochFraction: 0, wallMs: 0 });
      for (const point of lane.points) {
        for (const value of Object.values(point)) expect(Number.isFinite(value)).toBe(true);
      }
      const samples = lane.points.map((point) => point.samples);
      for (let epoch = 1; epoch <= 6; epoch++) expect(samples).toContain(epoch * trainCount);
      for (let k = 1; k < lane.points.length; k++) {
        const [before, after] = [lane.points[k - 1] as RacePoint, lane.points[k] as RacePoint];
        expect(after.samples).toBeGreaterThan(before.samples);
        expect(after.wallMs).toBeGreaterThanOrEqual(before.wallMs);
      }
    }
    expect(laneOf(race.lanes, 'gd').points).toHaveLength(7);
    expect(laneOf(race.lanes, 'minibatch').points.length).toBeGreaterThan(6 * 10);
    expect(laneOf(race.lanes, 'minibatch').label).toContain('25');
  });

  it('thins each lane to at most 500 points and keeps the last', () => {
    const race = createRace(baseOf('separable', 200, 120), 8);
    const clock = tickingClock();
    while (!race.finished) race.advance(50, clock);
    for (const lane of race.lanes) {
      expect(lane.points.length).toBeLessThanOrEqual(RACE_MAX_POINTS);
      expect(lane.points.at(-1)?.samples).toBe(120 * race.trainCount);
    }
    expect(laneOf(race.lanes, 'sgd').points.length).toBeGreaterThan(200);
  });

  it('keeps only finite points when a lane diverges', () => {
    const base = { ...baseOf('overlapping', 400, 5), objective: 'squared' as const };
    const race = createRace({ ...base, hyperparameters: { ...base.hyperparameters, learningRate: 40 } }, 4);
    const clock = tickingClock();
    while (!race.finished) race.advance(10, clock);
    expect(race.lanes.some((lane) => lane.diverged)).toBe(true);
    for (const lane of race.lanes) {
      for (const point of lane.points) expect(Number.isFinite(point.objective)).toBe(true);
    }
  });
});
