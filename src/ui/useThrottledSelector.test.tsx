// @vitest-environment jsdom
import { act, cleanup, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppState } from '../state/store.ts';
import { renderWithStore } from '../test/renderWithStore.tsx';
import { useChartFeed, useThrottledSelector } from './useThrottledSelector.ts';

const selectEpochs = (state: AppState) => state.history.length;

function Probe({ phase }: { phase: number }) {
  return <p data-testid="shown">{useThrottledSelector(selectEpochs, 400, phase)}</p>;
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

let refreshFeed: () => void = () => {};
const isNone = (epochs: number) => epochs === 0;

function FeedProbe() {
  const [epochs, refresh] = useChartFeed(selectEpochs, 400, 0, isNone);
  refreshFeed = refresh;
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
    const { store } = renderWithStore(<Probe phase={100} />);
    // The start of training itself is shown at once; what follows within it is held back.
    grow(store, 0, 'training');
    const start = shown();
    vi.advanceTimersByTime(10);
    grow(store, 1, 'training');
    grow(store, 2, 'training');
    expect(shown()).toBe(start);
    // The next tick of a 400 ms clock shifted by 100 ms is at 100 ms.
    act(() => vi.advanceTimersByTime(89));
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
    const { store } = renderWithStore(<Probe phase={0} />);
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

  it('feeds a chart only on request while training, at its next tick, and at once otherwise', () => {
    const { store } = renderWithStore(<FeedProbe />);
    grow(store, 1, 'paused');
    grow(store, 0, 'training');
    const start = shown();
    expect(start).toBe(1);
    vi.advanceTimersByTime(10);
    grow(store, 2, 'training');
    act(() => vi.advanceTimersByTime(1000));
    // No request: the chart keeps what it had.
    expect(shown()).toBe(start);
    // Asked at 1,010 ms: the next tick of a 400 ms clock is at 1,200 ms.
    act(() => refreshFeed());
    act(() => vi.advanceTimersByTime(189));
    expect(shown()).toBe(start);
    act(() => vi.advanceTimersByTime(2));
    expect(shown()).toBe(start + 2);
    grow(store, 1, 'paused');
    expect(shown()).toBe(start + 3);
  });

  it('gives a chart with nothing to draw its first data while training, unasked, at its next tick', () => {
    const { store } = renderWithStore(<FeedProbe />);
    grow(store, 0, 'training');
    expect(shown()).toBe(0);
    grow(store, 3, 'training');
    expect(shown()).toBe(0);
    act(() => vi.advanceTimersByTime(400));
    expect(shown()).toBe(3);
    // Now it has data: more epochs wait for a request.
    grow(store, 2, 'training');
    act(() => vi.advanceTimersByTime(1000));
    expect(shown()).toBe(3);
  });
});
