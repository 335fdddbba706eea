import { describe, expect, it } from 'vitest';
import { nextSlice, SLOW_START_MILLISECONDS } from './stepAside.ts';

const ticks = { origin: 1000.5, period: 100, quietBefore: 5, quietAfter: 25 };
/** Long after Play. */
const LATER = 60_000;

describe('nextSlice', () => {
  it('trains until the quiet window before the next tick of the page', () => {
    // The worker started 400 ms after the page: its 150 is the page's 550, 50 ms after a tick.
    expect(nextSlice(ticks, 1400.5, 150, LATER)).toEqual({ budget: 45 });
    expect(nextSlice(ticks, 1400.5, 125, LATER)).toEqual({ budget: 70 });
  });

  it('rests from just before a tick until the window after it ends', () => {
    expect(nextSlice(ticks, 1400.5, 196, LATER)).toEqual({ rest: 29 });
    expect(nextSlice(ticks, 1400.5, 200, LATER)).toEqual({ rest: 25 });
    expect(nextSlice(ticks, 1400.5, 210, LATER)).toEqual({ rest: 15 });
    const justBefore = nextSlice(ticks, 1400.5, 194.9, LATER);
    expect('budget' in justBefore && justBefore.budget).toBeCloseTo(0.1);
  });

  it("works when the worker's clock began before the page's", () => {
    expect(nextSlice(ticks, 900.5, 120, LATER)).toEqual({ rest: 5 });
    expect(nextSlice(ticks, 900.5, 160, LATER)).toEqual({ budget: 35 });
  });

  it('rests longer after each tick in the first moments after Play', () => {
    expect(nextSlice(ticks, 1400.5, 150, 0)).toEqual({ rest: 25 });
    expect(nextSlice(ticks, 1400.5, 180, SLOW_START_MILLISECONDS - 1)).toEqual({ budget: 15 });
    expect(nextSlice(ticks, 1400.5, 150, SLOW_START_MILLISECONDS)).toEqual({ budget: 45 });
  });
});
