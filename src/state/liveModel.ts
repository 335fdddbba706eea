import type { ScoreGrid } from '../core/grid.ts';

/** The model of one frame as the worker sent it: its scores over the plane and its boundary. */
export interface LiveModelFrame {
  readonly runId: number;
  readonly grid: ScoreGrid | null;
  readonly boundary: Float32Array | null;
}

/**
 * The model of the latest frame, outside the store. While a run trains, the store takes the worker's
 * messages only at the ticks of the page's clock (see `bridge.ts`), but the boundary view follows every
 * frame: the bridge publishes each frame's model here, and only that view listens.
 */
export interface LiveModel {
  readonly latest: LiveModelFrame | null;
  publish(frame: LiveModelFrame): void;
  /** Calls `listener` with each frame published from now on; returns the unsubscribe. */
  subscribe(listener: (frame: LiveModelFrame) => void): () => void;
}

export function createLiveModel(): LiveModel {
  const listeners = new Set<(frame: LiveModelFrame) => void>();
  let latest: LiveModelFrame | null = null;
  return {
    get latest() {
      return latest;
    },
    publish(frame) {
      latest = frame;
      for (const listener of listeners) listener(frame);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
