import { useEffect, useRef, useState, type PointerEvent, type ReactNode } from 'react';
import { PLANE_EXTENT } from '../../core/datasets.ts';
import type { AppState } from '../../state/store.ts';
import { trackWidth } from '../trackWidth.ts';
import { useAppStore, useAppStoreApi } from '../../state/store.ts';
import { averagedBoundary } from './averagedBoundary.ts';
import { NEGATIVE_COLOUR, POSITIVE_COLOUR, type PlaneScene } from './paint.ts';
import { holdPlaneSurface, releasePlaneSurface, type PlaneSurface } from './planeSurface.ts';

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

/** How many times a failed plane worker is replaced (with a fresh canvas) before the view gives up. */
const MAX_PLANE_RESTARTS = 3;
/** How long the note about a replaced plane worker stays once the new one draws. */
const PLANE_FAULT_NOTE_MILLISECONDS = 6000;

/** What the boundary view shows for a state of the store, on a canvas `cssWidth` CSS pixels wide. */
export function sceneOf(state: AppState, cssWidth: number, ratio: number): PlaneScene {
  // While scrubbing, the plane shows the model of the chosen epoch instead of the live one.
  const scrubbed = state.scrubEpoch !== null ? state.epochView : null;
  const optimum = state.info?.optimum;
  const batch = state.lastUpdate;
  return {
    grid: scrubbed ? scrubbed.grid : state.grid,
    boundary: scrubbed ? scrubbed.boundary : state.boundary,
    optimum: optimum?.kind === 'minimum' ? optimum.boundary : null,
    averaged: scrubbed ? null : averagedBoundary(state),
    points: state.points,
    // The batch of the last step is ringed when stepping, not while training (it changes every frame).
    rings: batch && state.counters.state !== 'training' && scrubbed === null ? batch.indices : null,
    size: Math.round(Math.max(200, Math.round(cssWidth)) * ratio),
    ratio,
  };
}

/** The decision boundary: heatmap of the score, the zero line, the points and the current batch. */
export function BoundaryView({ children }: { children?: ReactNode }) {
  const store = useAppStoreApi();
  // The caption names the last batch only when not training; while training it would change every frame.
  const lastUpdate = useAppStore((state) => (state.counters.state === 'training' ? null : state.lastUpdate));
  const training = useAppStore((state) => state.counters.state === 'training');
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const surfaceRef = useRef<PlaneSurface | null>(null);
  // A failed plane worker is replaced with a fresh canvas (a canvas goes to a worker only once).
  const [generation, setGeneration] = useState(0);
  const [planeFault, setPlaneFault] = useState<string | null>(null);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const surface = holdPlaneSurface(canvas, PLANE_EXTENT, {
      firstModel: () => {
        markFirstFrame();
        // A replacement worker draws: the note about the failed one stays a moment, then goes.
        setTimeout(() => setPlaneFault(null), PLANE_FAULT_NOTE_MILLISECONDS);
      },
      failed: (description) => {
        setPlaneFault(description);
        setGeneration((count) => (count < MAX_PLANE_RESTARTS ? count + 1 : count));
      },
    });
    surfaceRef.current = surface;
    const canvasWidth = trackWidth(canvas, () => paint(store.getState()));
    const paint = (state: AppState) =>
      surface.paint(sceneOf(state, canvasWidth.width, window.devicePixelRatio || 1));
    paint(store.getState());
    const unsubscribe = store.subscribe((state, previous) => {
      if (
        state.grid !== previous.grid ||
        state.boundary !== previous.boundary ||
        state.points !== previous.points ||
        state.lastUpdate !== previous.lastUpdate ||
        state.info !== previous.info ||
        state.epochView !== previous.epochView ||
        state.scrubEpoch !== previous.scrubEpoch ||
        state.averages !== previous.averages ||
        state.averagedKind !== previous.averagedKind ||
        state.noiseFloorViews !== previous.noiseFloorViews ||
        state.counters.state !== previous.counters.state
      ) {
        paint(state);
      }
    });
    return () => {
      unsubscribe();
      canvasWidth.dispose();
      surfaceRef.current = null;
      releasePlaneSurface(canvas);
    };
  }, [store, generation]);

  const drawTool = useAppStore((state) => state.drawTool);
  const hasOptimum = useAppStore((state) => state.info?.optimum.kind === 'minimum');
  const averagedShown = useAppStore((state) => state.noiseFloorViews.averages);
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
    // A light trail shows what the drag will erase when it ends.
    surfaceRef.current?.trail(x1, x2, ERASE_RADIUS);
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
        key={generation}
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
      {planeFault && (
        <p className="note" role="alert">
          {generation < MAX_PLANE_RESTARTS
            ? `The plane's drawing worker stopped (${planeFault}); a new one draws it now.`
            : `The plane cannot be drawn: ${planeFault}. Training and the charts go on; reloading the page may help.`}
        </p>
      )}
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
        {averagedShown && (
          <li>
            <svg width="22" height="14" aria-hidden="true">
              <line x1="1" y1="7" x2="21" y2="7" stroke="#0f766e" strokeWidth="2.5" strokeDasharray="2 5" />
            </svg>
            averaged weights w̄
          </li>
        )}
      </ul>
    </section>
  );
}
