// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { renderWithStore } from '../../test/renderWithStore.tsx';
import { Alerts } from './Alerts.tsx';

afterEach(cleanup);

describe('Alerts', () => {
  it('says where a run diverged and offers a smaller rate that starts a new run', () => {
    const { store } = renderWithStore(<Alerts />);
    expect(screen.queryByRole('alert')).toBeNull();
    act(() =>
      store.setState({
        divergence: {
          epoch: 3,
          batch: 7,
          learningRate: 10,
          reason: 'the weights exploded',
          suggestedLearningRate: null,
        },
        counters: { ...store.getState().counters, state: 'diverged' },
      }),
    );
    expect(screen.getByRole('alert').textContent).toMatch(
      /Diverged at epoch 3, batch 7:.*learning rate of 1 or less/,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Use lr 1' }));
    expect(store.getState().config.hyperparameters.learningRate).toBe(1);
    expect(store.getState().runId).toBe(2);
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('shows a worker fault with a Restart that keeps the settings', () => {
    const { store, fault, restarts } = renderWithStore(<Alerts />);
    act(() => fault('out of memory'));
    expect(screen.getByRole('alert').textContent).toMatch(/The training worker stopped: out of memory/);
    fireEvent.click(screen.getByRole('button', { name: 'Restart' }));
    expect(restarts()).toBe(1);
    expect(screen.queryByRole('alert')).toBeNull();
    expect(store.getState().config.dataset.kind).toBe('overlapping');
  });

  it("offers the worker's probed rate and rewinds to the last good epoch with it", () => {
    const { store, lastOfType } = renderWithStore(<Alerts />);
    act(() =>
      store.setState({
        divergence: {
          epoch: 5,
          batch: 2,
          learningRate: 2,
          reason: 'the weights exploded',
          suggestedLearningRate: 0.05,
        },
        counters: { ...store.getState().counters, state: 'diverged' },
      }),
    );
    expect(screen.getByRole('alert').textContent).toMatch(/Try a learning rate of 0\.05 or less/);
    fireEvent.click(screen.getByRole('button', { name: 'Rewind to the last good epoch' }));
    expect(lastOfType('rewind')).toMatchObject({ runId: 1, learningRate: 0.05 });
    expect(store.getState().config.hyperparameters.learningRate).toBe(0.05);
  });

  it('states the slow blow-up rule, its limit and the objective that passed it', () => {
    const { store } = renderWithStore(<Alerts />);
    act(() =>
      store.setState({
        divergence: {
          epoch: 10,
          batch: 4,
          learningRate: 0.102,
          reason:
            'the training objective rose to 18500, above the limit of 14000 (100 × its lowest so far, 140 at the start)',
          objectiveRise: { objective: 18_453.8, limit: 14_000, lowest: 140, start: 140 },
          suggestedLearningRate: 0.02,
        },
        counters: { ...store.getState().counters, state: 'diverged' },
      }),
    );
    const text = screen.getByRole('alert').textContent;
    expect(text).toMatch(
      /^Diverged at epoch 10, at its end: the training objective rose to 18500, above the limit of 14000 \(100 × its lowest so far, 140 at the start\), with learning rate 0\.102\./,
    );
    expect(text).toMatch(
      /Try a learning rate of 0\.02 or less: a probe run from the last good epoch converges with it\./,
    );
    expect(text).toContain(
      'A run stops as diverged when a weight passes 1e8, a value overflows, or the training objective at the end of an epoch is above 100 × the lowest it has been (counting the start) and above its value at the start.',
    );
  });
});
