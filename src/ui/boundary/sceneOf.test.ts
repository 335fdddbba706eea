import { describe, expect, it } from 'vitest';
import type { ScoreGrid } from '../../core/grid.ts';
import { createAppStore, type AppState } from '../../state/store.ts';
import { createFakeTransport } from '../../test/fakeTransport.ts';
import { sceneOf } from './BoundaryView.tsx';

const grid = (value: number): ScoreGrid => ({
  resolution: 2,
  extent: 6,
  scores: new Float32Array(4).fill(value),
});

/** A state of a fresh store with a live model, a last batch and an optimum, changed by `changes`. */
function stateWith(changes: Partial<AppState>): AppState {
  const state = createAppStore(createFakeTransport().transport).getState();
  return {
    ...state,
    grid: grid(1),
    boundary: new Float32Array([0, 0, 1, 1]),
    lastUpdate: { indices: new Uint32Array([3, 5]) } as unknown as AppState['lastUpdate'],
    info: {
      optimum: {
        kind: 'minimum',
        weights: [1, 2, 0],
        objective: 3,
        boundary: new Float32Array([2, 2, 3, 3]),
      },
    } as unknown as AppState['info'],
    ...changes,
  };
}

describe('the boundary view’s scene', () => {
  it('rings the last batch when stepping, not while training, and draws the optimum when there is one', () => {
    const stepping = sceneOf(stateWith({}), 400, 2);
    expect(stepping.rings).toEqual(new Uint32Array([3, 5]));
    expect(stepping.optimum).toEqual(new Float32Array([2, 2, 3, 3]));
    expect(stepping.size).toBe(800);
    const base = stateWith({});
    const training = sceneOf({ ...base, counters: { ...base.counters, state: 'training' } }, 400, 1);
    expect(training.rings).toBeNull();
    const none = sceneOf(stateWith({ info: null }), 400, 1);
    expect(none.optimum).toBeNull();
  });

  it('shows a past epoch’s model while scrubbing, without rings, and never a canvas under 200 px', () => {
    const past = {
      epoch: 1,
      requestedEpoch: 1,
      weights: [0, 0, 0],
      grid: grid(-1),
      boundary: new Float32Array([9, 9, 8, 8]),
    };
    const scene = sceneOf(stateWith({ scrubEpoch: 1, epochView: past }), 120, 1);
    expect(scene.grid).toBe(past.grid);
    expect(scene.boundary).toBe(past.boundary);
    expect(scene.rings).toBeNull();
    expect(scene.size).toBe(200);
  });

  it('draws the store’s model while not scrubbing', () => {
    const state = stateWith({ grid: grid(5), boundary: new Float32Array([7, 7, 6, 6]) });
    expect(sceneOf(state, 400, 1).grid).toBe(state.grid);
    expect(sceneOf(state, 400, 1).boundary).toBe(state.boundary);
  });
});
