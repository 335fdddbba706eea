// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PAGE_TICK_MILLISECONDS } from '../pageClock.ts';
import { renderWithStore } from '../../test/renderWithStore.tsx';
import { Toolbar } from './Toolbar.tsx';
import { ModelControls } from './ModelControls.tsx';
import { TrainingControls } from './TrainingControls.tsx';

afterEach(cleanup);

describe('Toolbar', () => {
  it('sends play on Train, shows Pause as soon as the worker says it trains, and the status at the next tick', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    try {
      const { store, lastOfType } = renderWithStore(<Toolbar />);
      fireEvent.click(screen.getByRole('button', { name: 'Train' }));
      expect(lastOfType('play')?.runId).toBe(1);
      act(() =>
        store.setState({
          counters: { ...store.getState().counters, state: 'training', epoch: 4, updates: 56 },
        }),
      );
      expect(screen.getByRole('button', { name: 'Pause' })).toBeTruthy();
      expect(screen.queryByRole('button', { name: 'Train' })).toBeNull();
      const status = screen.getByRole('status', { name: 'Run status' });
      expect(status.textContent).toMatch(/epoch 1 of 100.*batch 0 of.*ready/);
      act(() => vi.advanceTimersByTime(PAGE_TICK_MILLISECONDS));
      expect(status.textContent).toMatch(/epoch 4 of 100.*update 56.*training/);
      fireEvent.click(screen.getByRole('button', { name: 'Pause' }));
      expect(lastOfType('pause')?.runId).toBe(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('shows the accuracies of the last epoch as percentages, and a dash before any', () => {
    const { store } = renderWithStore(<Toolbar />);
    expect(screen.getByLabelText('Test accuracy').textContent).toBe('—');
    act(() =>
      store.setState({
        history: [
          {
            epoch: 1,
            objective: 10,
            testObjective: 4,
            trainAccuracy: 0.9123,
            testAccuracy: 0.875,
            learningRate: 0.1,
            batchSize: 10,
            updates: 14,
            weights: [0, 0, 0],
          },
        ],
      }),
    );
    expect(screen.getByLabelText('Train accuracy').textContent).toBe('91.2 %');
    expect(screen.getByLabelText('Test accuracy').textContent).toBe('87.5 %');
  });

  it('says what the user’s points lack in the status line’s place, not in a line of its own', () => {
    const { store } = renderWithStore(<Toolbar />);
    const status = screen.getByRole('status', { name: 'Run status' });
    act(() => store.getState().clearPoints());
    expect(status.textContent).toBe('Add at least two points to train.');
    expect(screen.getAllByText('Add at least two points to train.')).toHaveLength(1);
    expect((screen.getByRole('button', { name: 'Train' }) as HTMLButtonElement).disabled).toBe(true);
    act(() => store.getState().undoPoints());
    expect(status.textContent).toMatch(/^epoch 1 of 100.*batch 0 of/);
  });

  it('steps and resets through the worker', () => {
    const { sent, store } = renderWithStore(<Toolbar />);
    fireEvent.click(screen.getByRole('button', { name: 'Step batch' }));
    fireEvent.click(screen.getByRole('button', { name: 'Step epoch' }));
    expect(sent.slice(-2).map((message) => message.type)).toEqual(['stepBatch', 'stepEpoch']);
    fireEvent.click(screen.getByRole('button', { name: 'Reset' }));
    expect(store.getState().runId).toBe(2);
    expect(sent.at(-1)?.type).toBe('start');
  });
});

describe('TrainingControls', () => {
  it('maps the log-scale learning-rate slider to readable rates', () => {
    const { store, lastOfType } = renderWithStore(<TrainingControls />);
    const slider = screen.getByRole('slider', { name: 'Learning rate' });
    fireEvent.change(slider, { target: { value: '-2' } });
    expect(store.getState().config.hyperparameters.learningRate).toBe(0.01);
    expect(slider.getAttribute('aria-valuetext')).toBe('0.01');
    fireEvent.change(slider, { target: { value: '1' } });
    expect(lastOfType('setHyperparameters')?.changes).toEqual({ learningRate: 10 });
  });

  it('takes exact values in number boxes, an annealing rate of 0.999 included', () => {
    const { store } = renderWithStore(<TrainingControls />);
    fireEvent.change(screen.getByLabelText('Annealing rate value'), { target: { value: '0.999' } });
    expect(store.getState().config.hyperparameters.annealingRate).toBe(0.999);
    fireEvent.change(screen.getByLabelText('Learning rate value'), { target: { value: '0.037' } });
    expect(store.getState().config.hyperparameters.learningRate).toBe(0.037);
    // A value outside the limits is not applied, and snaps back when the box loses focus.
    const epochsBox = screen.getByLabelText('Epochs value') as HTMLInputElement;
    fireEvent.focus(epochsBox);
    fireEvent.change(epochsBox, { target: { value: '0' } });
    expect(store.getState().config.hyperparameters.epochs).toBe(100);
    fireEvent.blur(epochsBox);
    expect(epochsBox.value).toBe('100');
  });

  it('puts epochs on a log scale and warns when annealing leaves later epochs nothing to do', () => {
    const { store } = renderWithStore(<TrainingControls />);
    const slider = screen.getByRole('slider', { name: 'Epochs' });
    fireEvent.change(slider, { target: { value: '3.5' } });
    // 10^3.5 = 3,162, rounded to two significant digits.
    expect(store.getState().config.hyperparameters.epochs).toBe(3200);
    expect(screen.getByText(/falls below 1 %/).textContent).toBe(
      'With annealing ×0.98 the learning rate falls below 1 % of its start at epoch 229: the last 2,972 epochs barely move the weights. Annealing 1 keeps the rate constant.',
    );
    fireEvent.change(screen.getByLabelText('Annealing rate value'), { target: { value: '1' } });
    expect(screen.queryByText(/falls below 1 %/)).toBeNull();
  });

  it('clamps a typed batch size to the training count and says so', () => {
    renderWithStore(<TrainingControls />);
    fireEvent.change(screen.getByLabelText('Batch size value'), { target: { value: '999' } });
    expect(screen.getByText(/Batch size 999 is more than the 140 training points/)).toBeTruthy();
    expect(screen.getByRole('slider', { name: 'Batch size' }).getAttribute('aria-valuetext')).toBe(
      '140 (full batch)',
    );
    fireEvent.click(screen.getByRole('button', { name: '1 = SGD' }));
    expect(screen.getByRole('slider', { name: 'Batch size' }).getAttribute('aria-valuetext')).toBe('1 (SGD)');
    expect(screen.queryByText(/is more than the/)).toBeNull();
  });

  it('shows the formula of the chosen objective and restarts the run on a change', () => {
    const { store } = renderWithStore(<ModelControls />);
    fireEvent.change(screen.getByLabelText('Objective'), { target: { value: 'hinge' } });
    expect(store.getState().config.objective).toBe('hinge');
    expect(store.getState().runId).toBe(2);
    expect(screen.getByLabelText('Objective formula').textContent).toContain('max(0, 1 − y·s)');
  });
});
