// @vitest-environment jsdom
import { act, cleanup, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppState } from '../state/store.ts';
import { renderWithStore } from '../test/renderWithStore.tsx';
import { useThrottledSelector } from './pageClock.ts';

const selectEpochs = (state: AppState) => state.history.length;

function Probe() {
  return <p data-testid="shown">{useThrottledSelector(selectEpochs)}</p>;
}

/** Appends `count` copies of a record to the history, under the given run state. */
function grow(
  store: ReturnType<typeof renderWithStore>['store'],
  count: number,
  state: 'training' | 'paused',
) {
  act(() => {
    const current = store.getState();
    const record = {
      epoch: 1,
      objective: 1,
      testObjective: 1,
      trainAccuracy: 1,
      testAccuracy: 1,
      learningRate: 0.1,
      batchSize: 1,
      updates: 1,
      weights: [0, 0, 0],
    };
    store.setState({
      history: [...current.history, ...Array.from({ length: count }, () => record)],
      counters: { ...current.counters, state },
    });
  });
}

const shown = () => Number(screen.getByTestId('shown').textContent);

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
  vi.setSystemTime(0);
});

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('useThrottledSelector', () => {
  it('holds changes back while training until its next tick, then shows the latest', () => {
    const { store } = renderWithStore(<Probe />);
    // The start of training itself is shown at once; what follows within it is held back.
    grow(store, 0, 'training');
    const start = shown();
    vi.advanceTimersByTime(10);
    grow(store, 1, 'training');
    grow(store, 2, 'training');
    expect(shown()).toBe(start);
    // The next tick of the page's 100 ms clock is at 100 ms.
    act(() => vi.advanceTimersByTime(89));
    expect(shown()).toBe(start);
    act(() => vi.advanceTimersByTime(2));
    expect(shown()).toBe(start + 3);
    grow(store, 1, 'training');
    act(() => vi.advanceTimersByTime(98));
    expect(shown()).toBe(start + 3);
    act(() => vi.advanceTimersByTime(2));
    expect(shown()).toBe(start + 4);
  });

  it('shows a change at once when not training, and flushes what a tick held back when training stops', () => {
    const { store } = renderWithStore(<Probe />);
    const start = shown();
    grow(store, 2, 'paused');
    expect(shown()).toBe(start + 2);
    vi.advanceTimersByTime(50);
    grow(store, 0, 'training');
    grow(store, 1, 'training');
    expect(shown()).toBe(start + 2);
    // The run finishes without a new record: what the pending tick held back appears now.
    act(() => store.setState({ counters: { ...store.getState().counters, state: 'finished' } }));
    expect(shown()).toBe(start + 3);
  });
});
