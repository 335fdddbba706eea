// @vitest-environment jsdom
import { act, cleanup, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppState } from '../state/store.ts';
import { renderWithStore } from '../test/renderWithStore.tsx';
import { useChartFeed, useThrottledSelector } from './useThrottledSelector.ts';

const selectEpochs = (state: AppState) => state.history.length;

function Probe() {
  return <p data-testid="shown">{useThrottledSelector(selectEpochs, 400)}</p>;
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

let showLatestFeed: () => void = () => {};

function FeedProbe() {
  const [epochs, showLatest] = useChartFeed(selectEpochs);
  showLatestFeed = showLatest;
  return <p data-testid="shown">{epochs}</p>;
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
    // The next tick of the page's 400 ms clock is at 400 ms.
    act(() => vi.advanceTimersByTime(389));
    expect(shown()).toBe(start);
    act(() => vi.advanceTimersByTime(2));
    expect(shown()).toBe(start + 3);
    grow(store, 1, 'training');
    act(() => vi.advanceTimersByTime(398));
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

  it('feeds a chart at once, except while training, when it keeps its data until the run stops', () => {
    const { store } = renderWithStore(<FeedProbe />);
    grow(store, 1, 'paused');
    expect(shown()).toBe(1);
    // Training starts from nothing new: no change. Epochs while it trains: none reach the chart.
    grow(store, 0, 'training');
    grow(store, 2, 'training');
    act(() => vi.advanceTimersByTime(5000));
    expect(shown()).toBe(1);
    // The run stops: everything at once.
    grow(store, 1, 'paused');
    expect(shown()).toBe(4);
  });

  it('feeds a chart while training when a hyperparameter changes (a mark on the chart)', () => {
    const { store } = renderWithStore(<FeedProbe />);
    grow(store, 0, 'training');
    grow(store, 3, 'training');
    expect(shown()).toBe(0);
    act(() => store.setState({ marks: [{ epoch: 3, changes: { learningRate: 0.05 }, label: 'lr 0.05' }] }));
    expect(shown()).toBe(3);
    grow(store, 2, 'training');
    expect(shown()).toBe(3);
  });

  it('feeds a chart while training when a person comes to read it', () => {
    const { store } = renderWithStore(<FeedProbe />);
    grow(store, 0, 'training');
    grow(store, 4, 'training');
    expect(shown()).toBe(0);
    act(() => showLatestFeed());
    expect(shown()).toBe(4);
    grow(store, 1, 'training');
    expect(shown()).toBe(4);
  });
});
