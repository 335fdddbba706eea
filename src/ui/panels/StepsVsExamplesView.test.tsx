// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { GradientNoise } from '../../core/gradientNoise.ts';
import { refineFirstReaches } from '../../core/reachRefinement.ts';
import {
  runSweepCell,
  sweepCells,
  type SweepCell,
  type SweepResult,
  type SweepSpec,
} from '../../core/sweep.ts';
import type { ExploreServices } from '../../state/exploreSlice.ts';
import { createAppStore, StoreProvider } from '../../state/store.ts';
import { createFakeTransport } from '../../test/fakeTransport.ts';
import { SweepPanel } from './SweepPanel.tsx';

beforeAll(() => {
  // Recharts' ResponsiveContainer measures itself; jsdom has no layout, so the observer does nothing.
  vi.stubGlobal(
    'ResizeObserver',
    class {
      observe() {}
      unobserve() {}
      disconnect() {}
    },
  );
});
afterAll(() => vi.unstubAllGlobals());
afterEach(cleanup);

/** The sweep panel on a store whose pool runs each cell at once, in the test, and records noise jobs. */
function renderPanel() {
  const measured: { cell: SweepCell; updates: number; answer: (noise: GradientNoise) => void }[] = [];
  // Each refinement is answered as the worker would, when the test calls `answer`.
  const refinements: { answer: () => void }[] = [];
  const services: ExploreServices = {
    createSweepPool: () => ({
      size: 1,
      dispose: () => {},
      run(spec: SweepSpec, onResult: (result: SweepResult) => void, onDone: () => void) {
        queueMicrotask(() => {
          for (const cell of sweepCells(spec)) onResult(runSweepCell(spec, cell));
          onDone();
        });
        return { cancel: () => {} };
      },
      measureNoise(_spec, cell, updates, onResult) {
        measured.push({ cell, updates, answer: onResult });
        return { cancel: () => {} };
      },
      refineReaches(spec, target, brackets, onResult) {
        refinements.push({ answer: () => onResult(refineFirstReaches(spec, target, brackets)) });
        return { cancel: () => {} };
      },
    }),
    createRaceWorker: () => {
      throw new Error('no race here');
    },
  };
  const store = createAppStore(createFakeTransport().transport, services);
  store.getState().changeConfig({ hyperparameters: { epochs: 30, annealingRate: 1 } });
  render(
    <StoreProvider store={store}>
      <SweepPanel />
    </StoreProvider>,
  );
  return { store, measured, refinements };
}

async function runSmallSweep() {
  fireEvent.change(screen.getByLabelText('Learning rates in the sweep'), { target: { value: '3' } });
  fireEvent.change(screen.getByLabelText('Batch sizes in the sweep'), { target: { value: '3' } });
  fireEvent.click(screen.getByRole('button', { name: 'Run sweep' }));
  await act(async () => {
    await Promise.resolve();
  });
}

describe('Steps vs examples', () => {
  it('shows B_crit from the fit and B_simple measured at the smallest batch size’s fastest cell', async () => {
    const { store, measured, refinements } = renderPanel();
    await runSmallSweep();
    expect(store.getState().sweep.status).toBe('done');
    fireEvent.click(screen.getByRole('button', { name: 'Steps vs examples' }));
    expect(screen.getByRole('button', { name: 'Steps vs examples' }).getAttribute('aria-pressed')).toBe(
      'true',
    );
    expect(
      screen.getByText(
        /objective per example ≤ [\d.]+ \(within 10\.0 % of the sweep’s lowest objective, which every/,
      ),
    ).toBeTruthy();
    expect(screen.getByTestId('critical-batch').textContent).toMatch(
      /^B_crit = E_min \/ S_min = [\d.]+ examples: below it/,
    );
    // S comes from the traces until the replay answers; B_simple waits for the exact S.
    expect(screen.getByTestId('steps-precision').textContent).toMatch(/^Refining: replaying/);
    expect(screen.getByText(/; refining: replaying the fastest cells to find S exact/)).toBeTruthy();
    expect(measured).toHaveLength(0);
    expect(refinements).toHaveLength(1);
    act(() => refinements[0]!.answer());
    expect(screen.getByTestId('steps-precision').textContent).toBe('S exact to one update.');
    expect(screen.getByText(/^S exact to one update: each cell that could be/)).toBeTruthy();
    // The replay goes to the cell of batch size 1 that reached the default target first.
    expect(measured).toHaveLength(1);
    const job = measured[0]!;
    expect(job.cell.batchSize).toBe(1);
    expect(screen.getByTestId('sweep-noise-scale').textContent).toMatch(
      /^B_simple: measuring at the cell B 1/,
    );
    act(() =>
      job.answer({ count: 140, meanGradientNormSquared: 0.01, traceCovariance: 0.5, noiseScale: 50 }),
    );
    expect(screen.getByTestId('sweep-noise-scale').textContent).toMatch(
      new RegExp(
        `^B_simple = tr S / ‖G‖² = 50 examples at the cell B 1, lr [\\d.e-]+ after ${job.updates} updates`,
      ),
    );
    // The table lists one row per batch size, with S as the replay used it.
    fireEvent.click(screen.getByRole('button', { name: 'Steps vs examples as table' }));
    const rows = screen.getAllByRole('row').slice(1);
    expect(rows.map((row) => row.querySelector('th')?.textContent)).toEqual(['1', '4', '140']);
    expect(rows[0]?.textContent).toContain(String(job.updates));
  });

  it('takes a target typed by the user, and says when a batch size does not reach it', async () => {
    renderPanel();
    await runSmallSweep();
    fireEvent.click(screen.getByRole('button', { name: 'Steps vs examples' }));
    fireEvent.change(screen.getByLabelText('Target kind'), { target: { value: 'accuracy' } });
    fireEvent.change(screen.getByLabelText('Target value'), { target: { value: '99.9' } });
    expect(
      screen.getByText(/Target: training accuracy ≥ 99\.9 %\. Not reached at batch size 1, 4, 140\./),
    ).toBeTruthy();
    expect(screen.getByTestId('critical-batch').textContent).toBe(
      'No fit: no batch size reached the target.',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Default target' }));
    expect(
      screen.getByText(/training accuracy ≥ [\d.]+ % \(the loosest value every batch size’s best/),
    ).toBeTruthy();
  });

  it('draws the heatmap overlays only when asked, each with its caption', async () => {
    renderPanel();
    await runSmallSweep();
    expect(screen.queryByTestId('temperature-caption')).toBeNull();
    fireEvent.click(screen.getByLabelText('lines of constant lr / B'));
    expect(screen.getByTestId('temperature-caption').textContent).toMatch(/“temperature” of SGD’s noise/);
    fireEvent.click(screen.getByLabelText('2 / λ_max limit'));
    // On the default data 2 / λ_max = 2.09 lies past the largest swept rate, 1: an arrow marks it.
    expect(screen.getByTestId('limit-caption').textContent).toMatch(
      /^lr = 2 \/ λ_max = 2\.09 lies right of the sweep’s largest rate, 1, as the arrow under the grid says \(λ_max = 0\.959, the sharpness at the starting weights\)/,
    );
  });
});
