import { describe, expect, it } from 'vitest';
import { boxesOverlap, labelAt, placeLabels, type LabelObstacles } from './stepsLabels.ts';

const plot = { left: 80, right: 600, top: 16, bottom: 340 };
const none: LabelObstacles = { verticals: [], horizontals: [], curve: [], boxes: [], plot };

describe('the Steps vs examples point labels', () => {
  it('take the preferred side when it is clear', () => {
    const [label] = placeLabels([{ x: 300, y: 200, text: 'B 4, lr 1', prefer: 'above' }], none);
    expect(label).toEqual({ text: 'B 4, lr 1', x: 300, y: 190, anchor: 'middle', side: 'above' });
  });

  it('keep off a horizontal reference line that runs just under the point', () => {
    // E_min's line 8 px under the point: a label below would sit on it.
    const obstacles = { ...none, horizontals: [208] };
    const [label] = placeLabels([{ x: 300, y: 200, text: 'B 4, lr 1', prefer: 'below' }], obstacles);
    expect(label?.side).toBe('above');
  });

  it('go beside the point when a vertical line runs through it and the curve blocks the other side', () => {
    const obstacles: LabelObstacles = {
      ...none,
      verticals: [300],
      curve: [
        [100, 150],
        [600, 150],
      ],
    };
    const [label] = placeLabels([{ x: 300, y: 200, text: 'B 140, lr 1', prefer: 'above' }], obstacles);
    expect(label?.side).toBe('right');
    expect(label).toMatchObject({ x: 310, anchor: 'start' });
  });

  it('cross the curve rather than sit on a reference line when no side is clear', () => {
    // As on the default data: E_min's line under the point, S_min's left of it, the curve above it and
    // B_crit's label right of it.
    const obstacles: LabelObstacles = {
      ...none,
      verticals: [282],
      horizontals: [344],
      curve: [
        [290, 250],
        [318, 318],
        [600, 340],
      ],
      boxes: [{ left: 348, right: 440, top: 318, bottom: 336 }],
    };
    const [label] = placeLabels([{ x: 318, y: 329, text: 'B 4, lr 1', prefer: 'below' }], obstacles);
    expect(label?.side).toBe('above');
  });

  it('stay inside the plot and off each other', () => {
    const requests = [
      { x: 590, y: 100, text: 'B 1, lr 1', prefer: 'above' as const },
      { x: 300, y: 24, text: 'B 4, lr 1', prefer: 'above' as const },
      { x: 400, y: 30, text: 'B 16, lr 1', prefer: 'above' as const },
    ];
    const placed = placeLabels(requests, none);
    expect(placed.map((label) => label.side)).toEqual(['left', 'below', 'below']);
    const boxes = placed.map((label, k) => labelAt(requests[k]!, label.side).box);
    boxes.forEach((box, k) => {
      expect(box.left >= plot.left && box.right <= plot.right && box.top >= plot.top).toBe(true);
      boxes.slice(k + 1).forEach((other) => expect(boxesOverlap(box, other)).toBe(false));
    });
  });
});
