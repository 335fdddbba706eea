import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAppStore, type AppState } from '../state/store.ts';
import { createFakeTransport } from '../test/fakeTransport.ts';
import { onNextTick, followOnTicks } from './pageClock.ts';

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
  vi.setSystemTime(0);
});

afterEach(() => vi.useRealTimers());

/** A store, a painter on a 100 ms clock that records how many trajectory numbers it drew, and a step. */
function setUp() {
  const store = createAppStore(createFakeTransport().transport);
  const painted: number[] = [];
  const stop = followOnTicks(
    store,
    (state, previous) => state.trajectory !== previous.trajectory,
    (state) => painted.push(state.trajectory.length),
  );
  /** Appends one (w₁, w₂) point under the given run state. */
  const move = (state: AppState['counters']['state']) => {
    const current = store.getState();
    store.setState({
      trajectory: [...current.trajectory, 1, 1],
      counters: { ...current.counters, state },
    });
  };
  const start = store.getState().trajectory.length;
  return { store, painted, move, stop, start };
}

describe('onNextTick', () => {
  it('runs everything due at the same tick from one timer, at the multiple of the period', () => {
    const calls: string[] = [];
    vi.advanceTimersByTime(30);
    onNextTick(() => calls.push('a'));
    onNextTick(() => calls.push('b'));
    const cancel = onNextTick(() => calls.push('cancelled'));
    expect(vi.getTimerCount()).toBe(1);
    cancel();
    vi.advanceTimersByTime(69);
    expect(calls).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(calls).toEqual(['a', 'b']);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('paints each change at once when not training', () => {
    const { painted, move, start } = setUp();
    move('paused');
    move('paused');
    expect(painted).toEqual([start + 2, start + 4]);
  });

  it('while training paints once at the next tick of the clock, with the latest state', () => {
    const { painted, move, start } = setUp();
    vi.advanceTimersByTime(30);
    // The start of training waits for the tick like the rest.
    move('training');
    expect(painted).toEqual([]);
    move('training');
    move('training');
    vi.advanceTimersByTime(69);
    expect(painted).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(painted).toEqual([start + 6]);
    move('training');
    vi.advanceTimersByTime(99);
    expect(painted).toEqual([start + 6]);
    vi.advanceTimersByTime(1);
    expect(painted).toEqual([start + 6, start + 8]);
    // A state that does not change what is painted waits for nothing.
    vi.advanceTimersByTime(500);
    expect(painted).toHaveLength(2);
  });

  it('paints what a pending tick held back as soon as training stops, and nothing after unsubscribing', () => {
    const { store, painted, move, stop, start } = setUp();
    move('training');
    move('training');
    store.setState({ counters: { ...store.getState().counters, state: 'paused' } });
    expect(painted).toEqual([start + 4]);
    vi.advanceTimersByTime(200);
    expect(painted).toHaveLength(1);
    move('training');
    vi.advanceTimersByTime(100);
    expect(painted).toEqual([start + 4, start + 6]);
    move('training');
    stop();
    vi.advanceTimersByTime(200);
    expect(painted).toEqual([start + 4, start + 6]);
  });
});
