import { PLANE_EXTENT } from './datasets.ts';
import type { Model } from './model.ts';

/** A square grid of the model's scores over [−extent, extent]², row 0 at the top (largest x2). */
export interface ScoreGrid {
  readonly resolution: number;
  readonly extent: number;
  /** resolution × resolution scores, row-major. */
  readonly scores: Float32Array;
}

/** The plane coordinate of grid column (or, flipped, row) `index`: cell centres span the whole square. */
export function gridCoordinate(index: number, resolution: number, extent: number): number {
  return -extent + ((index + 0.5) * 2 * extent) / resolution;
}

/** Evaluates the model at the centre of every grid cell; `scratch` holds the x1, x2 pairs between calls. */
export function evaluateGrid(
  model: Model,
  resolution: number,
  extent = PLANE_EXTENT,
  scratch: { points?: Float64Array; scores?: Float64Array } = {},
): ScoreGrid {
  const cells = resolution * resolution;
  let points = scratch.points;
  if (points?.length !== 2 * cells) {
    points = new Float64Array(2 * cells);
    for (let row = 0; row < resolution; row++) {
      const x2 = -gridCoordinate(row, resolution, extent);
      for (let column = 0; column < resolution; column++) {
        const cell = row * resolution + column;
        points[2 * cell] = gridCoordinate(column, resolution, extent);
        points[2 * cell + 1] = x2;
      }
    }
    scratch.points = points;
  }
  const scores64 = scratch.scores?.length === cells ? scratch.scores : new Float64Array(cells);
  scratch.scores = scores64;
  model.scoreAll(points, scores64);
  return { resolution, extent, scores: Float32Array.from(scores64) };
}

/**
 * The zero level of a score grid as line segments (x1, y1, x2, y2 in plane coordinates), by marching
 * squares with linear interpolation between cell centres. Non-finite scores yield no segment.
 */
export function traceZeroLevel(grid: ScoreGrid): Float32Array {
  const { resolution: n, extent, scores } = grid;
  const segments: number[] = [];
  const at = (row: number, column: number) => scores[row * n + column] as number;
  const x = (column: number) => gridCoordinate(column, n, extent);
  const y = (row: number) => -gridCoordinate(row, n, extent);
  for (let row = 0; row + 1 < n; row++) {
    for (let column = 0; column + 1 < n; column++) {
      const corners = [at(row, column), at(row, column + 1), at(row + 1, column + 1), at(row + 1, column)];
      if (!corners.every(Number.isFinite)) continue;
      const positions: [number, number][] = [
        [x(column), y(row)],
        [x(column + 1), y(row)],
        [x(column + 1), y(row + 1)],
        [x(column), y(row + 1)],
      ];
      const crossings: number[] = [];
      for (let edge = 0; edge < 4; edge++) {
        const a = corners[edge] as number;
        const b = corners[(edge + 1) % 4] as number;
        if (a > 0 === b > 0) continue;
        const t = a / (a - b);
        const [ax, ay] = positions[edge]!;
        const [bx, by] = positions[(edge + 1) % 4]!;
        crossings.push(ax + t * (bx - ax), ay + t * (by - ay));
      }
      // Two crossings make one segment; four (a saddle) make two, paired in order around the cell.
      for (let k = 0; k + 3 < crossings.length; k += 4) {
        segments.push(crossings[k]!, crossings[k + 1]!, crossings[k + 2]!, crossings[k + 3]!);
      }
    }
  }
  return Float32Array.from(segments);
}

/**
 * Joins zero-level segments (as `traceZeroLevel` returns them, in no order) into polylines of (x, y)
 * pairs, so that a dashed line keeps its rhythm along the curve: a dash pattern starts again at every
 * separate segment, and segments a grid cell long would all be dash. Ends meet when they agree to 1e-4.
 */
export function chainSegments(segments: Float32Array): Float32Array[] {
  const count = Math.floor(segments.length / 4);
  const key = (x: number, y: number) => `${Math.round(x * 1e4)},${Math.round(y * 1e4)}`;
  const point = (segment: number, end: 0 | 1): [number, number] => [
    segments[4 * segment + 2 * end] as number,
    segments[4 * segment + 2 * end + 1] as number,
  ];
  // Every segment under both of its ends.
  const atPoint = new Map<string, number[]>();
  for (let segment = 0; segment < count; segment++) {
    for (const end of [0, 1] as const) {
      const k = key(...point(segment, end));
      const list = atPoint.get(k);
      if (list) list.push(segment);
      else atPoint.set(k, [segment]);
    }
  }
  const used = new Uint8Array(count);
  /** Walks from (x, y) through unused segments, appending the points it reaches. */
  const walk = (from: [number, number], into: number[]) => {
    let [x, y] = from;
    for (;;) {
      const next = atPoint.get(key(x, y))?.find((segment) => used[segment] === 0);
      if (next === undefined) return;
      used[next] = 1;
      const [sx, sy] = point(next, 0);
      [x, y] = key(sx, sy) === key(x, y) ? point(next, 1) : [sx, sy];
      into.push(x, y);
    }
  };
  const lines: Float32Array[] = [];
  for (let segment = 0; segment < count; segment++) {
    if (used[segment]) continue;
    used[segment] = 1;
    const forward: number[] = [];
    const backward: number[] = [];
    walk(point(segment, 1), forward);
    walk(point(segment, 0), backward);
    const line: number[] = [];
    for (let k = backward.length - 2; k >= 0; k -= 2)
      line.push(backward[k] as number, backward[k + 1] as number);
    line.push(...point(segment, 0), ...point(segment, 1), ...forward);
    lines.push(Float32Array.from(line));
  }
  return lines;
}
