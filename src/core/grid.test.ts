import { describe, expect, it } from 'vitest';
import { chainSegments, evaluateGrid, gridCoordinate, traceZeroLevel, type ScoreGrid } from './grid.ts';
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

  /** A grid of `score(x, y)` over [−6, 6]², like the one the worker evaluates a model on. */
  const gridOf = (score: (x: number, y: number) => number, resolution = 60): ScoreGrid => {
    const scores = new Float32Array(resolution * resolution);
    for (let row = 0; row < resolution; row++) {
      for (let column = 0; column < resolution; column++) {
        const x = gridCoordinate(column, resolution, 6);
        scores[row * resolution + column] = score(x, -gridCoordinate(row, resolution, 6));
      }
    }
    return { resolution, extent: 6, scores };
  };

  it('chains the segments of a circle into one closed line through every segment', () => {
    const segments = traceZeroLevel(gridOf((x, y) => x * x + y * y - 9));
    const lines = chainSegments(segments);
    expect(lines).toHaveLength(1);
    const line = lines[0]!;
    // One point per segment, plus the one it closes on.
    expect(line.length / 2).toBe(segments.length / 4 + 1);
    expect(line[0]).toBeCloseTo(line[line.length - 2]!, 4);
    expect(line[1]).toBeCloseTo(line[line.length - 1]!, 4);
    for (let k = 0; k < line.length; k += 2) expect(Math.hypot(line[k]!, line[k + 1]!)).toBeCloseTo(3, 1);
    // Neighbours along the line are neighbours on the circle: no jump longer than a grid cell's diagonal.
    for (let k = 2; k < line.length; k += 2) {
      expect(Math.hypot(line[k]! - line[k - 2]!, line[k + 1]! - line[k - 1]!)).toBeLessThan(0.3);
    }
  });

  it('chains two separate lines as two, each from one edge of the plane to the other', () => {
    const lines = chainSegments(traceZeroLevel(gridOf((x) => (x - 2) * (x + 3))));
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      const ys = [line[1]!, line[line.length - 1]!].sort((a, b) => a - b);
      expect(ys[0]).toBeLessThan(-5.8);
      expect(ys[1]).toBeGreaterThan(5.8);
    }
    expect(chainSegments(new Float32Array(0))).toEqual([]);
  });
});
