import type { ScoreGrid } from '../../core/grid.ts';

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
export type HeatmapPainter = (context: CanvasRenderingContext2D, grid: ScoreGrid, size: number) => void;

/**
 * A painter for heatmaps: the grid's pixels go into an offscreen layer of the grid's resolution, which is
 * then scaled onto the canvas. The layer and its ImageData are kept while the resolution stays, so a frame
 * allocates nothing and does not reset a canvas.
 */
export function createHeatmapPainter(): HeatmapPainter {
  const layer = document.createElement('canvas');
  const layerContext = layer.getContext('2d');
  let image: ImageData | null = null;
  return (context, grid, size) => {
    if (!layerContext) return;
    const { resolution } = grid;
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

/** Draws one point: a circle for +1, a triangle for −1; filled for training, hollow for test. */
export function drawPoint(
  context: CanvasRenderingContext2D,
  x: number,
  y: number,
  label: number,
  filled: boolean,
  radius: number,
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
    context.strokeStyle = '#ffffff';
    context.lineWidth = 1;
    context.stroke();
  } else {
    context.fillStyle = '#ffffff';
    context.fill();
    context.strokeStyle = colour;
    context.lineWidth = 1.75;
    context.stroke();
  }
}

/** Draws a set of points (x1, x2 interleaved) onto a canvas of `size` pixels. */
export function drawPoints(
  context: CanvasRenderingContext2D,
  x: Float64Array,
  y: Float64Array,
  filled: boolean,
  size: number,
  extent: number,
  radius: number,
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
    );
  }
}

/** Draws the zero-level segments (x1, y1, x2, y2 in plane coordinates) as one dark line, or dashed. */
export function drawBoundary(
  context: CanvasRenderingContext2D,
  segments: Float32Array,
  size: number,
  extent: number,
  dashed = false,
) {
  const map = planeToCanvas(extent, size);
  context.save();
  if (dashed) context.setLineDash([10, 7]);
  context.beginPath();
  for (let k = 0; k + 3 < segments.length; k += 4) {
    context.moveTo(map.x(segments[k] as number), map.y(segments[k + 1] as number));
    context.lineTo(map.x(segments[k + 2] as number), map.y(segments[k + 3] as number));
  }
  context.strokeStyle = dashed ? '#5b21b6' : '#1a1a1a';
  context.lineWidth = 2.5;
  context.lineCap = dashed ? 'butt' : 'round';
  context.stroke();
  context.restore();
}

/** Rings the points of the current mini-batch. */
export function drawBatchRings(
  context: CanvasRenderingContext2D,
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
export function drawAxes(
  context: CanvasRenderingContext2D,
  size: number,
  extent: number,
  scale: number,
): void {
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
