// @vitest-environment jsdom
import { act, cleanup, screen } from '@testing-library/react';
import { cloneElement, type ReactElement } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EpochRecord } from '../../core/runRecords.ts';
import type { AppState } from '../../state/store.ts';
import { renderWithStore } from '../../test/renderWithStore.tsx';
import { describeGap, DistanceChart } from './DistanceChart.tsx';

vi.mock('recharts', async (importOriginal) => {
  const recharts = await importOriginal<typeof import('recharts')>();
  return {
    ...recharts,
    // jsdom lays nothing out: the chart gets a fixed size instead of measuring its box.
    ResponsiveContainer: ({ children }: { children: ReactElement<{ width?: number; height?: number }> }) =>
      cloneElement(children, { width: 400, height: 200 }),
  };
});

afterEach(cleanup);

describe("the distance chart's words", () => {
  it('say close only when little of the gap at the start is left', () => {
    expect(describeGap(1.3, 66.1)).toBe('close, but not exact.');
    expect(describeGap(6.6, 66.1)).toBe('close, but not exact.');
    expect(describeGap(33, 66.1)).toBe('still on the way: the gap is 50 % of its 66.1 at the start.');
    expect(describeGap(3.17e6, 134)).toBe(
      'farther from w* than at the start (134): this run moves away from the optimum, not towards it.',
    );
    expect(describeGap(1e-12, 134)).toBe('at the optimum, to within rounding.');
  });

  it('do not call a blown-up run close, as they did on the divergence preset with lr 0.1', () => {
    const { store } = renderWithStore(<DistanceChart />);
    const record: EpochRecord = {
      epoch: 50,
      objective: 6.28 + 3.17e6,
      testObjective: 1.4e6,
      trainAccuracy: 0,
      testAccuracy: 0,
      learningRate: 0.1,
      batchSize: 10,
      updates: 700,
      weights: [-35.3, -35.2, 0.5],
    };
    const info: NonNullable<AppState['info']> = {
      modelLabel: 'linear',
      engineLabel: 'fast',
      parameterLabels: ['w₁', 'w₂', 'b'],
      optimum: {
        kind: 'minimum',
        weights: [0.04, 0.06, 0.01],
        objective: 6.28,
        boundary: new Float32Array(),
      },
      start: { weights: [0, 0, 0], objective: 140, testObjective: 60 },
    };
    act(() => store.setState({ history: [record], info }));
    const note = screen.getByText(/^Now ‖w − w\*‖ =/).textContent ?? '';
    expect(note).toMatch(
      /^Now ‖w − w\*‖ = 49\.9, f\(w\) − f\(w\*\) = 3\.17e6: farther from w\* than at the start \(134\)/,
    );
    expect(note).not.toMatch(/close/);
  });
});
