// @vitest-environment jsdom
import { act, cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { finiteRange } from '../../core/metrics.ts';
import type { EpochRecord } from '../../core/runRecords.ts';
import { renderWithStore } from '../../test/renderWithStore.tsx';
import { PAGE_TICK_MILLISECONDS } from '../pageClock.ts';
import { linearAxisFrom0, logAxis } from './axes.ts';
import { chartSource } from './chartSource.ts';
import { pointsOf, type DrawnLine } from './lines.ts';
import { followAxis, outgrown, useChartAxis } from './useChartAxis.ts';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const fitLinear = (values: Iterable<number>) => linearAxisFrom0(finiteRange(values)?.[1] ?? null);

describe('following a chart axis', () => {
  it('fits while stopped, only widens while training, and fits again once it has outgrown its values', () => {
    const axis = fitLinear([140, 900]);
    expect(axis.domain).toEqual([0, 1000]);
    expect(followAxis(axis, [140, 60], true, fitLinear)).toBe(axis);
    expect(followAxis(axis, [140, 60], false, fitLinear).domain).toEqual([0, 150]);
    expect(followAxis(axis, [140, 1200], true, fitLinear).domain).toEqual([0, 2000]);
    const blownUp = fitLinear([140, 6e9]);
    expect(outgrown(blownUp, [140, 1e4])).toBe(true);
    expect(followAxis(blownUp, [140, 1e4], true, fitLinear).domain).toEqual([0, 10_000]);
  });

  it('leaves a log axis alone within three decades of its values', () => {
    const axis = logAxis([1e-3, 80], 6);
    expect(outgrown(axis, [1e-3, 0.5])).toBe(false);
    expect(outgrown(axis, [1e-3, 0.05])).toBe(true);
  });
});

/** Records of epochs 1…n with these objectives. */
function records(objectives: readonly number[]): EpochRecord[] {
  return objectives.map((objective, index) => ({
    epoch: index + 1,
    objective,
    testObjective: objective,
    trainAccuracy: 0,
    testAccuracy: 0,
    learningRate: 0.1,
    batchSize: 10,
    updates: 14 * (index + 1),
    weights: [0, 0, 0],
  }));
}

const objectiveLine = chartSource(
  (state) => [state.history],
  (state): DrawnLine[] => [
    {
      key: 'objective',
      className: 'series-objective',
      stroke: '#000',
      strokeWidth: 1,
      fitsAxis: true,
      snaps: true,
      points: pointsOf(state.history, 'objective'),
    },
  ],
);

function AxisTop() {
  const axis = useChartAxis(objectiveLine, fitLinear);
  return <output aria-label="axis top">{axis.domain[1]}</output>;
}

describe('useChartAxis after a rewind', () => {
  it('fits the kept epochs again when Rewind and Train reach the page as one change', () => {
    vi.useFakeTimers();
    const { store } = renderWithStore(<AxisTop />);
    const top = () => Number(screen.getByLabelText('axis top').textContent);
    const counters = (state: 'training' | 'diverged') => ({ ...store.getState().counters, state });
    act(() => store.setState({ counters: counters('training') }));
    act(() => store.setState({ history: records([140, 900, 4e4, 6e9]) }));
    act(() => vi.advanceTimersByTime(PAGE_TICK_MILLISECONDS));
    act(() => store.setState({ counters: counters('diverged') }));
    expect(top()).toBe(6e9);
    // The worker's 'rewound' (epochs after the 2nd dropped) and the progress of the Train pressed at once.
    act(() => store.setState({ history: records([140, 900]), counters: counters('training') }));
    act(() => vi.advanceTimersByTime(PAGE_TICK_MILLISECONDS));
    expect(top()).toBe(1000);
    expect(top()).toBeLessThan(10 * 900);
  });
});
