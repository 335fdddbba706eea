// @vitest-environment jsdom
import { act, cleanup, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { renderWithStore } from '../../test/renderWithStore.tsx';
import type { FromPlane, ToPlane } from './planeProtocol.ts';
import { BoundaryView } from './BoundaryView.tsx';

/** The plane workers the view starts, in order; each records what it was sent. */
let workers: FakePlaneWorker[] = [];

class FakePlaneWorker {
  posted: ToPlane[] = [];
  terminated = false;
  onmessage: ((event: MessageEvent<FromPlane>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  constructor() {
    workers.push(this);
  }
  postMessage(message: ToPlane) {
    this.posted.push(message);
  }
  terminate() {
    this.terminated = true;
  }
  fail(message: string) {
    this.onerror?.({ message, preventDefault: () => {} } as unknown as ErrorEvent);
  }
}

beforeEach(() => {
  workers = [];
  vi.stubGlobal('Worker', FakePlaneWorker);
  // jsdom's canvas cannot go to a worker; a browser's can, once.
  HTMLCanvasElement.prototype.transferControlToOffscreen = function () {
    return { from: this } as unknown as OffscreenCanvas;
  };
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  delete (HTMLCanvasElement.prototype as Partial<HTMLCanvasElement>).transferControlToOffscreen;
});

const canvas = () => document.querySelector('canvas.boundary-canvas');

describe('BoundaryView', () => {
  it('hands its canvas to a plane worker and sends it the scene as the store changes', () => {
    const { store } = renderWithStore(<BoundaryView />);
    expect(workers).toHaveLength(1);
    expect(workers[0]!.posted[0]).toMatchObject({ type: 'canvas', extent: 6 });
    const scenes = () => workers[0]!.posted.filter((message) => message.type === 'scene').length;
    const before = scenes();
    act(() => store.setState({ boundary: new Float32Array([0, 0, 1, 1]) }));
    expect(scenes()).toBe(before + 1);
    expect(workers[0]!.posted.at(-1)).toEqual({
      type: 'scene',
      change: { boundary: new Float32Array([0, 0, 1, 1]) },
    });
  });

  it('replaces a failed plane worker with a fresh canvas, says so, and gives up after three', () => {
    renderWithStore(<BoundaryView />);
    const first = canvas();
    act(() => workers[0]!.fail('out of memory'));
    expect(screen.getByRole('alert').textContent).toMatch(
      /drawing worker stopped \(out of memory\); a new one draws it now/,
    );
    expect(workers[0]!.terminated).toBe(true);
    expect(workers).toHaveLength(2);
    expect(canvas()).not.toBe(first);
    expect(workers[1]!.posted[0]).toMatchObject({ type: 'canvas' });
    act(() => workers[1]!.fail('again'));
    act(() => workers[2]!.fail('and again'));
    act(() => workers[3]!.fail('for good'));
    expect(workers).toHaveLength(4);
    expect(screen.getByRole('alert').textContent).toMatch(
      /The plane cannot be drawn: for good\. Training and the charts go on/,
    );
  });
});
