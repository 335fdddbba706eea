// @vitest-environment jsdom
import { act, cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppState } from '../../state/store.ts';
import { renderWithStore } from '../../test/renderWithStore.tsx';
import { describePosition, Toolbar } from './Toolbar.tsx';

afterEach(cleanup);

type Counters = AppState['counters'];
const base: Counters = {
  state: 'paused',
  epoch: 0,
  epochs: 100,
  batchInEpoch: 0,
  batchesInEpoch: 20,
  updates: 0,
  learningRate: 0.1,
  batchSize: 7,
  tensors: null,
};
/** The last update as the page holds it: only where it lay matters here. */
const update = (epochIndex: number, batchIndex: number, batchesInEpoch: number): AppState['lastUpdate'] => ({
  epochIndex,
  batchIndex,
  batchesInEpoch,
  indices: new Uint32Array(),
  batchObjective: 0,
  learningRate: 0.1,
  weightsBefore: [],
  meanGradient: [],
  weightsAfter: [],
});

describe('the status line names epochs and batches as the update table does, from 1', () => {
  it('says the epoch of the last update and the batches of it done', () => {
    expect(describePosition(base, null)).toEqual({ epoch: 1, batch: 0, batches: 20 });
    const third = { ...base, batchInEpoch: 3, updates: 3 };
    expect(describePosition(third, update(0, 2, 20))).toEqual({ epoch: 1, batch: 3, batches: 20 });
    // After epoch 1, before epoch 2: its last batch, with its own count though the batch size changed since.
    const between = { ...base, epoch: 1, batchesInEpoch: 10, updates: 20 };
    expect(describePosition(between, update(0, 19, 20))).toEqual({ epoch: 1, batch: 20, batches: 20 });
    // The objective rule stopped the run at the end of epoch 10: all its batches ran, it was not counted done.
    const stopped = { ...base, state: 'diverged' as const, epoch: 9, batchInEpoch: 4, batchesInEpoch: 4 };
    expect(describePosition(stopped, update(9, 3, 4))).toEqual({ epoch: 10, batch: 4, batches: 4 });
  });

  it('reads "epoch 1 of 100", "batch 3 of 20" while the first epoch runs', () => {
    const { store } = renderWithStore(<Toolbar />);
    act(() =>
      store.setState({ counters: { ...base, batchInEpoch: 3, updates: 3 }, lastUpdate: update(0, 2, 20) }),
    );
    const spans = [...screen.getByRole('status', { name: 'Run status' }).querySelectorAll('span')];
    expect(spans.map((span) => span.textContent)).toEqual([
      'epoch 1 of 100',
      'batch 3 of 20',
      'update 3',
      'lr 0.1',
      'paused',
    ]);
  });
});
