import { useEffect, useRef } from 'react';
import { landscapeSpan } from '../../core/landscape.ts';
import { useAppStore, useAppStoreApi, type AppState } from '../../state/store.ts';
import { followOnTicks } from '../pageClock.ts';
import { trackWidth, type TrackedWidth } from '../trackWidth.ts';
import { paintAveragedMarker, paintCloud } from './landscapeOverlay.ts';
import { CloudToggle } from './NoiseFloorControls.tsx';

/** Light (low objective) to dark (high), a sequential map that prints in grey as well; t in [0, 1]. */
function shadeInto(data: Uint8ClampedArray, offset: number, t: number): void {
  const u = Math.min(1, Math.max(0, t));
  data[offset] = 247 - 200 * u;
  data[offset + 1] = 251 - 170 * u;
  data[offset + 2] = 255 - 120 * u;
  data[offset + 3] = 255;
}

/** Paints the objective's map and its level curves (traced in the worker), `size` pixels square, into `target`. */
function paintMap(
  target: HTMLCanvasElement,
  landscape: NonNullable<AppState['landscape']>,
  size: number,
): void {
  target.width = target.height = size;
  const context = target.getContext('2d');
  if (!context) return;
  context.fillStyle = '#f8fafc';
  context.fillRect(0, 0, size, size);
  const { resolution: n, values, contours } = landscape;
  const span = landscapeSpan(values);
  if (span === null) return;
  const [low, high] = span;
  const image = context.createImageData(n, n);
  // Square-root shading, like the levels' spacing: more contrast near the minimum.
  for (let cell = 0; cell < values.length; cell++) {
    shadeInto(image.data, 4 * cell, Math.sqrt(((values[cell] as number) - low) / (high - low)));
  }
  const layer = document.createElement('canvas');
  layer.width = layer.height = n;
  layer.getContext('2d')?.putImageData(image, 0, 0);
  context.imageSmoothingEnabled = true;
  context.drawImage(layer, 0, 0, size, size);
  // Grid cell centres span [−1, 1]² in the contours' coordinates; map them back to pixels.
  const toPixel = (u: number) => ((u + 1) / 2) * size;
  const toPixelY = (v: number) => ((1 - v) / 2) * size;
  context.strokeStyle = 'rgba(15, 23, 42, 0.35)';
  context.lineWidth = window.devicePixelRatio || 1;
  context.beginPath();
  for (let s = 0; s + 3 < contours.length; s += 4) {
    context.moveTo(toPixel(contours[s] as number), toPixelY(contours[s + 1] as number));
    context.lineTo(toPixel(contours[s + 2] as number), toPixelY(contours[s + 3] as number));
  }
  context.stroke();
}

/**
 * A painter for the landscape canvas. The map and its contours change only when the worker sends a new
 * landscape (about once a second while training), so they are drawn once into a layer; each frame copies
 * the layer and draws the path, the start, the optimum and the current weights over it.
 */
function createLandscapePainter(
  canvas: HTMLCanvasElement,
): (state: AppState, canvasWidth: TrackedWidth) => void {
  const map = document.createElement('canvas');
  let mapFor: AppState['landscape'] = null;
  return (state, canvasWidth) => {
    const context = canvas.getContext('2d');
    const landscape = state.landscape;
    if (!context) return;
    const ratio = window.devicePixelRatio || 1;
    const size = Math.max(120, Math.round(canvasWidth.width * ratio));
    if (canvas.width !== size) canvas.width = canvas.height = size;
    if (!landscape) {
      context.fillStyle = '#f8fafc';
      context.fillRect(0, 0, size, size);
      return;
    }
    if (mapFor !== landscape || map.width !== size) {
      paintMap(map, landscape, size);
      mapFor = landscape;
    }
    context.drawImage(map, 0, 0);
    paintPath(context, state, landscape, size, ratio);
  };
}

