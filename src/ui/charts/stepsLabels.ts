/**
 * Where each point's label goes on the Steps vs examples chart: beside its point, on the first side where it
 * crosses no reference line (S_min, E_min), not the fitted curve, no label placed before it, and stays in
 * the plot; when no side is clear, on the side that costs least, off the reference lines before all.
 * Pure pixel geometry, so that it is tested without a browser.
 */

/** A label box in px: left, right, top, bottom. */
export interface Box {
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
}

/** A side of the point a label can take, in the order they are tried after the preferred one. */
export type LabelSide = 'above' | 'below' | 'right' | 'left';

/** A point to label, in px, with its text and the side it prefers (away from the curve). */
export interface LabelRequest {
  readonly x: number;
  readonly y: number;
  readonly text: string;
  readonly prefer: 'above' | 'below';
}

/** What labels must keep off, in px. */
export interface LabelObstacles {
  /** x of vertical reference lines. */
  readonly verticals: readonly number[];
  /** y of horizontal reference lines. */
  readonly horizontals: readonly number[];
  /** The fitted curve as a polyline. */
  readonly curve: readonly (readonly [number, number])[];
  /** Other text already on the chart (the reference lines' and B_crit's labels). */
  readonly boxes: readonly Box[];
  /** The plot area the labels stay in. */
  readonly plot: Box;
}

/** A placed label: its SVG text anchor and baseline. */
export interface PlacedLabel {
  readonly text: string;
  readonly x: number;
  readonly y: number;
  readonly anchor: 'start' | 'middle' | 'end';
  readonly side: LabelSide;
}

const FONT = 14;
/** Room between a point's centre and its label. */
const GAP = 10;

/** The width of a 14 px label of letters, digits, spaces and commas: about half an em a character. */
export function textWidth(text: string): number {
  return text.length * FONT * 0.5;
}

/** The label of `request` on `side`, and its box. */
export function labelAt(request: LabelRequest, side: LabelSide): { label: PlacedLabel; box: Box } {
  const width = textWidth(request.text);
  const { x, y, text } = request;
  switch (side) {
    case 'above':
      return {
        label: { text, x, y: y - GAP, anchor: 'middle', side },
        box: { left: x - width / 2, right: x + width / 2, top: y - GAP - FONT, bottom: y - GAP + 4 },
      };
    case 'below':
      return {
        label: { text, x, y: y + GAP + FONT - 2, anchor: 'middle', side },
        box: { left: x - width / 2, right: x + width / 2, top: y + GAP - 2, bottom: y + GAP + FONT + 2 },
      };
    case 'right':
      return {
        label: { text, x: x + GAP, y: y + 5, anchor: 'start', side },
        box: { left: x + GAP, right: x + GAP + width, top: y + 5 - FONT, bottom: y + 9 },
      };
    case 'left':
      return {
        label: { text, x: x - GAP, y: y + 5, anchor: 'end', side },
        box: { left: x - GAP - width, right: x - GAP, top: y + 5 - FONT, bottom: y + 9 },
      };
  }
}

/** Whether two boxes overlap. */
export function boxesOverlap(a: Box, b: Box): boolean {
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}

/** Whether the segment from p to q passes through the box (sampled finely enough for a label's size). */
function segmentCrosses(box: Box, p: readonly [number, number], q: readonly [number, number]): boolean {
  const steps = Math.max(1, Math.ceil(Math.hypot(q[0] - p[0], q[1] - p[1]) / 2));
  for (let k = 0; k <= steps; k++) {
    const x = p[0] + ((q[0] - p[0]) * k) / steps;
    const y = p[1] + ((q[1] - p[1]) * k) / steps;
    if (x > box.left && x < box.right && y > box.top && y < box.bottom) return true;
  }
  return false;
}

/**
 * What a label box would cost at its place: leaving the plot 8, sitting on a reference line 4 each, on
 * other text 2, crossing the fitted curve 1 (its white halo keeps it legible there); 0 is clear.
 */
export function placementCost(box: Box, obstacles: LabelObstacles, placed: readonly Box[]): number {
  const { plot } = obstacles;
  let cost = 0;
  if (box.left < plot.left || box.right > plot.right || box.top < plot.top || box.bottom > plot.bottom)
    cost += 8;
  if (obstacles.verticals.some((x) => x > box.left - 2 && x < box.right + 2)) cost += 4;
  if (obstacles.horizontals.some((y) => y > box.top - 2 && y < box.bottom + 2)) cost += 4;
  if ([...obstacles.boxes, ...placed].some((other) => boxesOverlap(box, other))) cost += 2;
  const curve = obstacles.curve;
  for (let k = 1; k < curve.length; k++) {
    if (segmentCrosses(box, curve[k - 1] as [number, number], curve[k] as [number, number])) {
      cost += 1;
      break;
    }
  }
  return cost;
}

/**
 * Places the labels in order, each on the cheapest side (see `placementCost`), trying its preferred side
 * first, then the other vertical side, right and left: a clear side when there is one, and never on a
 * reference line when crossing the curve instead avoids it.
 */
export function placeLabels(requests: readonly LabelRequest[], obstacles: LabelObstacles): PlacedLabel[] {
  const placed: Box[] = [];
  return requests.map((request) => {
    const sides: LabelSide[] =
      request.prefer === 'above' ? ['above', 'below', 'right', 'left'] : ['below', 'above', 'right', 'left'];
    let best: ReturnType<typeof labelAt> | null = null;
    let bestCost = Number.POSITIVE_INFINITY;
    for (const side of sides) {
      const option = labelAt(request, side);
      const cost = placementCost(option.box, obstacles, placed);
      if (cost < bestCost) {
        best = option;
        bestCost = cost;
      }
      if (cost === 0) break;
    }
    const chosen = best as ReturnType<typeof labelAt>;
    placed.push(chosen.box);
    return chosen.label;
  });
}
