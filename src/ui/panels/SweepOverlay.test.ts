import { describe, expect, it } from 'vitest';
import { describeStabilityLimit, logInterpolator, temperatureDecades } from './SweepOverlay.tsx';

describe('the heatmap overlays', () => {
  it('draws a line for each decade of lr / B that crosses the grid', () => {
    expect(temperatureDecades([0.001, 0.032, 1], [1, 4, 140])).toEqual([1e-5, 1e-4, 0.001, 0.01, 0.1, 1]);
    expect(temperatureDecades([0.5], [2, 3])).toEqual([]);
  });

  it('places a value between the cells by its logarithm, and past the ends along the nearest segment', () => {
    const x = logInterpolator([0.001, 0.1, 1], [50, 150, 200]);
    expect(x(0.01)).toBeCloseTo(100, 12);
    expect(x(0.1)).toBeCloseTo(150, 12);
    expect(x(10)).toBeCloseTo(250, 12);
    expect(x(1e-4)).toBeCloseTo(0, 12);
  });

  it('says where the 2 / λ_max limit lies, or why there is none', () => {
    expect(describeStabilityLimit(0.5, [0.01, 1, 10])).toMatch(
      /^Dashed line: lr = 2 \/ λ_max = 4 \(λ_max = 0\.5,/,
    );
    expect(describeStabilityLimit(0.5, [0.01, 1])).toMatch(/= 4, right of the sweep’s largest rate/);
    expect(describeStabilityLimit(1000, [0.01, 1])).toMatch(/= 0\.002, left of the sweep’s smallest rate/);
    expect(describeStabilityLimit(null, [1])).toMatch(/^No 2 \/ λ_max limit: this objective has no Hessian/);
    expect(describeStabilityLimit(undefined, [1])).toBe(
      'The 2 / λ_max limit appears with the first finished run.',
    );
  });
});
