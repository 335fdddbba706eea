/** Messages between the page and the plane's worker (`plane.worker.ts`), which draws the boundary view. */
import type { PlaneScene } from './paint.ts';

/** The scene's fields that changed since the last message; the worker keeps the others. */
export type SceneChange = Partial<PlaneScene>;

export type ToPlane =
  /** The boundary view's canvas, handed to the worker once, with half the plane's side. */
  | { readonly type: 'canvas'; readonly canvas: OffscreenCanvas; readonly extent: number }
  /** Draw the scene with these changes. */
  | { readonly type: 'scene'; readonly change: SceneChange }
  /** Show what a drag of the eraser will erase: a light disc at (x1, x2), radius in plane units. */
  | { readonly type: 'trail'; readonly x1: number; readonly x2: number; readonly radius: number }
  /** Encode the canvas as PNG. */
  | { readonly type: 'snapshot'; readonly id: number };

export type FromPlane =
  /** A scene with a model was drawn for the first time. */
  | { readonly type: 'firstModel' }
  | { readonly type: 'snapshot'; readonly id: number; readonly png: Blob | null; readonly error?: string };
