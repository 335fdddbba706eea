/**
 * Drawing the plane: heatmap, axes, boundary lines, points and the batch's rings. No DOM here beyond the
 * 2-D context, so the same code paints in the page and in the plane's worker (`plane.worker.ts`), which
 * draws the boundary view onto an OffscreenCanvas.
 */
import { chainSegments, type ScoreGrid } from '../../core/grid.ts';

/**
 * A 2-D context: a page canvas's or an OffscreenCanvas's. Typed by the OffscreenCanvas one, which both
 * the page's and the worker's type libraries know.
 */
export type Context2D = Omit<OffscreenCanvasRenderingContext2D, 'canvas'>;

/** Okabe–Ito blue for the +1 class. */
export const POSITIVE_COLOUR = '#0072B2';
/** Okabe–Ito vermillion for the −1 class. */
export const NEGATIVE_COLOUR = '#D55E00';

const POSITIVE_RGB = [0, 114, 178] as const;
const NEGATIVE_RGB = [213, 94, 0] as const;
/** How far the heatmap goes from white towards a class colour: pale, so the points stay readable. */
const HEATMAP_STRENGTH = 0.42;

/** Maps plane coordinates in [−extent, extent]² to canvas pixels of a square of `size`. */
export function planeToCanvas(extent: number, size: number) {
  const scale = size / (2 * extent);
  return {
    x: (x1: number) => (x1 + extent) * scale,
    y: (x2: number) => (extent - x2) * scale,
  };
}

/**
 * Fills `image` (resolution × resolution) with a diverging map of the scores through white at zero:
 * blue where the model says +1, vermillion where it says −1. Non-finite scores are painted grey.
 */
export function paintHeatmap(image: ImageData, grid: ScoreGrid): void {
  const { scores } = grid;
  const pixels = image.data;
  for (let cell = 0; cell < scores.length; cell++) {
    const score = scores[cell] as number;
    const offset = 4 * cell;
    if (!Number.isFinite(score)) {
      pixels[offset] = pixels[offset + 1] = pixels[offset + 2] = 200;
      pixels[offset + 3] = 255;
      continue;
    }
    const strength = HEATMAP_STRENGTH * Math.tanh(Math.abs(score));
    const target = score >= 0 ? POSITIVE_RGB : NEGATIVE_RGB;
    pixels[offset] = 255 + (target[0] - 255) * strength;
    pixels[offset + 1] = 255 + (target[1] - 255) * strength;
    pixels[offset + 2] = 255 + (target[2] - 255) * strength;
    pixels[offset + 3] = 255;
  }
}

/** Draws a score grid, scaled to a square of `size` pixels, onto a canvas. */
export type HeatmapPainter = (context: Context2D, grid: ScoreGrid, size: number) => void;

/**
 * A painter for heatmaps: the grid's pixels go into an offscreen layer of the grid's resolution, which is
 * then scaled onto the canvas. The layer and its ImageData are kept while the resolution stays, so a frame
 * allocates nothing and does not reset a canvas.
 */
export function createHeatmapPainter(): HeatmapPainter {
  let layer: OffscreenCanvas | null = null;
  let layerContext: OffscreenCanvasRenderingContext2D | null = null;
  let image: ImageData | null = null;
  return (context, grid, size) => {
    const { resolution } = grid;
    if (layer === null) {
      layer = new OffscreenCanvas(resolution, resolution);
      layerContext = layer.getContext('2d');
    }
    if (!layerContext) return;
    if (image === null || image.width !== resolution) {
      layer.width = layer.height = resolution;
      image = layerContext.createImageData(resolution, resolution);
    }
    paintHeatmap(image, grid);
    layerContext.putImageData(image, 0, 0);
    context.imageSmoothingEnabled = true;
    context.drawImage(layer, 0, 0, size, size);
  };
}

/**
 * How the points of a dataset of `count` points are drawn, in CSS pixels: a crowd of points gets smaller,
 * fainter marks without the white halo, so that the heatmap shows through it and the boundary over it.
 * The marks never get so small that a circle (+1) and a triangle (−1) look alike.
 */
export interface PointLook {
  readonly radius: number;
  /** The opacity the points are laid over the heatmap with (as one layer: crowds do not pile up). */
  readonly alpha: number;
  /** Whether filled marks get a white outline and hollow ones a white fill (they stand out of the heatmap). */
  readonly haloed: boolean;
}

/** The look of `count` points: full size up to a thousand, then smaller and fainter as they crowd. */
export function pointLook(count: number): PointLook {
  const crowding = Math.max(1, count / 1000);
  return {
    radius: Math.max(2, 4 / Math.sqrt(crowding)),
    alpha: Math.max(0.25, Math.min(1, Math.sqrt(2 / crowding))),
    haloed: count <= 5000,
  };
}

/**
 * Draws one point: a circle for +1, a triangle for −1; filled for training, hollow for test. Without a
 * halo a hollow point is only its outline, so a crowd of test points does not paint the plane white.
 */
