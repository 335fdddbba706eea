// @vitest-environment jsdom
import { act, cleanup } from '@testing-library/react';
import { cloneElement, type ReactElement } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EpochRecord } from '../../core/runRecords.ts';
import type { AppState } from '../../state/store.ts';
import { renderWithStore } from '../../test/renderWithStore.tsx';
import { DistanceChart } from './DistanceChart.tsx';
import { bandPath } from './noiseFloorLines.tsx';

vi.mock('recharts', async (importOriginal) => {
  const recharts = await importOriginal<typeof import('recharts')>();
  return {
    ...recharts,
    // jsdom lays nothing out: the charts get a fixed size instead of measuring their box.
    ResponsiveContainer: ({ children }: { children: ReactElement<{ width?: number; height?: number }> }) =>
      cloneElement(children, { width: 400, height: 200 }),
  };
});

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
});

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const record = (epoch: number): EpochRecord => ({
  epoch,
  objective: 20 + 10 / epoch,
  testObjective: 10,
  trainAccuracy: 0.9,
  testAccuracy: 0.9,
  learningRate: 0.1,
  batchSize: 10,
  updates: 14 * epoch,
  weights: [2, -0.25, 0.1],
});
const INFO: NonNullable<AppState['info']> = {
  modelLabel: 'linear',
  engineLabel: 'plain',
  parameterLabels: ['w1', 'w2', 'b'],
  optimum: { kind: 'minimum', weights: [2, -0.25, 0.1], objective: 20, boundary: new Float32Array() },
  start: { weights: [0, 0, 0], objective: 120, testObjective: 30 },
};

/** The vertices of a series' path; 0 when it has none. */
function vertices(series: string): number {
  const path = document.querySelector(`.series-${series} path.recharts-line-curve`);
  return (path?.getAttribute('d') ?? '').match(/[ML]/g)?.length ?? 0;
}

describe('the distance chart’s predicted floor and averaged weights', () => {
  it('draws the band between its two edges and the f(w̄) − f(w*) line only while each is shown', () => {
    const { store } = renderWithStore(<DistanceChart />);
    const floorSeries = { positions: [1, 2, 3], values: [4, 3, 4, 3, 2, 1.5], spacing: 1 };
    const averagedSeries = { positions: [2, 3], values: [Number.NaN, 25, 20.5, 20.25], spacing: 1 };
    act(() =>
      store.setState({
        history: [1, 2, 3].map(record),
        info: INFO,
        noiseFloorRunId: 1,
        floorSeries,
        averagedSeries,
      }),
    );
    expect(document.querySelector('.floor-band path')).toBeNull();
    expect(vertices('floor')).toBe(0);
    act(() => store.getState().showNoiseFloorViews({ floor: true }));
    // Showing the views clears what was kept: the worker sends them again.
    act(() => store.setState({ floorSeries, averagedSeries }));
    expect(vertices('floor')).toBe(3);
    expect(vertices('floor-bottom')).toBe(3);
    const band = document.querySelector('.floor-band path')?.getAttribute('d') ?? '';
    expect(band.match(/[ML]/g)).toHaveLength(6);
    expect(band.endsWith('Z')).toBe(true);
    expect(document.body.textContent).toContain('predicted floor');
    act(() => store.getState().showNoiseFloorViews({ averages: true }));
    act(() => store.setState({ averagedSeries }));
    // The tail average starts in epoch 3 (NaN before it): one point, drawn as a dot.
    expect(document.querySelector('.series-averaged circle')).not.toBeNull();
    act(() => store.getState().chooseAveragedKind('moving'));
    expect(vertices('averaged')).toBe(2);
    expect(document.body.textContent).toContain('f(w̄) − f(w*)');
    act(() => store.getState().showNoiseFloorViews({ floor: false }));
    expect(document.querySelector('.floor-band path')).toBeNull();
  });

  it('closes the band from the top edge, left to right, back along the bottom edge', () => {
    const identity = (value: number) => value;
    const top = [
      { x: 1, y: 10 },
      { x: 2, y: 8 },
    ];
    const bottom = [
      { x: 1, y: 5 },
      { x: 2, y: 4 },
    ];
    expect(bandPath(top, bottom, identity, identity)).toBe('M1.0,10.0L2.0,8.0L2.0,4.0L1.0,5.0Z');
    expect(bandPath(top.slice(0, 1), bottom, identity, identity)).toBeNull();
  });
});
