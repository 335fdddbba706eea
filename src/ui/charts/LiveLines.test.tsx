// @vitest-environment jsdom
import { act, cleanup, render } from '@testing-library/react';
import { Line, LineChart, XAxis, YAxis } from 'recharts';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EpochRecord } from '../../core/sgd.ts';
import { connectStore } from '../../state/bridge.ts';
import { createAppStore, StoreProvider, type AppState } from '../../state/store.ts';
import { createFakeTransport } from '../../test/fakeTransport.ts';
import { LiveLines, type LiveLine, type LiveRows } from './LiveLines.tsx';

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
});

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const rowsOf = (state: AppState): LiveRows =>
  state.history.map((record) => ({ epoch: record.epoch, objective: record.objective }));
const LINES: readonly LiveLine[] = [{ dataKey: 'objective', stroke: '#000', strokeWidth: 2, fitsAxis: true }];

function record(epoch: number, objective: number): EpochRecord {
  return {
    epoch,
    objective,
    testObjective: objective,
    trainAccuracy: 0.5,
    testAccuracy: 0.5,
    learningRate: 0.1,
    batchSize: 1,
    updates: epoch,
    weights: [0, 0, 0],
  };
}

function setup(onOutside: () => void, axisEmpty = false) {
  const fake = createFakeTransport();
  const store = createAppStore(fake.transport);
  connectStore(store, fake.transport, (callback) => callback());
  const view = render(
    <StoreProvider store={store}>
      <LineChart width={400} height={200} data={[{ epoch: 0, objective: 0 }]}>
        <XAxis type="number" dataKey="epoch" domain={[0, 10]} />
        <YAxis domain={[0, 100]} />
        <Line dataKey="objective" isAnimationActive={false} />
        <LiveLines rows={rowsOf} lines={LINES} onOutside={onOutside} axisEmpty={axisEmpty} period={100} />
      </LineChart>
    </StoreProvider>,
  );
  const path = () => view.container.querySelector('path.live-objective')?.getAttribute('d') ?? null;
  // Within a stretch of training the lines follow at the ticks of their 100 ms clock.
  const train = (history: EpochRecord[], state: AppState['counters']['state']) => {
    act(() => store.setState({ history, counters: { ...store.getState().counters, state } }));
    act(() => vi.advanceTimersByTime(100));
  };
  return { path, train, store };
}

describe('LiveLines', () => {
  it('draws the live run through every epoch while training, and nothing otherwise', () => {
    const onOutside = vi.fn();
    const { path, train, store } = setup(onOutside);
    train([record(1, 90), record(2, 50), record(3, 20)], 'training');
    const drawn = path() ?? '';
    // One move and two line segments, one per epoch, inside the plot.
    expect(drawn.match(/[ML]/g)).toEqual(['M', 'L', 'L']);
    // Held back until the clock ticks, then drawn.
    act(() => store.setState({ history: [record(1, 90), record(2, 50), record(3, 20), record(4, 10)] }));
    expect(path()?.match(/L/g)).toHaveLength(2);
    act(() => vi.advanceTimersByTime(100));
    expect(path()?.match(/L/g)).toHaveLength(3);
    expect(onOutside).not.toHaveBeenCalled();
    train([record(1, 90)], 'paused');
    expect(path()).toBe('');
  });

  it('asks for new axes when a value leaves the y-axis domain', () => {
    const onOutside = vi.fn();
    const { train } = setup(onOutside);
    train([record(1, 90)], 'training');
    expect(onOutside).not.toHaveBeenCalled();
    train([record(1, 90), record(2, 250)], 'training');
    expect(onOutside).toHaveBeenCalled();
  });

  it('asks for an axis at the first live value when its axis was fitted to nothing', () => {
    const onOutside = vi.fn();
    const { train } = setup(onOutside, true);
    train([], 'training');
    expect(onOutside).not.toHaveBeenCalled();
    train([record(1, 50)], 'training');
    expect(onOutside).toHaveBeenCalled();
  });
});
