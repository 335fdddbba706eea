import { useEffect, useRef, type PointerEvent, type ReactNode } from 'react';
import { PLANE_EXTENT } from '../../core/datasets.ts';
import type { AppState } from '../../state/store.ts';
import { trackWidth } from '../trackWidth.ts';
import { useAppStore, useAppStoreApi } from '../../state/store.ts';
import {
  drawAxes,
  drawBatchRings,
  drawBoundary,
  drawPoints,
  createHeatmapPainter,
  NEGATIVE_COLOUR,
  POSITIVE_COLOUR,
} from './paint.ts';

/** The User Timing mark of the first boundary drawn from the worker: the page is then ready to train. */
export const FIRST_FRAME_MARK = 'sgd-lab:first-frame';

let firstFrameMarked = false;

/** Marks the first frame with a model once per page load (`npm run bench:browser` reads the mark). */
function markFirstFrame(): void {
  if (firstFrameMarked) return;
  firstFrameMarked = true;
  performance.mark(FIRST_FRAME_MARK);
}

/** Radius, in plane units, of the eraser. */
const ERASE_RADIUS = 0.4;

/** The decision boundary: heatmap of the score, the zero line, the points and the current batch. */
export function BoundaryView({ children }: { children?: ReactNode }) {
  const store = useAppStoreApi();
  // The caption names the last batch only when not training; while training it would change every frame.
  const lastUpdate = useAppStore((state) => (state.counters.state === 'training' ? null : state.lastUpdate));
  const training = useAppStore((state) => state.counters.state === 'training');
  const canvasRef = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    const canvas = canvasRef.current;
    const context = canvas?.getContext('2d');
    if (!canvas || !context) return;
    // The points change only with the data, so they are drawn once into their own layer and composited.
    const pointsLayer = document.createElement('canvas');
    const paintGrid = createHeatmapPainter();
    const canvasWidth = trackWidth(canvas, () => paint(store.getState()));
    let pointsFor: AppState['points'] | undefined;
    let pointsSize = 0;
    let pixelSize = 0;

    const paint = (state: AppState) => {
      const cssSize = Math.max(200, Math.round(canvasWidth.width));
      const ratio = window.devicePixelRatio || 1;
      const size = Math.round(cssSize * ratio);
      if (size !== pixelSize) {
        canvas.width = canvas.height = size;
        pixelSize = size;
      }
      const radius = (state.points && state.points.trainY.length > 5000 ? 2 : 4) * ratio;
      context.fillStyle = '#ffffff';
      context.fillRect(0, 0, size, size);
      // While scrubbing, the plane shows the model of the chosen epoch instead of the live one.
      const view = state.scrubEpoch !== null ? state.epochView : null;
      const grid = view ? view.grid : state.grid;
      const shownBoundary = view ? view.boundary : state.boundary;
      if (grid) {
        paintGrid(context, grid, size);
        markFirstFrame();
      }
      drawAxes(context, size, PLANE_EXTENT, ratio);
      if (shownBoundary && shownBoundary.length > 0) drawBoundary(context, shownBoundary, size, PLANE_EXTENT);
      if (state.points) {
        if (pointsFor !== state.points || pointsSize !== size) {
          pointsLayer.width = pointsLayer.height = size;
          const layer = pointsLayer.getContext('2d');
          if (layer) {
            layer.clearRect(0, 0, size, size);
            drawPoints(layer, state.points.testX, state.points.testY, false, size, PLANE_EXTENT, radius);
            drawPoints(layer, state.points.trainX, state.points.trainY, true, size, PLANE_EXTENT, radius);
          }
          pointsFor = state.points;
          pointsSize = size;
        }
        context.drawImage(pointsLayer, 0, 0);
        const batch = state.lastUpdate;
        if (batch && state.counters.state !== 'training' && view === null) {
          drawBatchRings(context, state.points.trainX, batch.indices, size, PLANE_EXTENT, radius + 4 * ratio);
        }
      }
    };

    paint(store.getState());
    const unsubscribe = store.subscribe((state, previous) => {
      if (
        state.grid !== previous.grid ||
        state.points !== previous.points ||
        state.lastUpdate !== previous.lastUpdate ||
        state.info !== previous.info ||
        state.epochView !== previous.epochView ||
        state.scrubEpoch !== previous.scrubEpoch ||
        state.counters.state !== previous.counters.state
      ) {
        paint(state);
      }
    });
    return () => {
      unsubscribe();
      canvasWidth.dispose();
    };
  }, [store]);

  const drawTool = useAppStore((state) => state.drawTool);
  const hasOptimum = useAppStore((state) => state.info?.optimum.kind === 'minimum');
  const erasePath = useRef<number[] | null>(null);

  /** The plane coordinates under a pointer event. */
  const toPlane = (event: PointerEvent<HTMLCanvasElement>): [number, number] => {
    const rect = event.currentTarget.getBoundingClientRect();
    const x1 = ((event.clientX - rect.left) / rect.width) * 2 * PLANE_EXTENT - PLANE_EXTENT;
    const x2 = PLANE_EXTENT - ((event.clientY - rect.top) / rect.height) * 2 * PLANE_EXTENT;
    return [x1, x2];
  };
  const onPointerDown = (event: PointerEvent<HTMLCanvasElement>) => {
    const [x1, x2] = toPlane(event);
    const state = store.getState();
    if (state.drawTool === 'positive' || state.drawTool === 'negative') {
      const label = state.drawTool === 'positive' ? 1 : -1;
      state.addPoint(x1, x2, event.shiftKey ? -label : label);
    } else if (state.drawTool === 'erase') {
      erasePath.current = [x1, x2];
      event.currentTarget.setPointerCapture(event.pointerId);
    }
  };
  const onPointerMove = (event: PointerEvent<HTMLCanvasElement>) => {
    if (erasePath.current === null) return;
    const [x1, x2] = toPlane(event);
    erasePath.current.push(x1, x2);
    const canvas = event.currentTarget;
    const context = canvas.getContext('2d');
    if (context) {
      // A light trail shows what the drag will erase when it ends.
      const scale = canvas.width / (2 * PLANE_EXTENT);
      context.fillStyle = 'rgba(0, 0, 0, 0.12)';
      context.beginPath();
      context.arc(
        (x1 + PLANE_EXTENT) * scale,
        (PLANE_EXTENT - x2) * scale,
        ERASE_RADIUS * scale,
        0,
        2 * Math.PI,
      );
      context.fill();
    }
  };
  const onPointerUp = () => {
    const path = erasePath.current;
    erasePath.current = null;
    if (path !== null) store.getState().erasePoints(path, ERASE_RADIUS);
  };

  return (
    <section className="boundary panel" aria-labelledby="boundary-heading">
      <h2 id="boundary-heading">Decision boundary</h2>
      <canvas
        ref={canvasRef}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={onPointerUp}
        data-tool={drawTool}
        className="boundary-canvas"
        role="img"
        aria-label="The plane with the training and test points, shaded by the model's score, with the decision boundary as a dark line"
      />
      {children}
      <p className="canvas-caption" aria-live="polite">
        {lastUpdate && !training
          ? `Ringed: batch ${lastUpdate.batchIndex + 1} of ${lastUpdate.batchesInEpoch} of epoch ${lastUpdate.epochIndex + 1} (${lastUpdate.indices.length} point${lastUpdate.indices.length === 1 ? '' : 's'}), the batch of the last step.`
          : 'Shading: the model’s score, blue for +1 and vermillion for −1, white at the boundary.'}
      </p>
      <ul className="legend" aria-label="Legend">
        <li>
          <svg width="14" height="14" aria-hidden="true">
            <circle cx="7" cy="7" r="5" fill={POSITIVE_COLOUR} />
          </svg>
          class +1
        </li>
        <li>
          <svg width="14" height="14" aria-hidden="true">
            <polygon points="7,1 13,12 1,12" fill={NEGATIVE_COLOUR} />
          </svg>
          class −1
        </li>
        <li>
          <svg width="14" height="14" aria-hidden="true">
            <circle cx="7" cy="7" r="5" fill="#888" />
          </svg>
          train (filled)
        </li>
        <li>
          <svg width="14" height="14" aria-hidden="true">
            <circle cx="7" cy="7" r="5" fill="#fff" stroke="#888" strokeWidth="1.75" />
          </svg>
          test (hollow)
        </li>
        <li>
          <svg width="18" height="18" aria-hidden="true">
            <circle cx="9" cy="9" r="7" fill="none" stroke="#111" strokeWidth="2" />
          </svg>
          batch of the last step
        </li>
        <li>
          <svg width="20" height="14" aria-hidden="true">
            <line x1="1" y1="7" x2="19" y2="7" stroke="#1a1a1a" strokeWidth="2.5" />
          </svg>
          boundary (score 0)
        </li>
        {hasOptimum && (
          <li>
            <svg width="22" height="14" aria-hidden="true">
              <line x1="1" y1="7" x2="21" y2="7" stroke="#5b21b6" strokeWidth="2.5" strokeDasharray="6 4" />
            </svg>
            exact optimum w*
          </li>
        )}
      </ul>
    </section>
  );
}
