import { afterEach, describe, expect, it, vi } from 'vitest';
import { createPlanePainter, pointLook, type Context2D, type PlaneScene } from './paint.ts';

/**
 * A 2-D context that records what is drawn, as "<method>" or "<method> alpha=<globalAlpha>" for images;
 * `layer` names the context in the log, so the points' layer and the canvas can be told apart.
 */
function recordingContext(log: string[], layer: string): Context2D {
  const context = { globalAlpha: 1 } as Record<string, unknown>;
  return new Proxy(context, {
    get(target, name) {
      if (name in target) return target[name as string];
      if (name === 'createImageData')
        return (w: number, h: number) => ({ width: w, height: h, data: new Uint8ClampedArray(4 * w * h) });
      return () => {
        if (name === 'drawImage') log.push(`${layer} drawImage alpha=${String(target['globalAlpha'])}`);
        else if (name === 'stroke' || name === 'fill') log.push(`${layer} ${String(name)}`);
      };
    },
    set(target, name, value) {
      target[name as string] = value;
      return true;
    },
  }) as unknown as Context2D;
}

afterEach(() => vi.unstubAllGlobals());

/** `pointCount` points, half for training and half for test, both classes; a boundary across the plane. */
function sceneOf(pointCount: number): PlaneScene {
  const half = pointCount / 2;
  const labels = (count: number) => Float64Array.from({ length: count }, (_, i) => (i % 2 === 0 ? 1 : -1));
  return {
    grid: { resolution: 2, extent: 6, scores: new Float32Array([1, -1, 1, -1]) },
    boundary: new Float32Array([-6, -6, 6, 6]),
    optimum: null,
    points: {
      trainX: new Float64Array(2 * half),
      trainY: labels(half),
      testX: new Float64Array(2 * half),
      testY: labels(half),
    },
    rings: null,
    size: 100,
    ratio: 1,
  };
}

describe('pointLook', () => {
  it('draws a few points full size with a halo, and a crowd small, faint and without one', () => {
    expect(pointLook(200)).toEqual({ radius: 4, alpha: 1, haloed: true });
    expect(pointLook(2000)).toEqual({ radius: 4 / Math.sqrt(2), alpha: 1, haloed: true });
    expect(pointLook(8000)).toEqual({ radius: 2, alpha: 0.5, haloed: false });
    expect(pointLook(100_000)).toEqual({ radius: 2, alpha: 0.25, haloed: false });
  });
});

describe('the plane painter', () => {
  it('lays a crowd of points faintly over the heatmap and draws the boundary over them', () => {
    const log: string[] = [];
    let layers = 0;
    vi.stubGlobal(
      'OffscreenCanvas',
      class {
        width: number;
        height: number;
        private readonly context: Context2D;
        constructor(width: number, height: number) {
          this.width = width;
          this.height = height;
          this.context = recordingContext(log, `layer${++layers}`);
        }
        getContext() {
          return this.context;
        }
      },
    );
    const paint = createPlanePainter(() => {});
    const canvas = { width: 0, height: 0 };
    paint(canvas, recordingContext(log, 'canvas'), sceneOf(100_000), 6);
    const onCanvas = log.filter((entry) => entry.startsWith('canvas'));
    // The heatmap's layer, then the points' layer at a quarter's opacity, then the boundary's stroke.
    expect(onCanvas.filter((entry) => entry.includes('drawImage'))).toEqual([
      'canvas drawImage alpha=1',
      'canvas drawImage alpha=0.25',
    ]);
    const pointsDrawn = onCanvas.indexOf('canvas drawImage alpha=0.25');
    expect(onCanvas.lastIndexOf('canvas stroke')).toBeGreaterThan(pointsDrawn);
    // Without a halo each point is one fill (train) or one outline (test), never a white disc.
    const points = log.filter((entry) => entry.startsWith('layer2'));
    expect(points.filter((entry) => entry.endsWith('fill'))).toHaveLength(50_000);
    expect(points.filter((entry) => entry.endsWith('stroke'))).toHaveLength(50_000);
  });
});
