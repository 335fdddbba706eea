import { describe, expect, it } from 'vitest';
import { buildRun, fastModelFactory, type ModelFactory } from '../../core/run.ts';
import { BatchSamples } from './batchSamples.ts';
import { Pacer, SLICE_MILLISECONDS } from './pacer.ts';
import { separableRun } from '../../test/runSettings.ts';

const settings = separableRun({ learningRate: 0.1, annealingRate: 0.9, batchSize: 10, epochs: 100_000 });

/** A pacer that has just started a long run at `speed` and been told to play, at time 0. */
function playing(speed: number | null, buildModel: ModelFactory = fastModelFactory) {
  const { stepper } = buildRun(settings, { buildModel });
  const pacer = new Pacer();
  const samples = new BatchSamples();
  pacer.start(speed, 0);
  pacer.play(0);
  return { stepper, pacer, samples };
}

describe('pacer', () => {
  it('keeps to a limited speed on 16 ms frames: a batch owed is capped at one, so one every 7 frames', () => {
    const { stepper, pacer, samples } = playing(10);
    // 0.16 of a batch is owed per frame; the credit, capped at one batch, reaches it after 7 frames.
    const updates = Array.from(
      { length: 125 },
      (_, k) => pacer.train(stepper, 16 * (k + 1), () => 0, 10, samples).updates,
    );
    const frames = updates.flatMap((count, k) => (count > 0 ? [k + 1] : []));
    expect(frames).toEqual(Array.from({ length: 18 }, (_, k) => 1 + 7 * k));
    expect(stepper.updates).toBe(18);
  });

  it('sleeps until the next batch at a limited speed, one wake-up per batch, and keeps the speed', () => {
    const { stepper, pacer, samples } = playing(100);
    let now = 0;
    let wakeUps = 0;
    while (now < 1000) {
      pacer.train(stepper, now, () => now, SLICE_MILLISECONDS, samples);
      wakeUps++;
      const wait = pacer.millisecondsToNextBatch;
      // 100 batches a second: the next one is at most 10 ms away, and the worker sleeps until then.
      expect(wait).toBeLessThanOrEqual(10);
      now += Math.max(wait, 0.5);
    }
    expect(stepper.updates).toBe(100);
    expect(wakeUps).toBe(100);
    const fast = playing(null);
    expect(fast.pacer.millisecondsToNextBatch).toBe(0);
  });

  it("trains a slice for at most the budget it is given (the time left before the page's tick)", () => {
    const { stepper, pacer, samples } = playing(null);
    const looks = (budget: number) => {
      let count = 0;
      pacer.train(stepper, 0, () => ++count, budget, samples);
      return count;
    };
    // The clock moves 1 ms per look, one look per chunk: 10 chunks at most, 3 with 3 ms left, 1 with none.
    expect(looks(SLICE_MILLISECONDS)).toBe(SLICE_MILLISECONDS);
    expect(looks(3)).toBe(3);
    expect(looks(0)).toBe(1);
    expect(looks(50)).toBe(SLICE_MILLISECONDS);
  });

  it('ends a slice on time with a slow engine: each chunk holds only the batches that fit', () => {
    // An engine whose every batch takes a quarter of a millisecond on a fake clock, far slower than a chunk
    // of CHUNK_SAMPLES batches allows for within a slice.
    let time = 0;
    const slow: ModelFactory = (spec, seed, engine) => {
      const model = fastModelFactory(spec, seed, engine);
      return new Proxy(model, {
        get(target, key) {
          if (key === 'trainBatches') return undefined;
          if (key === 'batchGradient') {
            return (...args: Parameters<typeof target.batchGradient>) => {
              time += 0.25;
              return target.batchGradient(...args);
            };
          }
          const value: unknown = Reflect.get(target, key);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
    };
    const { stepper, pacer, samples } = playing(null, slow);
    stepper.setHyperparameters({ batchSize: 1 });
    const slices = Array.from({ length: 3 }, () => {
      const began = time;
      const { updates } = pacer.train(stepper, began, () => time, SLICE_MILLISECONDS, samples);
      return { updates, milliseconds: time - began };
    });
    // The first slice runs one batch to learn the pace, then the 39 that fit in the 9.75 ms left.
    expect(slices).toEqual([
      { updates: 40, milliseconds: 10 },
      { updates: 40, milliseconds: 10 },
      { updates: 40, milliseconds: 10 },
    ]);
  });

  it('owes at most one batch after a change of speed', () => {
    const { stepper, pacer, samples } = playing(1);
    pacer.setSpeed(1000);
    // Play owed one batch; the new speed owes 1000 × 0.016 = 16 more, capped at a tenth of a second's worth.
    expect(pacer.train(stepper, 16, () => 16, SLICE_MILLISECONDS, samples).updates).toBe(17);
    pacer.setSpeed(2);
    expect(pacer.millisecondsToNextBatch).toBe(500);
  });
});
