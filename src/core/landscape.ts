import type { PointSet } from './datasets.ts';
import { traceZeroLevel } from './grid.ts';
import { finiteRange, penaltyPerExample } from './metrics.ts';
import type { Model } from './model.ts';
import type { Objective } from './objectives.ts';

/** Where and how finely to map the objective over the first two parameters. */
export interface LandscapeOptions {
  /** Cells per side. */
  readonly resolution: number;
  readonly w1Range: readonly [number, number];
  readonly w2Range: readonly [number, number];
  /** Points used at most (default 2000), spread evenly over the set; their sum is scaled to the whole set. */
  readonly maxPoints?: number;
}

/** The training objective over a grid of (w₁, w₂), every other parameter at its current value. */
export interface Landscape {
  readonly resolution: number;
  readonly w1Range: readonly [number, number];
  readonly w2Range: readonly [number, number];
  /**
   * resolution × resolution values at the cell centres, row-major as grid.ts: row 0 at the top (largest
   * w₂), columns in increasing w₁.
   */
  readonly values: Float32Array;
}

/** Points a landscape uses by default: enough for a smooth picture, few enough to redraw while training. */
export const LANDSCAPE_MAX_POINTS = 2000;

/** The (w₁, w₂) at the centre of a landscape cell, as computeLandscape evaluates it. */
export function landscapeCellWeights(
  resolution: number,
  w1Range: readonly [number, number],
  w2Range: readonly [number, number],
  row: number,
  column: number,
): [number, number] {
  const [w1Low, w1High] = w1Range;
  const [w2Low, w2High] = w2Range;
  return [
    w1Low + ((column + 0.5) * (w1High - w1Low)) / resolution,
    w2High - ((row + 0.5) * (w2High - w2Low)) / resolution,
  ];
}

/**
 * The training objective Σ loss + n·(λ/2)·‖w_pen‖² over a grid of the first two parameters (w₁, w₂), with
 * every other parameter (the bias, extra features) at its current value. At most `maxPoints` points, taken
 * at even strides, are scored, and their loss is scaled by n/m so values read on the scale of the whole
 * set. The model's weights are moved while computing and restored before returning.
 */
export function computeLandscape(
  model: Model,
  points: PointSet,
  objective: Objective,
  l2: number,
  options: LandscapeOptions,
): Landscape {
  const { resolution, w1Range, w2Range } = options;
  const weights = model.weights;
  if (weights.length < 2) throw new RangeError('a landscape needs a model with at least two parameters');
  const count = points.y.length;
  const used = Math.max(0, Math.min(count, Math.floor(options.maxPoints ?? LANDSCAPE_MAX_POINTS)));
  // Even strides rather than a random draw: the same points every time, so successive redraws agree.
  let x = points.x;
  let y = points.y;
  if (used < count) {
    x = new Float64Array(2 * used);
    y = new Float64Array(used);
    for (let k = 0; k < used; k++) {
      const i = Math.floor((k * count) / used);
      x[2 * k] = points.x[2 * i] as number;
      x[2 * k + 1] = points.x[2 * i + 1] as number;
      y[k] = points.y[i] as number;
    }
  }
  const scale = used === 0 ? 0 : count / used;
  const scores = new Float64Array(used);
  const values = new Float32Array(resolution * resolution);
  const saved = [weights[0] as number, weights[1] as number] as const;
  try {
    for (let row = 0; row < resolution; row++) {
      for (let column = 0; column < resolution; column++) {
        const [w1, w2] = landscapeCellWeights(resolution, w1Range, w2Range, row, column);
        weights[0] = w1;
        weights[1] = w2;
        model.scoreAll(x, scores);
        const loss = used === 0 ? 0 : scale * objective.totalLoss(scores, y, used);
        const penalty = l2 === 0 ? 0 : count * penaltyPerExample(weights, model.penalized, l2);
        values[row * resolution + column] = loss + penalty;
      }
    }
  } finally {
    weights[0] = saved[0];
    weights[1] = saved[1];
  }
  return { resolution, w1Range, w2Range, values };
}

/** Level curves a landscape map draws. */
export const LANDSCAPE_LEVELS = 11;

/** The lowest and highest finite values of a landscape; null when it has none, or all are equal. */
export function landscapeSpan(values: Float32Array): [number, number] | null {
  const range = finiteRange(values);
  return range !== null && range[1] > range[0] ? range : null;
}

/**
 * The level curves of a landscape, as line segments (x1, y1, x2, y2, …) in traceZeroLevel's coordinates
 * (cell centres across [−1, 1]², y up). The k-th of `levels` curves sits at low + (high − low)·(k/(levels+1))²:
 * square-root spacing puts more curves near the minimum, where SGD spends its time.
 */
export function landscapeContours(
  values: Float32Array,
  resolution: number,
  levels = LANDSCAPE_LEVELS,
): Float32Array {
  const span = landscapeSpan(values);
  if (span === null) return new Float32Array(0);
  const [low, high] = span;
  const shifted = new Float32Array(values.length);
  const parts: Float32Array[] = [];
  for (let k = 1; k <= levels; k++) {
    const t = k / (levels + 1);
    const level = low + (high - low) * t * t;
    for (let cell = 0; cell < values.length; cell++) shifted[cell] = (values[cell] as number) - level;
    parts.push(traceZeroLevel({ resolution, extent: 1, scores: shifted }));
  }
  const segments = new Float32Array(parts.reduce((total, part) => total + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    segments.set(part, offset);
    offset += part.length;
  }
  return segments;
}

/** Share of the window's span left free on each side of what it must show. */
const RANGE_MARGIN = 0.2;
/** The smallest span of a window, so that a run still at the start does not zoom in on rounding. */
const MINIMUM_SPAN = 1;

/**
 * A square window of (w₁, w₂) that holds the start (0, 0), every weight vector given (the current weights,
 * or a whole trajectory) and the optimum if there is one, with a margin. Both axes get the same span, so
 * level curves keep their true shape and a gradient arrow stays perpendicular to them.
 */
export function chooseLandscapeRanges(
  visited: readonly ArrayLike<number>[],
  optimum: ArrayLike<number> | null = null,
): { w1Range: [number, number]; w2Range: [number, number] } {
  let w1Low = 0;
  let w1High = 0;
  let w2Low = 0;
  let w2High = 0;
  const include = (weights: ArrayLike<number>) => {
    const w1 = weights[0];
    const w2 = weights[1];
    // A diverged run's weights are not worth a window; the finite ones still are.
    if (w1 === undefined || w2 === undefined || !Number.isFinite(w1) || !Number.isFinite(w2)) return;
    w1Low = Math.min(w1Low, w1);
    w1High = Math.max(w1High, w1);
    w2Low = Math.min(w2Low, w2);
    w2High = Math.max(w2High, w2);
  };
  for (const weights of visited) include(weights);
  if (optimum !== null) include(optimum);
  const span = Math.max(MINIMUM_SPAN, w1High - w1Low, w2High - w2Low) * (1 + 2 * RANGE_MARGIN);
  const around = (low: number, high: number): [number, number] => {
    const centre = (low + high) / 2;
    return [centre - span / 2, centre + span / 2];
  };
  return { w1Range: around(w1Low, w1High), w2Range: around(w2Low, w2High) };
}
