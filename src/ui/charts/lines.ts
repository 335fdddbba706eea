import type { LegendPayload } from 'recharts';

/** One point of a line, in data units: x is the epoch (fractional for per-batch estimates). */
export interface ChartPoint {
  readonly x: number;
  readonly y: number;
}

/** How a line looks, where it is found in the page, and whether the legend and the hover readout name it. */
export interface LineStyle {
  /** Unique on its chart. */
  readonly key: string;
  /** The class of the line's group: `series-<name>` for the live run, `pinned-series pinned-<id>` for a pinned one. */
  readonly className: string;
  readonly stroke: string;
  readonly strokeWidth: number;
  /** An SVG dash pattern, or none for a solid line. */
  readonly dash?: string;
  /** Shown in the legend and the hover readout; a line without a name is in neither. */
  readonly name?: string;
  /** Whether the y-axis is fitted to the line (noisy per-batch estimates are cut at the top instead). */
  readonly fitsAxis: boolean;
  /** Whether the hover readout snaps to the line's points (per-epoch lines do; per-batch ones do not). */
  readonly snaps: boolean;
}

/** A line with its points, ready to draw. */
export interface DrawnLine extends LineStyle {
  readonly points: readonly ChartPoint[];
}

/** The dash pattern of every test (dashed) series. */
export const TEST_DASH = '6 4';

/** The points of one key of some rows, in order; rows without the key are left out. */
export function pointsOf<K extends string>(
  rows: readonly Readonly<{ epoch: number } & Partial<Record<K, number>>>[],
  key: K,
): ChartPoint[] {
  const points: ChartPoint[] = [];
  for (const row of rows) {
    const value = row[key];
    if (value !== undefined) points.push({ x: row.epoch, y: value });
  }
  return points;
}

/** A scale of Recharts: data value to pixel, or undefined where it cannot place the value. */
export type Scale = (value: number) => number | undefined;

/** What a line looks like on the screen: an SVG path, or a single dot when only one point can be drawn. */
export type LineShape =
  | { readonly kind: 'path'; readonly d: string }
  | { readonly kind: 'dot'; readonly cx: number; readonly cy: number }
  | { readonly kind: 'none' };

/**
 * The shape of a line's points under two scales. The path breaks where a value cannot be drawn (not finite,
 * or ≤ 0 on a log axis); a line with a single drawable point is a dot, as Recharts draws it.
 */
export function shapeOf(points: readonly ChartPoint[], x: Scale, y: Scale): LineShape {
  let d = '';
  let drawing = false;
  let count = 0;
  let first: { cx: number; cy: number } | null = null;
  for (const point of points) {
    const px = Number.isFinite(point.x) ? x(point.x) : undefined;
    const py = Number.isFinite(point.y) ? y(point.y) : undefined;
    if (px === undefined || py === undefined || !Number.isFinite(px) || !Number.isFinite(py)) {
      drawing = false;
      continue;
    }
    d += `${drawing ? 'L' : 'M'}${px.toFixed(1)},${py.toFixed(1)}`;
    drawing = true;
    count++;
    first ??= { cx: px, cy: py };
  }
  if (count === 0 || first === null) return { kind: 'none' };
  return count === 1 ? { kind: 'dot', ...first } : { kind: 'path', d };
}

/** The index of the point whose x is nearest `x`, in points sorted by x; -1 when there are none. */
export function nearestIndex(points: readonly ChartPoint[], x: number): number {
  if (points.length === 0) return -1;
  let low = 0;
  let high = points.length - 1;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((points[middle] as ChartPoint).x < x) low = middle + 1;
    else high = middle;
  }
  const after = points[low] as ChartPoint;
  const before = points[low - 1];
  return before !== undefined && x - before.x <= after.x - x ? low - 1 : low;
}

/** The values the y-axis is fitted to: every point of the lines that fit it. */
export function* axisValues(lines: readonly DrawnLine[]): Generator<number> {
  for (const line of lines) {
    if (!line.fitsAxis) continue;
    for (const point of line.points) yield point.y;
  }
}

/** The legend's entries for some lines, in the given order: a plain line in each line's colour and dash. */
export function legendOf(styles: readonly LineStyle[]): LegendPayload[] {
  return styles.flatMap((style) =>
    style.name === undefined
      ? []
      : [
          {
            value: style.name,
            type: 'plainline' as const,
            color: style.stroke,
            payload: { strokeDasharray: style.dash ?? '0' },
          },
        ],
  );
}

/** How near (in pixels) a line's point must be to the snapped epoch for the hover readout to name it. */
export const HOVER_REACH_PIXELS = 6;

/** What the hover readout shows: the epoch pointed at, and each named line's value there. */
export interface Readout {
  readonly x: number;
  readonly entries: readonly { readonly name: string; readonly colour: string; readonly point: ChartPoint }[];
}

/**
 * The readout at data value `at`: snapped to the nearest point of a snapping line, then each named line's
 * point nearest it, if that lies within HOVER_REACH_PIXELS of it on the screen.
 */
export function readAt(lines: readonly DrawnLine[], at: number, x: Scale): Readout | null {
  let snapped: number | null = null;
  for (const line of lines) {
    if (line.name === undefined || !line.snaps) continue;
    const point = line.points[nearestIndex(line.points, at)];
    if (point && (snapped === null || Math.abs(point.x - at) < Math.abs(snapped - at))) snapped = point.x;
  }
  if (snapped === null) return null;
  const snappedPixel = x(snapped);
  if (snappedPixel === undefined) return null;
  const entries: Readout['entries'][number][] = [];
  for (const line of lines) {
    if (line.name === undefined) continue;
    const point = line.points[nearestIndex(line.points, snapped)];
    const pixel = point && x(point.x);
    if (point && pixel !== undefined && Math.abs(pixel - snappedPixel) <= HOVER_REACH_PIXELS) {
      entries.push({ name: line.name, colour: line.stroke, point });
    }
  }
  return { x: snapped, entries };
}

/** Where a vertical line's label sits, in Recharts' label positions. */
export type LineLabelPosition = 'insideTopLeft' | 'insideTopRight';

/**
 * Where the label of a vertical line at `pixel` goes: on the side of the line with more of the plot, so
 * that a line near the y-axis does not write its label over the axis's ticks. Recharts names the
 * positions after the line's own (zero-width) box: insideTopLeft starts the text at the line and runs it
 * to the right; insideTopRight ends it at the line.
 */
export function labelPosition(
  pixel: number,
  plot: { readonly x: number; readonly width: number },
): LineLabelPosition {
  return pixel - plot.x < plot.width / 2 ? 'insideTopLeft' : 'insideTopRight';
}
