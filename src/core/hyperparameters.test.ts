import { describe, expect, it } from 'vitest';
import { epochRateFallsBelow } from './hyperparameters.ts';

describe('epochRateFallsBelow', () => {
  it('finds the first epoch whose annealed rate is under the share, as a loop of lr *= annealing does', () => {
    for (const annealingRate of [0.5, 0.9, 0.98, 0.995, 0.999]) {
      let rate = 1;
      let epoch = 1;
      while (rate >= 0.01) {
        rate *= annealingRate;
        epoch++;
      }
      expect(epochRateFallsBelow(annealingRate, 0.01)).toBe(epoch);
    }
    expect(epochRateFallsBelow(0.98, 0.01)).toBe(229);
  });

  it('says the rate never falls without annealing', () => {
    expect(epochRateFallsBelow(1, 0.01)).toBeNull();
  });
});
