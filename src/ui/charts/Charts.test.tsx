// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { cloneElement, createElement, type ComponentProps, type ReactElement } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EpochRecord } from '../../core/runRecords.ts';
import type { AppState, AppStore } from '../../state/store.ts';
import { renderWithStore } from '../../test/renderWithStore.tsx';
import { Charts } from './Charts.tsx';
import { DistanceChart } from './DistanceChart.tsx';
import { MAX_CHART_POINTS } from './epochRows.ts';

/** Every render of a Recharts chart, with the rows it was given. */
const chartRenders = vi.hoisted(() => [] as unknown[]);

vi.mock('recharts', async (importOriginal) => {
  const recharts = await importOriginal<typeof import('recharts')>();
  return {
    ...recharts,
    // jsdom lays nothing out: the charts get a fixed size instead of measuring their box.
    ResponsiveContainer: ({ children }: { children: ReactElement<{ width?: number; height?: number }> }) =>
      cloneElement(children, { width: 400, height: 200 }),
    LineChart: (props: ComponentProps<typeof recharts.LineChart>) => {
      chartRenders.push(props.data);
      return createElement(recharts.LineChart, props);
    },
  };
});

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
  chartRenders.length = 0;
});

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

function record(epoch: number): EpochRecord {
  return {
    epoch,
    objective: 100 / epoch,
    testObjective: 40 / epoch,
    trainAccuracy: 0.5 + epoch / 100,
    testAccuracy: 0.5,
    learningRate: 0.1 * 0.98 ** (epoch - 1),
    batchSize: 10,
    updates: 14 * epoch,
    weights: [0.5 * epoch, -0.25, 0.1],
  };
}

const history = (epochs: number) => Array.from({ length: epochs }, (_, index) => record(index + 1));
const START = { weights: [0, 0, 0], objective: 120, testObjective: 30 };
type RunInfo = NonNullable<AppState['info']>;
const INFO: RunInfo = {
  modelLabel: 'linear',
  engineLabel: 'plain',
  parameterLabels: ['w1', 'w2', 'b'],
  optimum: { kind: 'unavailable', note: 'not computed' },
  start: START,
};

/** The vertices of a series' path, as the end-to-end tests count them; 0 when it has no path. */
function vertices(series: string): number {
  const path = document.querySelector(`.series-${series} path.recharts-line-curve`);
  return (path?.getAttribute('d') ?? '').match(/[ML]/g)?.length ?? 0;
}

function setRun(store: AppStore, state: 'training' | 'paused' | 'finished', epochs: number) {
  act(() =>
    store.setState({
      history: history(epochs),
      counters: { ...store.getState().counters, state, epoch: epochs },
    }),
  );
}

