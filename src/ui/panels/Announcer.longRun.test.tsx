// @vitest-environment jsdom
import { act, cleanup } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EpochRecord } from '../../core/runRecords.ts';
import { renderWithStore } from '../../test/renderWithStore.tsx';
import { Announcer } from './Announcer.tsx';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

/** A long run's thinned history: epoch 1, every fourth epoch, then the newest. */
function thinnedHistory(newest: number): EpochRecord[] {
  const epochs = [1, ...Array.from({ length: 10 }, (_, k) => 4 * (k + 1)), newest];
  return epochs.map((epoch) => ({
    epoch,
    objective: 10,
    testObjective: 5,
    trainAccuracy: 0.9,
    testAccuracy: 0.8,
    learningRate: 0.1,
    batchSize: 10,
    updates: epoch * 14,
    weights: [0, 0, 0],
  }));
}

describe('the announcer in a long run', () => {
  it('announces a new epoch even when the thinned history keeps its length', () => {
    vi.useFakeTimers();
    const { store, view } = renderWithStore(<Announcer />);
    const region = view.container.querySelector('[aria-live="polite"]');
    const counters = { ...store.getState().counters, state: 'training' as const, epochs: 3000 };
    act(() => store.setState({ history: thinnedHistory(41), counters }));
    act(() => vi.advanceTimersByTime(0));
    expect(region?.textContent).toBe('Epoch 41 of 3000: train accuracy 90.0 %, test accuracy 80.0 %.');
    // Epoch 42 replaces 41, which was kept only as the newest: the same length, a new epoch.
    act(() => vi.advanceTimersByTime(5000));
    act(() => store.setState({ history: thinnedHistory(42) }));
    act(() => vi.advanceTimersByTime(0));
    expect(region?.textContent).toBe('Epoch 42 of 3000: train accuracy 90.0 %, test accuracy 80.0 %.');
  });
});
