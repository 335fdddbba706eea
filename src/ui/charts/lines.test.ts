import { describe, expect, it } from 'vitest';
import { labelPosition, nearestIndex, readAt, shapeOf, type DrawnLine } from './lines.ts';

/** Ten pixels per epoch; y as it is. */
const x = (value: number) => 10 * value;
const y = (value: number) => (value > 0 ? value : undefined);
const points = (...pairs: [number, number][]) => pairs.map(([px, py]) => ({ x: px, y: py }));

function line(key: string, name: string | undefined, drawn: [number, number][], snaps = true): DrawnLine {
  return {
    key,
    className: `series-${key}`,
    stroke: '#000',
    strokeWidth: 2,
    fitsAxis: true,
    snaps,
    points: points(...drawn),
    ...(name !== undefined && { name }),
  };
}

describe('shapeOf', () => {
  it('draws a path through every point, breaking where a value cannot be drawn', () => {
    const shape = shapeOf(points([0, 5], [1, 4], [2, Number.NaN], [3, -1], [4, 2], [5, 1]), x, y);
    expect(shape).toEqual({ kind: 'path', d: 'M0.0,5.0L10.0,4.0M40.0,2.0L50.0,1.0' });
  });

  it('draws a single drawable point as a dot, and nothing without one', () => {
    expect(shapeOf(points([2, 3], [3, Number.POSITIVE_INFINITY]), x, y)).toEqual({
      kind: 'dot',
      cx: 20,
      cy: 3,
    });
    expect(shapeOf([], x, y)).toEqual({ kind: 'none' });
  });
});

describe('nearestIndex', () => {
  it('finds the point nearest an x, the earlier one on a tie', () => {
    const sorted = points([0, 1], [2, 1], [4, 1]);
    expect([-1, 0.9, 1, 1.1, 3.5, 9].map((at) => nearestIndex(sorted, at))).toEqual([0, 0, 0, 1, 2, 2]);
    expect(nearestIndex([], 3)).toBe(-1);
  });
});

describe('readAt', () => {
  it('snaps to the nearest epoch of a named line and names every line that has a point there', () => {
    const lines = [
      line('used', 'used', [
        [1, 0.1],
        [2, 0.09],
      ]),
      line('planned', 'planned', [
        [2, 0.09],
        [3, 0.08],
        [4, 0.07],
      ]),
      line(
        'batch',
        'per batch',
        [
          [1.95, 7],
          [2.5, 6],
        ],
        false,
      ),
      line('pinned', undefined, [[2, 0.5]]),
    ];
    const readout = readAt(lines, 2.2, x);
    expect(readout?.x).toBe(2);
    expect(readout?.entries.map((entry) => [entry.name, entry.point.y])).toEqual([
      ['used', 0.09],
      ['planned', 0.09],
      ['per batch', 7],
    ]);
    // Past the last epoch used, only the plan has a point.
    expect(readAt(lines, 3.9, x)?.entries.map((entry) => entry.name)).toEqual(['planned']);
    expect(readAt([line('pinned', undefined, [[1, 1]])], 1, x)).toBeNull();
  });
});

describe('labelPosition', () => {
  it('puts a vertical line’s label on the side with more of the plot, clear of the y-axis', () => {
    const plot = { x: 72, width: 400 };
    // Near the y-axis the label runs right from the line; past the middle it ends at the line.
    expect(labelPosition(72, plot)).toBe('insideTopLeft');
    expect(labelPosition(76, plot)).toBe('insideTopLeft');
    expect(labelPosition(271, plot)).toBe('insideTopLeft');
    expect(labelPosition(272, plot)).toBe('insideTopRight');
    expect(labelPosition(472, plot)).toBe('insideTopRight');
  });
});