describe('the run charts', () => {
  it('draw one path per series, one vertex per epoch, from the store when stopped', () => {
    const { store } = renderWithStore(<Charts />);
    act(() => store.setState({ info: INFO }));
    setRun(store, 'paused', 7);
    // Epoch 0 (the start) and the seven epochs run.
    expect(vertices('objective')).toBe(8);
    expect(vertices('testObjective')).toBe(8);
    expect(vertices('trainAccuracy')).toBe(7);
    expect(vertices('testAccuracy')).toBe(7);
    expect(vertices('learningRate')).toBe(7);
    // The schedule: from epoch 7 through the 93 epochs still to come.
    expect(vertices('plannedRate')).toBe(1 + 93);
    expect(document.querySelectorAll('path.recharts-line-curve')).toHaveLength(6);
  });

  it('draw the start alone as two dots, train and test objective', () => {
    const { store } = renderWithStore(<Charts />);
    act(() => store.setState({ info: INFO }));
    const objective = screen.getByRole('figure', { name: /^Objective per epoch/ });
    expect(vertices('objective')).toBe(0);
    expect(objective.querySelectorAll('circle.recharts-line-dot')).toHaveLength(2);
  });

  it('follow a training run at the clock ticks, and draw a pause at once without rendering Recharts', () => {
    const { store } = renderWithStore(<Charts />);
    setRun(store, 'training', 3);
    act(() => vi.advanceTimersByTime(100));
    expect(vertices('objective')).toBe(3);
    const rendered = chartRenders.length;
    setRun(store, 'training', 5);
    expect(vertices('objective')).toBe(3);
    act(() => vi.advanceTimersByTime(100));
    expect(vertices('objective')).toBe(5);
    setRun(store, 'paused', 6);
    expect(vertices('objective')).toBe(6);
    expect(vertices('trainAccuracy')).toBe(6);
    // New epochs and the pause redraw the lines only: no chart of Recharts renders again.
    expect(chartRenders.length).toBe(rendered);
  });

  it('give Recharts only the epoch range, never the run', () => {
    const { store } = renderWithStore(<Charts />);
    setRun(store, 'finished', 40);
    expect(new Set(chartRenders.map((rows) => JSON.stringify(rows)))).toEqual(
      new Set([JSON.stringify([{ epoch: 0 }, { epoch: 100 }])]),
    );
  });

  it('thin the per-batch line to at most MAX_CHART_POINTS', () => {
    const { store } = renderWithStore(<Charts />);
    const positions = Array.from({ length: 3 * MAX_CHART_POINTS }, (_, index) => index / 10);
    act(() => store.setState({ batchSeries: { positions, objectives: positions.map((x) => 50 - x) } }));
    expect(vertices('batchObjective')).toBe(MAX_CHART_POINTS);
  });

  it('draw each pinned run in its slot’s colour, train solid and test dashed', () => {
    const { store } = renderWithStore(<Charts />);
    const pinned = { ...store.getState(), id: 3, slot: 0, trainCount: 140, testCount: 60 };
    act(() =>
      store.setState({
        pinned: [{ ...pinned, history: history(4), weights: [], start: undefined, optimum: undefined }],
      }),
    );
    const objective = screen.getByRole('figure', { name: /^Objective per epoch/ });
    const paths = objective.querySelectorAll('.pinned-3 path');
    expect(
      [...paths].map((path) => [path.getAttribute('stroke'), path.getAttribute('stroke-dasharray')]),
    ).toEqual([
      ['#E69F00', null],
      ['#E69F00', '6 4'],
    ]);
  });

  it('read the exact values of the nearest epoch under the pointer', () => {
    const { store } = renderWithStore(<Charts />);
    setRun(store, 'paused', 10);
    const accuracy = screen.getByRole('figure', { name: 'Accuracy per epoch' });
    const area = accuracy.querySelector('rect.chart-hover-area') as SVGRectElement;
    const left = Number(area.getAttribute('x'));
    const width = Number(area.getAttribute('width'));
    // jsdom puts every box at 0, so the pointer's client x is its x inside the plot: near epoch 3 of 100.
    fireEvent.pointerMove(area, { clientX: (3.2 / 100) * width });
    expect(left).toBeGreaterThan(0);
    const readout = accuracy.querySelector('.chart-tooltip') as HTMLElement;
    expect(within(readout).getByText('epoch 3')).toBeTruthy();
    expect(within(readout).getByText('train : 53.0 %')).toBeTruthy();
    expect(within(readout).getByText('test : 50.0 %')).toBeTruthy();
    fireEvent.pointerLeave(area);
    expect(accuracy.querySelector('.chart-tooltip')).toBeNull();
  });
});

describe('the distance chart', () => {
  it('draws the distance and the gap from epoch 0 when there is a minimiser, else the norm', () => {
    const { store } = renderWithStore(<DistanceChart />);
    const optimum: RunInfo['optimum'] = {
      kind: 'minimum',
      weights: [2, -0.25, 0.1],
      objective: 20,
      boundary: new Float32Array(),
    };
    act(() => store.setState({ history: history(4), info: { ...INFO, optimum } }));
    expect(vertices('distance')).toBe(5);
    expect(vertices('gap')).toBe(5);
    act(() => store.setState({ info: { ...INFO, optimum: { kind: 'none', note: 'separable data' } } }));
    expect(vertices('norm')).toBe(4);
    expect(vertices('distance')).toBe(0);
  });
});
