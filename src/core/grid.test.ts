import { describe, expect, it } from 'vitest';
import { evaluateGrid, gridCoordinate, traceZeroLevel } from './grid.ts';
import { createLinearModel } from './linearModel.ts';

describe('score grid', () => {
  it('evaluates the model at cell centres, top row first', () => {
    const model = createLinearModel([1, 2, 0.5]);
    const grid = evaluateGrid(model, 4, 6);
    // Top-left cell centre is (−4.5, +4.5).
    expect(grid.scores[0]).toBeCloseTo(-4.5 + 2 * 4.5 + 0.5, 5);
    // Bottom-right cell centre is (+4.5, −4.5).
    expect(grid.scores[15]).toBeCloseTo(4.5 - 2 * 4.5 + 0.5, 5);
    expect(gridCoordinate(0, 4, 6)).toBe(-4.5);
  });

  it('traces the zero level of a linear model on its true line', () => {
    const model = createLinearModel([1, -1, 0.7]);
    const segments = traceZeroLevel(evaluateGrid(model, 60, 6));
    expect(segments.length).toBeGreaterThan(40);
    for (let k = 0; k < segments.length; k += 2) {
      // Every endpoint lies on x1 − x2 + 0.7 = 0.
      expect(Math.abs(segments[k]! - segments[k + 1]! + 0.7)).toBeLessThan(1e-4);
    }
  });

  it('traces nothing for a model that is positive everywhere or zero weights', () => {
    expect(traceZeroLevel(evaluateGrid(createLinearModel([0, 0, 1]), 20))).toHaveLength(0);
    expect(traceZeroLevel(evaluateGrid(createLinearModel(), 20))).toHaveLength(0);
  });
});
