import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ScoreGrid } from '../../core/grid.ts';
import type { PlaneScene } from './paint.ts';
import type { FromPlane, ToPlane } from './planeProtocol.ts';
import {
  createPlaneSurface,
  holdPlaneSurface,
  planeSnapshot,
  releasePlaneSurface,
  sceneChange,
  type PlaneWorkerPort,
} from './planeSurface.ts';

/** A worker port that records what the page posts, and lets the test answer or fail. */
function fakeWorker() {
  const posted: { message: ToPlane; transfer: Transferable[] | undefined }[] = [];
  const port: PlaneWorkerPort & { terminated: boolean } = {
    terminated: false,
    onmessage: null,
    onerror: null,
    postMessage(message, transfer) {
      posted.push({ message, transfer });
    },
    terminate() {
      port.terminated = true;
    },
  };
  const answer = (message: FromPlane) => port.onmessage?.({ data: message } as MessageEvent<FromPlane>);
  const fail = (text: string) =>
    port.onerror?.({ message: text, preventDefault: () => {} } as unknown as ErrorEvent);
  return { port, posted, answer, fail };
}

/** A canvas that can be handed to a worker once, as a browser's can. */
function fakeCanvas(transferable = true) {
  const offscreen = { offscreen: true } as unknown as OffscreenCanvas;
  let transferred = false;
  const canvas = {
    isConnected: true,
    getContext: () => null,
    ...(transferable && {
      transferControlToOffscreen: () => {
        if (transferred) throw new DOMException('already transferred', 'InvalidStateError');
        transferred = true;
        return offscreen;
      },
    }),
  };
  return { canvas: canvas as unknown as HTMLCanvasElement, offscreen };
}

const grid = (value: number): ScoreGrid => ({
  resolution: 2,
  extent: 6,
  scores: new Float32Array(4).fill(value),
});

const scene = (changes: Partial<PlaneScene> = {}): PlaneScene => ({
  grid: null,
  boundary: null,
  optimum: null,
  points: null,
  rings: null,
  size: 400,
  ratio: 1,
  ...changes,
});

const listener = () => ({ firstModel: vi.fn(), failed: vi.fn() });

afterEach(() => vi.useRealTimers());

describe('the plane surface', () => {
  it('hands the canvas to its worker, then posts only what changed in each scene', () => {
    const worker = fakeWorker();
    const { canvas, offscreen } = fakeCanvas();
    const surface = createPlaneSurface(canvas, 6, listener(), () => worker.port);
    expect(surface.offMainThread).toBe(true);
    expect(worker.posted[0]).toEqual({
      message: { type: 'canvas', canvas: offscreen, extent: 6 },
      transfer: [offscreen],
    });
    const first = scene({ grid: grid(1) });
    surface.paint(first);
    expect(worker.posted[1]!.message).toEqual({ type: 'scene', change: first });
    const moved = { ...first, grid: grid(2), size: 500 };
    surface.paint(moved);
    expect(worker.posted[2]!.message).toEqual({ type: 'scene', change: { grid: moved.grid, size: 500 } });
    // The same scene again: nothing to post.
    surface.paint({ ...moved });
    expect(worker.posted).toHaveLength(3);
    surface.trail(1, -2, 0.4);
    expect(worker.posted[3]!.message).toEqual({ type: 'trail', x1: 1, x2: -2, radius: 0.4 });
  });

  it('reports the first model drawn, and answers snapshots with the PNG the worker encodes', async () => {
    const worker = fakeWorker();
    const events = listener();
    const surface = createPlaneSurface(fakeCanvas().canvas, 6, events, () => worker.port);
    worker.answer({ type: 'firstModel' });
    expect(events.firstModel).toHaveBeenCalledTimes(1);
    const png = new Blob(['png']);
    const first = surface.snapshot();
    const second = surface.snapshot();
    const ids = worker.posted
      .filter(({ message }) => message.type === 'snapshot')
      .map(({ message }) => message);
    expect(ids).toEqual([
      { type: 'snapshot', id: 0 },
      { type: 'snapshot', id: 1 },
    ]);
    worker.answer({ type: 'snapshot', id: 1, png: null, error: 'no encoder' });
    worker.answer({ type: 'snapshot', id: 0, png });
    await expect(first).resolves.toBe(png);
    await expect(second).rejects.toThrow('no encoder');
  });

  it('says so when its worker fails, rejects what was pending, and posts nothing more', async () => {
    const worker = fakeWorker();
    const events = listener();
    const surface = createPlaneSurface(fakeCanvas().canvas, 6, events, () => worker.port);
    const pending = surface.snapshot();
    worker.fail('out of memory');
    expect(events.failed).toHaveBeenCalledWith('out of memory');
    expect(worker.port.terminated).toBe(true);
    await expect(pending).rejects.toThrow('out of memory');
    const count = worker.posted.length;
    surface.paint(scene({ grid: grid(3) }));
    expect(worker.posted).toHaveLength(count);
    await expect(surface.snapshot()).rejects.toThrow();
  });

  it('paints on the page where a canvas cannot go to a worker, or no worker can start', () => {
    const worker = fakeWorker();
    expect(createPlaneSurface(fakeCanvas(false).canvas, 6, listener(), () => worker.port).offMainThread).toBe(
      false,
    );
    expect(createPlaneSurface(fakeCanvas().canvas, 6, listener(), null).offMainThread).toBe(false);
    // A worker that was started for a canvas that then refused is not left running.
    const { canvas } = fakeCanvas();
    canvas.transferControlToOffscreen();
    expect(createPlaneSurface(canvas, 6, listener(), () => worker.port).offMainThread).toBe(false);
    expect(worker.port.terminated).toBe(true);
  });

  it('keeps a canvas’s surface through an unmount and a mount in the same task, and disposes of it otherwise', () => {
    vi.useFakeTimers();
    const worker = fakeWorker();
    const { canvas } = fakeCanvas();
    const surface = holdPlaneSurface(canvas, 6, listener(), () => worker.port);
    releasePlaneSurface(canvas);
    // StrictMode's second mount: the canvas was transferred already, so it must get the same surface.
    expect(holdPlaneSurface(canvas, 6, listener(), () => fakeWorker().port)).toBe(surface);
    vi.runAllTimers();
    expect(worker.port.terminated).toBe(false);
    expect(planeSnapshot()).not.toBeNull();
    releasePlaneSurface(canvas);
    vi.runAllTimers();
    expect(worker.port.terminated).toBe(true);
    expect(planeSnapshot()).toBeNull();
  });

  it('compares scenes field by field, by identity', () => {
    const points = {
      trainX: new Float64Array(2),
      trainY: new Float64Array(1),
      testX: new Float64Array(0),
      testY: new Float64Array(0),
    };
    const a = scene({ points });
    expect(sceneChange(null, a)).toBe(a);
    expect(sceneChange(a, { ...a })).toEqual({});
    expect(sceneChange(a, { ...a, points: { ...points } })).toEqual({ points: { ...points } });
  });
});
