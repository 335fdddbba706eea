import { describe, expect, it } from 'vitest';
import { describeStabilityLimit } from './SweepOverlay.tsx';
import {
  labelBox,
  layoutSweepOverlay,
  logInterpolator,
  piecewiseLinear,
  temperatureDecades,
  type OverlayGeometry,
} from './sweepOverlayLayout.ts';

/** A grid of equal cells as the table lays it out: a row-header column of 80 px, then the cells. */
function grid(columns: number, rows: number, cellWidth = 68, rowHeight = 28): OverlayGeometry {
  const left = 80;
  const top = 60;
  return {
    width: left + columns * cellWidth,
    height: top + rows * rowHeight,
    columns: Array.from({ length: columns }, (_, k) => left + (k + 0.5) * cellWidth),
    rows: Array.from({ length: rows }, (_, k) => top + (k + 0.5) * rowHeight),
    left,
    right: left + columns * cellWidth,
    top,
    bottom: top + rows * rowHeight,
  };
}

const overlap = (a: ReturnType<typeof labelBox>, b: ReturnType<typeof labelBox>) =>
  a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

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
      /^Orange dashed line: lr = 2 \/ λ_max = 4 \(λ_max = 0\.5,/,
    );
    expect(describeStabilityLimit(0.5, [0.01, 1])).toMatch(
      /^lr = 2 \/ λ_max = 4 lies right of the sweep’s largest rate, 1, as the arrow under the grid says/,
    );
    expect(describeStabilityLimit(1000, [0.01, 1])).toMatch(
      /^lr = 2 \/ λ_max = 0\.002 lies left of the sweep’s smallest rate, 0\.01,/,
    );
    expect(describeStabilityLimit(null, [1])).toMatch(/^No 2 \/ λ_max limit: this objective has no Hessian/);
    expect(describeStabilityLimit(undefined, [1])).toBe(
      'The 2 / λ_max limit appears with the first finished run.',
    );
  });
});

describe('the overlays’ layout', () => {
  const rates3 = [0.001, 0.032, 1];
  const sizes3 = [1, 4, 140];

  it('marks a 2 / λ_max beyond the largest swept rate outside the grid, not as a line in a column', () => {
    const g = grid(3, 3, 100);
    const layout = layoutSweepOverlay(rates3, sizes3, g, false, 2.09);
    expect(layout.limit).toEqual({ kind: 'beyond', side: 'right' });
    expect(layout.labels).toEqual([
      {
        kind: 'limit',
        text: '2/λ_max = 2.09 → beyond the swept rates',
        x: g.right + 6,
        y: g.bottom + 39,
        anchor: 'end',
      },
    ]);
    // Under a grid too narrow for the words to end at its right edge, they start at the table's left.
    expect(layoutSweepOverlay(rates3, sizes3, grid(3, 3, 60), false, 2.09).labels[0]).toMatchObject({
      x: 0,
      anchor: 'start',
    });
    const below = layoutSweepOverlay(rates3, sizes3, g, false, 1e-4);
    expect(below.limit).toEqual({ kind: 'beyond', side: 'left' });
    expect(below.labels[0]?.text).toBe('← 2/λ_max = 1e-4, below the swept rates');
  });

  it('draws a 2 / λ_max among the swept rates as a line at its place on the log scale', () => {
    const g = grid(3, 3);
    // 0.1 lies (ln 0.1 − ln 0.032) / (ln 1 − ln 0.032) = 0.33 of the way from the second column to the third.
    const layout = layoutSweepOverlay(rates3, sizes3, g, false, 0.1);
    const expected = 80 + 1.5 * 68 + (68 * Math.log(0.1 / 0.032)) / Math.log(1 / 0.032);
    expect(layout.limit?.kind).toBe('line');
    if (layout.limit?.kind === 'line') expect(layout.limit.x).toBeCloseTo(expected, 9);
    expect(layout.labels[0]).toMatchObject({ text: '2/λ_max = 0.1', anchor: 'middle' });
    // At the largest rate itself the line is drawn at its column's centre.
    const atEnd = layoutSweepOverlay(rates3, sizes3, g, false, 1);
    expect(atEnd.limit).toEqual({ kind: 'line', x: 80 + 2.5 * 68 });
  });

  it.each([
    ['3 × 3', rates3, sizes3, grid(3, 3)],
    ['8 × 5', [0.001, 0.0027, 0.0072, 0.019, 0.052, 0.14, 0.37, 1], [1, 4, 16, 64, 140], grid(8, 5)],
  ])(
    'labels the lines outside the grid at their ends, no two labels overlapping (%s)',
    (_, rates, sizes, g) => {
      const layout = layoutSweepOverlay(rates, sizes, g, true, 2.09);
      const boxes = layout.labels.map(labelBox);
      for (const box of boxes) {
        const insideGrid =
          box.left < g.right && box.right > g.left && box.top < g.bottom && box.bottom > g.top;
        expect(insideGrid).toBe(false);
      }
      boxes.forEach((box, k) =>
        boxes.slice(k + 1).forEach((other) => expect(overlap(box, other)).toBe(false)),
      );
      // A label under the grid sits at the end of its line's tick; one right of the grid, at the height
      // where its line leaves the grid's right edge.
      const valueLabels = layout.labels.filter((label) => label.kind === 'temperature');
      expect(valueLabels.length).toBeGreaterThanOrEqual(Math.min(4, layout.lines.length));
      const below = valueLabels.filter((label) => label.anchor === 'middle');
      const ticks = layout.lines.flatMap((line) => (line.leader ? [line.leader] : []));
      expect(ticks).toEqual(below.map((label) => [label.x, g.bottom, label.x, g.bottom + 6]));
      // The rate at the grid's right edge, read off the columns' log scale; the line lr/B = r meets that
      // edge at B = rate / r.
      const rightRate = Math.exp(piecewiseLinear(g.columns, rates.map(Math.log))(g.right));
      const yOf = logInterpolator(sizes, g.rows);
      for (const label of valueLabels.filter((each) => each.anchor === 'start')) {
        expect(label.x).toBe(g.right + 6);
        expect(label.y).toBeCloseTo(yOf(rightRate / Number(label.text)) + 5, 9);
      }
      expect(layout.labels[0]).toMatchObject({ kind: 'temperatureTitle', text: 'lr / B', anchor: 'end' });
    },
  );
});
