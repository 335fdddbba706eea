/**
 * Where the heatmap's overlays go, in the table's pixels: the lines of constant lr / B through the grid, each
 * labelled outside the grid at the end where it leaves it (under the grid or right of it), labels never
 * overlapping; and the 2 / λ_max limit, a line through the grid when it lies among the swept rates, else a
 * marker outside the grid that points past the swept rates.
 */
import { formatRate } from '../../core/format.ts';

/** Positions of the grid's cells inside the table: column and row centres and the cells' outer edges. */
export interface OverlayGeometry {
  readonly width: number;
  readonly height: number;
  readonly columns: readonly number[];
  readonly rows: readonly number[];
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
}

/** A label's text and anchor point (SVG text: `y` is the baseline). */
export interface OverlayLabel {
  readonly kind: 'temperature' | 'temperatureTitle' | 'limit';
  readonly text: string;
  readonly x: number;
  readonly y: number;
  readonly anchor: 'start' | 'middle' | 'end';
}

/** A line of constant lr / B: its polyline through the grid and, when labelled under the grid, a tick to its label. */
export interface TemperatureLine {
  readonly ratio: number;
  readonly points: readonly (readonly [number, number])[];
  readonly leader: readonly [number, number, number, number] | null;
}

/** The 2 / λ_max limit: a vertical line at `x` inside the grid, or past one of its ends. */
export type LimitMark =
  | { readonly kind: 'line'; readonly x: number }
  | { readonly kind: 'beyond'; readonly side: 'left' | 'right' };

export interface OverlayLayout {
  readonly lines: readonly TemperatureLine[];
  readonly limit: LimitMark | null;
  readonly labels: readonly OverlayLabel[];
}

/** Font size of the labels, in px. */
export const LABEL_FONT = 14;
/** Baselines of the two rows of labels under the grid (lr / B values, then the limit), below its bottom edge. */
export const LABEL_ROWS = [19, 39] as const;
/** Gap between the grid's right edge and the labels of lines that leave through it. */
const RIGHT_GAP = 6;
/** Length of the leader from a line's end at the grid's edge towards its label. */
const LEADER = 6;

/** A generous estimate of a label's width at 14 px (sans-serif digits are about 0.6 em). */
export function labelWidth(text: string): number {
  return text.length * LABEL_FONT * 0.62;
}

/** A label's box: left, right, top and bottom, in px. */
export function labelBox(label: OverlayLabel): { left: number; right: number; top: number; bottom: number } {
  const width = labelWidth(label.text);
  const left =
    label.anchor === 'start' ? label.x : label.anchor === 'middle' ? label.x - width / 2 : label.x - width;
  return { left, right: left + width, top: label.y - LABEL_FONT, bottom: label.y + 4 };
}

/** A piecewise-linear map through (xs, ys), xs ascending, continued past both ends along the nearest segment. */
export function piecewiseLinear(xs: readonly number[], ys: readonly number[]) {
  return (x: number): number => {
    // With one point any slope will do: 40 px per unit, a column's width per e-fold.
    if (xs.length === 1) return (ys[0] as number) + (x - (xs[0] as number)) * 40;
    let k = 0;
    while (k < xs.length - 2 && x > (xs[k + 1] as number)) k++;
    const [a, b] = [xs[k] as number, xs[k + 1] as number];
    const [p, q] = [ys[k] as number, ys[k + 1] as number];
    return p + ((x - a) / (b - a)) * (q - p);
  };
}

/** Pixel position of a value on an axis of log-spaced cells: piecewise linear in its logarithm. */
export function logInterpolator(values: readonly number[], positions: readonly number[]) {
  const map = piecewiseLinear(values.map(Math.log), positions);
  return (value: number) => map(Math.log(value));
}

/** Decades of lr / B that cross the grid: from the smallest lr over the largest B to the largest over 1. */
export function temperatureDecades(
  learningRates: readonly number[],
  batchSizes: readonly number[],
): number[] {
  const low = Math.min(...learningRates) / Math.max(...batchSizes);
  const high = Math.max(...learningRates) / Math.min(...batchSizes);
  const decades: number[] = [];
  for (let power = Math.ceil(Math.log10(low)); power <= Math.floor(Math.log10(high)); power++) {
    decades.push(Number((10 ** power).toPrecision(1)));
  }
  return decades;
}

/** Where the limit lies against the swept rates: among them (at their columns' scale) or past an end. */
function limitMark(
  limitRate: number,
  learningRates: readonly number[],
  xOf: (rate: number) => number,
): LimitMark {
  // A hair of tolerance, so that a limit equal to the largest rate (up to rounding) is drawn at its column.
  const lowest = Math.min(...learningRates) * (1 - 1e-9);
  const highest = Math.max(...learningRates) * (1 + 1e-9);
  if (limitRate > highest) return { kind: 'beyond', side: 'right' };
  if (limitRate < lowest) return { kind: 'beyond', side: 'left' };
  return { kind: 'line', x: xOf(limitRate) };
}