export function drawPoint(
  context: Context2D,
  x: number,
  y: number,
  label: number,
  filled: boolean,
  radius: number,
  haloed = true,
): void {
  context.beginPath();
  if (label > 0) {
    context.arc(x, y, radius, 0, 2 * Math.PI);
  } else {
    const r = radius * 1.25;
    context.moveTo(x, y - r);
    context.lineTo(x + r * 0.866, y + r * 0.5);
    context.lineTo(x - r * 0.866, y + r * 0.5);
    context.closePath();
  }
  const colour = label > 0 ? POSITIVE_COLOUR : NEGATIVE_COLOUR;
  if (filled) {
    context.fillStyle = colour;
    context.fill();
    if (!haloed) return;
    context.strokeStyle = '#ffffff';
    context.lineWidth = 1;
    context.stroke();
  } else {
    if (haloed) {
      context.fillStyle = '#ffffff';
      context.fill();
    }
    context.strokeStyle = colour;
    context.lineWidth = 1.75;
    context.stroke();
  }
}

/** Draws a set of points (x1, x2 interleaved) onto a canvas of `size` pixels. */
export function drawPoints(
  context: Context2D,
  x: Float64Array,
  y: Float64Array,
  filled: boolean,
  size: number,
  extent: number,
  radius: number,
  haloed = true,
): void {
  const map = planeToCanvas(extent, size);
  for (let i = 0; i < y.length; i++) {
    drawPoint(
      context,
      map.x(x[2 * i] as number),
      map.y(x[2 * i + 1] as number),
      y[i] as number,
      filled,
      radius,
      haloed,
    );
  }
}

/** Chained lines of segment sets already drawn dashed (the optimum's stays the same for a whole run). */
const chained = new WeakMap<Float32Array, Float32Array[]>();

function chainedLines(segments: Float32Array): Float32Array[] {
  let lines = chained.get(segments);
  if (!lines) {
    lines = chainSegments(segments);
    chained.set(segments, lines);
  }
  return lines;
}

/** How each boundary looks: the model's solid dark line, w*'s dashed purple one, w̄'s dotted teal one. */
const BOUNDARY_LOOKS = {
  model: { colour: '#1a1a1a', dash: null },
  optimum: { colour: '#5b21b6', dash: [10, 7] },
  averaged: { colour: '#0f766e', dash: [2, 5] },
} as const;

/** Which boundary a line is: the model's, the exact optimum's or the averaged weights'. */
export type BoundaryLook = keyof typeof BOUNDARY_LOOKS;

/**
 * Draws the zero-level segments (x1, y1, x2, y2 in plane coordinates) as one dark line, as the exact
 * optimum's dashed purple one (`true` or 'optimum') or as the averaged weights' dotted teal one; `ratio` is
 * device pixels per CSS pixel.
 */
export function drawBoundary(
  context: Context2D,
  segments: Float32Array,
  size: number,
  extent: number,
  look: boolean | BoundaryLook = false,
  ratio = 1,
) {
  const { colour, dash } = BOUNDARY_LOOKS[look === true ? 'optimum' : look === false ? 'model' : look];
  const map = planeToCanvas(extent, size);
  context.save();
  context.beginPath();
  if (dash !== null) {
    // Dashes need the segments joined into lines, or each grid cell's piece would start a new dash.
    context.setLineDash(dash.map((length) => length * ratio));
    for (const line of chainedLines(segments)) {
      context.moveTo(map.x(line[0] as number), map.y(line[1] as number));
      for (let k = 2; k + 1 < line.length; k += 2) {
        context.lineTo(map.x(line[k] as number), map.y(line[k + 1] as number));
      }
    }
  } else {
    for (let k = 0; k + 3 < segments.length; k += 4) {
      context.moveTo(map.x(segments[k] as number), map.y(segments[k + 1] as number));
      context.lineTo(map.x(segments[k + 2] as number), map.y(segments[k + 3] as number));
    }
  }
  context.strokeStyle = colour;
  context.lineWidth = 2.5 * ratio;
  context.lineCap = dash === null ? 'round' : 'butt';
  context.stroke();
  context.restore();
}

/** Rings the points of the current mini-batch. */
export function drawBatchRings(
  context: Context2D,
  trainX: Float64Array,
  indices: Uint32Array,
  size: number,
  extent: number,
  radius: number,
): void {
  const map = planeToCanvas(extent, size);
  context.beginPath();
  for (const i of indices) {
    const x = map.x(trainX[2 * i] as number);
    const y = map.y(trainX[2 * i + 1] as number);
    context.moveTo(x + radius, y);
    context.arc(x, y, radius, 0, 2 * Math.PI);
  }
  context.lineWidth = 4;
  context.strokeStyle = '#ffffff';
  context.stroke();
  context.lineWidth = 2;
  context.strokeStyle = '#111111';
  context.stroke();
}

