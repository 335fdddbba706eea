/**
 * Where the boundary view draws: its canvas, driven from a worker of its own (`plane.worker.ts`) when the
 * browser can hand a canvas to a worker, and painted on the page otherwise (and in tests). Either way the
 * view only says what the scene is now.
 */
import { createPlanePainter, drawEraseTrail, type PlaneScene } from './paint.ts';
import { canvasToBlob } from '../export.ts';
import type { FromPlane, SceneChange, ToPlane } from './planeProtocol.ts';
import type { WorkerPort } from '../../worker/port.ts';

export interface PlaneSurface {
  /** Draws the scene; only its changed fields travel to a worker. */
  paint(scene: PlaneScene): void;
  /** Shows what a drag of the eraser will erase, over the current picture: (x1, x2) and radius in plane units. */
  trail(x1: number, x2: number, radius: number): void;
  /** The canvas as PNG. */
  snapshot(): Promise<Blob>;
  /** Whether the drawing happens in a worker. */
  readonly offMainThread: boolean;
  dispose(): void;
}

/** What a surface reports to the view. */
export interface PlaneListener {
  /** A scene with a model was drawn for the first time. */
  firstModel(): void;
  /** The plane's worker failed; the view may make a new canvas and surface. */
  failed(description: string): void;
}

/** The plane's worker as the page sees it; a real `Worker` fits, and tests pass plain objects. */
export type PlaneWorkerPort = WorkerPort<ToPlane, FromPlane>;

const spawnPlaneWorker = (): PlaneWorkerPort =>
  new Worker(new URL('./plane.worker.ts', import.meta.url), { type: 'module', name: 'sgd-lab-plane' });

/** The fields of `scene` that differ (by identity or value) from `last`. */
export function sceneChange(last: PlaneScene | null, scene: PlaneScene): SceneChange {
  if (last === null) return scene;
  const change: Record<string, unknown> = {};
  for (const key of Object.keys(scene) as (keyof PlaneScene)[]) {
    if (scene[key] !== last[key]) change[key] = scene[key];
  }
  return change as SceneChange;
}

/** Draws on the page: the fallback where a canvas cannot go to a worker. */
function pageSurface(canvas: HTMLCanvasElement, extent: number, listener: PlaneListener): PlaneSurface {
  const context = canvas.getContext('2d');
  // Without OffscreenCanvas (jsdom in tests), the painter's layers cannot be made: nothing is drawn.
  const paint = typeof OffscreenCanvas === 'undefined' ? null : createPlanePainter(listener.firstModel);
  return {
    offMainThread: false,
    paint(scene) {
      if (context && paint) paint(canvas, context, scene, extent);
    },
    trail(x1, x2, radius) {
      if (context) drawEraseTrail(context, canvas.width, extent, x1, x2, radius);
    },
    snapshot: () => canvasToBlob(canvas),
    dispose() {},
  };
}

/** Draws from the plane's worker, which owns the canvas. */
function workerSurface(
  canvas: HTMLCanvasElement,
  extent: number,
  listener: PlaneListener,
  spawn: () => PlaneWorkerPort,
): PlaneSurface {
  const worker = spawn();
  let offscreen: OffscreenCanvas;
  try {
    offscreen = canvas.transferControlToOffscreen();
  } catch (error) {
    worker.terminate();
    throw error;
  }
  const pending = new Map<number, { resolve: (png: Blob) => void; reject: (error: Error) => void }>();
  let nextId = 0;
  let last: PlaneScene | null = null;
  let failed = false;
  const fail = (description: string) => {
    if (failed) return;
    failed = true;
    for (const { reject } of pending.values()) reject(new Error(description));
    pending.clear();
    worker.terminate();
    listener.failed(description);
  };
  worker.onmessage = (event) => {
    const message = event.data;
    if (message.type === 'firstModel') listener.firstModel();
    else if (message.type === 'snapshot') {
      const request = pending.get(message.id);
      pending.delete(message.id);
      if (!request) return;
      if (message.png) request.resolve(message.png);
      else request.reject(new Error(message.error ?? 'the picture could not be encoded'));
    }
  };
  worker.onerror = (event) => {
    event.preventDefault();
    fail(event.message || 'the worker that draws the plane stopped');
  };
  worker.postMessage({ type: 'canvas', canvas: offscreen, extent }, [offscreen]);
  return {
    offMainThread: true,
    paint(scene) {
      if (failed) return;
      const change = sceneChange(last, scene);
      last = scene;
      if (Object.keys(change).length > 0) worker.postMessage({ type: 'scene', change });
    },
    trail(x1, x2, radius) {
      if (!failed) worker.postMessage({ type: 'trail', x1, x2, radius });
    },
    snapshot() {
      if (failed) return Promise.reject(new Error('the plane could not be drawn'));
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.postMessage({ type: 'snapshot', id });
      });
    },
    dispose() {
      failed = true;
      worker.terminate();
    },
  };
}

/**
 * The surface for a boundary view's canvas: a worker's when the browser can transfer the canvas, the page's
 * otherwise. A canvas can be transferred only once, so a view that fails makes a new canvas.
 */
export function createPlaneSurface(
  canvas: HTMLCanvasElement,
  extent: number,
  listener: PlaneListener,
  spawn: (() => PlaneWorkerPort) | null = typeof Worker === 'undefined' ? null : spawnPlaneWorker,
): PlaneSurface {
  if (spawn && typeof canvas.transferControlToOffscreen === 'function') {
    try {
      return workerSurface(canvas, extent, listener, spawn);
    } catch {
      // A canvas that cannot be transferred (one that already has a context) is painted on the page.
    }
  }
  return pageSurface(canvas, extent, listener);
}

/** The surfaces of canvases on screen, and the timer that disposes of one a view let go of. */
const held = new Map<
  HTMLCanvasElement,
  { surface: PlaneSurface; release: ReturnType<typeof setTimeout> | null }
>();

/**
 * The surface of `canvas`, made at its first call. React may unmount a view and mount it again on the same
 * canvas (StrictMode does so in development), and a canvas can be transferred only once, so a surface let
 * go of (`releasePlaneSurface`) is disposed of only if nobody holds it again before the next task.
 */
export function holdPlaneSurface(
  canvas: HTMLCanvasElement,
  extent: number,
  listener: PlaneListener,
  spawn?: (() => PlaneWorkerPort) | null,
): PlaneSurface {
  const entry = held.get(canvas);
  if (entry) {
    if (entry.release !== null) clearTimeout(entry.release);
    entry.release = null;
    return entry.surface;
  }
  const surface = createPlaneSurface(canvas, extent, listener, spawn);
  held.set(canvas, { surface, release: null });
  return surface;
}

export function releasePlaneSurface(canvas: HTMLCanvasElement): void {
  const entry = held.get(canvas);
  if (!entry || entry.release !== null) return;
  entry.release = setTimeout(() => {
    held.delete(canvas);
    entry.surface.dispose();
  }, 0);
}

/** The boundary view on screen as PNG, or null when none is. */
export function planeSnapshot(): Promise<Blob> | null {
  for (const [canvas, entry] of held) {
    if (entry.release === null && canvas.isConnected) return entry.surface.snapshot();
  }
  return null;
}
