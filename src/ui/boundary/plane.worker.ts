/**
 * The plane's worker: draws the boundary view onto the OffscreenCanvas the page hands it. The page only
 * posts what changed; the drawing, and the commit of each frame to the screen, happen here, off the main
 * thread, so the page's main thread does not commit a repainted canvas every frame.
 */
import { createPlanePainter, drawEraseTrail, type PlaneScene } from './paint.ts';
import type { FromPlane, ToPlane } from './planeProtocol.ts';

declare const self: DedicatedWorkerGlobalScope;

let canvas: OffscreenCanvas | null = null;
let context: OffscreenCanvasRenderingContext2D | null = null;
let extent = 1;
let scene: PlaneScene = {
  grid: null,
  boundary: null,
  optimum: null,
  points: null,
  rings: null,
  size: 0,
  ratio: 1,
};
const post = (message: FromPlane) => self.postMessage(message);
const paint = createPlanePainter(() => post({ type: 'firstModel' }));

function draw(): void {
  if (canvas && context && scene.size > 0) paint(canvas, context, scene, extent);
}

self.onmessage = (event: MessageEvent<ToPlane>) => {
  const message = event.data;
  switch (message.type) {
    case 'canvas':
      canvas = message.canvas;
      context = canvas.getContext('2d');
      extent = message.extent;
      draw();
      break;
    case 'scene':
      scene = { ...scene, ...message.change };
      draw();
      break;
    case 'trail':
      if (context) drawEraseTrail(context, scene.size, extent, message.x1, message.x2, message.radius);
      break;
    case 'snapshot':
      if (!canvas) {
        post({ type: 'snapshot', id: message.id, png: null, error: 'the plane has no canvas yet' });
        break;
      }
      canvas.convertToBlob({ type: 'image/png' }).then(
        (png) => post({ type: 'snapshot', id: message.id, png }),
        (error: unknown) => post({ type: 'snapshot', id: message.id, png: null, error: String(error) }),
      );
      break;
    default: {
      const unknown: never = message;
      throw new Error(`the plane's worker got an unknown message: ${JSON.stringify(unknown)}`);
    }
  }
};