/** The path of the weights, the start, the optimum and the current weights, over the map. */
function paintPath(
  context: CanvasRenderingContext2D,
  state: AppState,
  landscape: NonNullable<AppState['landscape']>,
  size: number,
  ratio: number,
): void {
  const { w1Range, w2Range } = landscape;
  const x = (w1: number) => ((w1 - w1Range[0]) / (w1Range[1] - w1Range[0])) * size;
  const y = (w2: number) => (1 - (w2 - w2Range[0]) / (w2Range[1] - w2Range[0])) * size;
  const path = state.trajectory;
  // Under the cloud the path fades: its jitter around w* is what the cloud shows, dot by dot.
  context.strokeStyle = state.noiseFloorViews.cloud ? 'rgba(180, 83, 9, 0.3)' : '#b45309';
  context.lineWidth = 1.5 * ratio;
  context.beginPath();
  for (let k = 0; k + 1 < path.length; k += 2) {
    const px = x(path[k] as number);
    const py = y(path[k + 1] as number);
    if (k === 0) context.moveTo(px, py);
    else context.lineTo(px, py);
  }
  context.stroke();
  paintCloud(context, state, { x, y }, ratio);
  const dot = (px: number, py: number, colour: string, radius: number) => {
    context.fillStyle = colour;
    context.beginPath();
    context.arc(px, py, radius * ratio, 0, 2 * Math.PI);
    context.fill();
  };
  dot(x(0), y(0), '#475569', 4);
  const optimum = state.info?.optimum;
  if (optimum?.kind === 'minimum') {
    const [o1 = 0, o2 = 0] = optimum.weights;
    context.strokeStyle = '#5b21b6';
    context.lineWidth = 2.5 * ratio;
    const r = 6 * ratio;
    context.beginPath();
    context.moveTo(x(o1) - r, y(o2) - r);
    context.lineTo(x(o1) + r, y(o2) + r);
    context.moveTo(x(o1) + r, y(o2) - r);
    context.lineTo(x(o1) - r, y(o2) + r);
    context.stroke();
  }
  const [w1 = 0, w2 = 0] = state.weights;
  dot(x(w1), y(w2), '#b45309', 5);
  paintAveragedMarker(context, state, { x, y }, ratio);
}

/** The training objective over (w₁, w₂) at the current bias, with the path SGD took batch by batch. */
export function LandscapePanel() {
  const store = useAppStoreApi();
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const linear = useAppStore((state) => state.config.model.kind === 'linear');
  const landscape = useAppStore((state) => state.landscape);
  const hasOptimum = useAppStore((state) => state.info?.optimum.kind === 'minimum');

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const paintLandscape = createLandscapePainter(canvas);
    const canvasWidth = trackWidth(canvas, () => paintLandscape(store.getState(), canvasWidth));
    paintLandscape(store.getState(), canvasWidth);
    const unsubscribe = followOnTicks(
      store,
      (state, previous) =>
        state.landscape !== previous.landscape ||
        state.trajectory !== previous.trajectory ||
        state.info !== previous.info ||
        state.noiseFloorViews !== previous.noiseFloorViews ||
        state.iterateCloud !== previous.iterateCloud ||
        state.spread !== previous.spread ||
        state.averages !== previous.averages ||
        state.averagedKind !== previous.averagedKind,
      (state) => paintLandscape(state, canvasWidth),
    );
    return () => {
      unsubscribe();
      canvasWidth.dispose();
    };
  }, [store, linear]);

  if (!linear) return null;
  const format = (range: readonly [number, number]) => `${range[0].toFixed(1)} … ${range[1].toFixed(1)}`;
  return (
    <section className="panel landscape-panel" aria-labelledby="landscape-heading">
      <h2 id="landscape-heading">Loss landscape</h2>
      <canvas
        ref={canvasRef}
        className="landscape-canvas"
        role="img"
        aria-label="Contour map of the training objective over w1 and w2, with the path of the weights"
      />
      <p className="hint">
        The objective over (w₁, w₂) at the current bias
        {landscape ? ` (w₁ ${format(landscape.w1Range)}, w₂ ${format(landscape.w2Range)})` : ''}: light is
        low. The orange path is w batch by batch from the grey start
        {hasOptimum ? '; the purple ✕ is the exact optimum' : ''}.
      </p>
      <CloudToggle />
    </section>
  );
}
