/**
 * Measurements that `npm run bench:browser` takes inside the page, on the page's own drawing code. Loaded
 * as a chunk of its own, only when the bench asks for it (see `sgdLabBench` in main.tsx).
 */
import { PLANE_EXTENT } from '../core/datasets.ts';
import { evaluateGrid } from '../core/grid.ts';
import { createModel } from '../core/models.ts';
import { createHeatmapPainter } from './boundary/paint.ts';

/** Milliseconds per paint: the median, the 95th percentile and the slowest of the runs. */
export interface PaintTiming {
  readonly resolution: number;
  readonly canvasPixels: number;
  readonly runs: number;
  readonly medianMilliseconds: number;
  readonly p95Milliseconds: number;
  readonly maxMilliseconds: number;
}

function percentile(sorted: readonly number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? Number.NaN;
}

/**
 * Times the boundary view's heatmap path (colour every cell of a resolution² grid, put it in the layer,
 * scale it onto a canvas as large as the page's) for a network's scores. Each run reads one pixel back,
 * so the canvas has really drawn before the clock stops.
 */
export function timeHeatmapPaint(resolution: number, runs: number): PaintTiming {
  const shown = document.querySelector<HTMLCanvasElement>('canvas.boundary-canvas');
  // The page's canvas belongs to the plane's worker: its size is read from its layout.
  const canvasPixels = shown ? Math.round(shown.clientWidth * (window.devicePixelRatio || 1)) : 560;
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = canvasPixels;
  const context = canvas.getContext('2d', { willReadFrequently: false });
  if (!context) throw new Error('no 2-D canvas context');
  const model = createModel({ kind: 'network', hiddenLayers: [8, 8], activation: 'tanh' }, 1);
  const grid = evaluateGrid(model, resolution, PLANE_EXTENT);
  const paint = createHeatmapPainter();
  const times: number[] = [];
  for (let run = 0; run < runs + 3; run++) {
    const start = performance.now();
    paint(context, grid, canvasPixels);
    context.getImageData(0, 0, 1, 1);
    // The first runs warm up the JIT and the canvas; they are not counted.
    if (run >= 3) times.push(performance.now() - start);
  }
  const sorted = [...times].sort((a, b) => a - b);
  return {
    resolution,
    canvasPixels,
    runs,
    medianMilliseconds: percentile(sorted, 0.5),
    p95Milliseconds: percentile(sorted, 0.95),
    maxMilliseconds: sorted[sorted.length - 1] ?? Number.NaN,
  };
}