/** Faint grid lines every 2 units with the axes a little darker, and axis names. */
export function drawAxes(context: Context2D, size: number, extent: number, scale: number): void {
  const map = planeToCanvas(extent, size);
  context.lineWidth = 1;
  for (let value = -extent + 2; value < extent; value += 2) {
    context.strokeStyle = value === 0 ? 'rgba(0,0,0,0.28)' : 'rgba(0,0,0,0.08)';
    context.beginPath();
    context.moveTo(map.x(value), 0);
    context.lineTo(map.x(value), size);
    context.moveTo(0, map.y(value));
    context.lineTo(size, map.y(value));
    context.stroke();
  }
  context.fillStyle = 'rgba(0,0,0,0.6)';
  context.font = `${12 * scale}px system-ui, sans-serif`;
  context.fillText('x₁ →', size - 34 * scale, map.y(0) - 6 * scale);
  context.fillText('↑ x₂', map.x(0) + 6 * scale, 14 * scale);
}

/** The points of a dataset, x as (x₁, x₂) pairs and y as ±1. */
export interface PlanePoints {
  readonly trainX: Float64Array;
  readonly trainY: Float64Array;
  readonly testX: Float64Array;
  readonly testY: Float64Array;
}

/** Everything the boundary view shows, in plane coordinates, and the canvas's size. */
export interface PlaneScene {
  /** The model's scores over the plane, or null before the worker sent any. */
  readonly grid: ScoreGrid | null;
  /** The model's zero level as segments (x1, y1, x2, y2). */
  readonly boundary: Float32Array | null;
  /** The exact optimum's zero level, drawn dashed; null when there is none. */
  readonly optimum: Float32Array | null;
  /** The averaged weights' zero level, drawn dotted; null (or left out) while they are not shown. */
  readonly averaged?: Float32Array | null;
  readonly points: PlanePoints | null;
  /** Training indices of the batch to ring, or null. */
  readonly rings: Uint32Array | null;
  /** The canvas's side in device pixels, and device pixels per CSS pixel. */
  readonly size: number;
  readonly ratio: number;
}

/** Half the side of the plane in plane units: the plane shows [−extent, extent]². */
export type PlanePainter = (
  canvas: { width: number; height: number },
  context: Context2D,
  scene: PlaneScene,
  extent: number,
) => void;

/**
 * A painter for the whole plane, on a page canvas or an OffscreenCanvas: it sizes the canvas to the
 * scene, and calls `onFirstModel` the first time it draws a model. The points change only with the data,
 * so they are drawn once into a layer of their own, which each frame then copies; the heatmap keeps its
 * own layer (`createHeatmapPainter`).
 */
export function createPlanePainter(onFirstModel: () => void): PlanePainter {
  const paintGrid = createHeatmapPainter();
  let pointsLayer: OffscreenCanvas | null = null;
  let pointsFor: PlanePoints | null = null;
  let pointsSize = 0;
  let modelShown = false;
  return (canvas, context, scene, extent) => {
    const { size, ratio, grid, points } = scene;
    if (canvas.width !== size) canvas.width = canvas.height = size;
    if (grid && !modelShown) {
      modelShown = true;
      onFirstModel();
    }
    const look = pointLook(points ? points.trainY.length + points.testY.length : 0);
    const radius = look.radius * ratio;
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, size, size);
    if (grid) paintGrid(context, grid, size);
    drawAxes(context, size, extent, ratio);
    if (points) {
      if (pointsFor !== points || pointsSize !== size || pointsLayer === null) {
        pointsLayer ??= new OffscreenCanvas(size, size);
        pointsLayer.width = pointsLayer.height = size;
        const layer = pointsLayer.getContext('2d');
        if (layer) {
          layer.clearRect(0, 0, size, size);
          drawPoints(layer, points.testX, points.testY, false, size, extent, radius, look.haloed);
          drawPoints(layer, points.trainX, points.trainY, true, size, extent, radius, look.haloed);
        }
        pointsFor = points;
        pointsSize = size;
      }
      context.globalAlpha = look.alpha;
      context.drawImage(pointsLayer, 0, 0);
      context.globalAlpha = 1;
    }
    // The boundaries go over the points: however many points there are, the lines stay in sight.
    if (scene.boundary && scene.boundary.length > 0) {
      drawBoundary(context, scene.boundary, size, extent, false, ratio);
    }
    // The optimum's dashes go over the model's line: near the end of a run the two nearly coincide, and
    // the gaps between the dashes then show the model's line beside it, close but not exact.
    if (scene.optimum && scene.optimum.length > 0) {
      drawBoundary(context, scene.optimum, size, extent, true, ratio);
    }
    if (scene.averaged && scene.averaged.length > 0) {
      drawBoundary(context, scene.averaged, size, extent, 'averaged', ratio);
    }
    if (points && scene.rings) {
      drawBatchRings(context, points.trainX, scene.rings, size, extent, radius + 4 * ratio);
    }
  };
}

/** The light disc that shows, while a person drags the eraser, what the drag will erase. */
export function drawEraseTrail(
  context: Context2D,
  size: number,
  extent: number,
  x1: number,
  x2: number,
  radius: number,
): void {
  const map = planeToCanvas(extent, size);
  const scale = size / (2 * extent);
  context.fillStyle = 'rgba(0, 0, 0, 0.12)';
  context.beginPath();
  context.arc(map.x(x1), map.y(x2), radius * scale, 0, 2 * Math.PI);
  context.fill();
}