/** The limit's label: under its line, or at the grid's end it lies past, with an arrow pointing out. */
function limitLabel(mark: LimitMark, limitRate: number, g: OverlayGeometry): OverlayLabel {
  const y = g.bottom + LABEL_ROWS[1];
  const value = `2/λ_max = ${formatRate(limitRate)}`;
  if (mark.kind === 'line') {
    const text = value;
    const half = labelWidth(text) / 2;
    // Centred under the line, kept within the table's width.
    const x = Math.min(Math.max(mark.x, half), Math.max(half, g.width - half));
    return { kind: 'limit', text, x, y, anchor: 'middle' };
  }
  if (mark.side === 'right') {
    const text = `${value} → beyond the swept rates`;
    // Ends at the grid's right edge, unless the grid is too narrow: then it starts at the table's left.
    const end = g.right + LEADER;
    return labelWidth(text) <= end
      ? { kind: 'limit', text, x: end, y, anchor: 'end' }
      : { kind: 'limit', text, x: 0, y, anchor: 'start' };
  }
  const text = `← ${value}, below the swept rates`;
  return { kind: 'limit', text, x: Math.max(0, g.left - LEADER), y, anchor: 'start' };
}

/**
 * The overlays' layout. Lines run from the grid's top edge to its bottom edge (past the outer rows along
 * the nearest segment); a line's label is its lr / B value, under the grid where the line leaves through the
 * bottom edge (after a title "lr / B" under the row headers) or right of it where it leaves through the
 * right edge. A label that would overlap one already placed is left out; the line keeps no leader then.
 */
export function layoutSweepOverlay(
  learningRates: readonly number[],
  batchSizes: readonly number[],
  g: OverlayGeometry,
  temperature: boolean,
  limitRate: number | null,
): OverlayLayout {
  const xOf = logInterpolator(learningRates, g.columns);
  // Rows go down as the batch grows; the inverse maps read the batch size and rate at the grid's edges.
  const yOf = logInterpolator(batchSizes, g.rows);
  const logBatchAt = piecewiseLinear(g.rows, batchSizes.map(Math.log));
  const logRateAt = piecewiseLinear(g.columns, learningRates.map(Math.log));
  const labels: OverlayLabel[] = [];
  const lines: TemperatureLine[] = [];
  const fits = (label: OverlayLabel) => {
    const box = labelBox(label);
    return labels.every((other) => {
      const them = labelBox(other);
      return (
        box.right + 4 <= them.left ||
        them.right + 4 <= box.left ||
        box.bottom <= them.top ||
        them.bottom <= box.top
      );
    });
  };
  if (temperature) {
    const topBatch = Math.exp(logBatchAt(g.top));
    const bottomBatch = Math.exp(logBatchAt(g.bottom));
    const rightRate = Math.exp(logRateAt(g.right));
    const decades = temperatureDecades(learningRates, batchSizes);
    if (decades.length > 0) {
      labels.push({
        kind: 'temperatureTitle',
        text: 'lr / B',
        x: g.left - LEADER,
        y: g.bottom + LABEL_ROWS[0],
        anchor: 'end',
      });
    }
    for (const ratio of decades) {
      const points = [topBatch, ...batchSizes, bottomBatch].map(
        (batch) => [xOf(ratio * batch), yOf(batch)] as const,
      );
      const xBottom = xOf(ratio * bottomBatch);
      const text = formatRate(ratio);
      let label: OverlayLabel | null = null;
      let leader: TemperatureLine['leader'] = null;
      if (xBottom >= g.left && xBottom <= g.right) {
        label = { kind: 'temperature', text, x: xBottom, y: g.bottom + LABEL_ROWS[0], anchor: 'middle' };
        leader = [xBottom, g.bottom, xBottom, g.bottom + LEADER];
      } else if (xBottom > g.right) {
        const yRight = yOf(rightRate / ratio);
        if (yRight >= g.top && yRight <= g.bottom) {
          // No leader here: a short dash before a number would read as a minus sign.
          label = { kind: 'temperature', text, x: g.right + RIGHT_GAP, y: yRight + 5, anchor: 'start' };
        }
      }
      if (label !== null && fits(label)) labels.push(label);
      else leader = null;
      lines.push({ ratio, points, leader });
    }
  }
  let limit: LimitMark | null = null;
  if (limitRate !== null && Number.isFinite(limitRate) && limitRate > 0) {
    limit = limitMark(limitRate, learningRates, xOf);
    labels.push(limitLabel(limit, limitRate, g));
  }
  return { lines, limit, labels };
}
