// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { gradientNoise } from '../../core/gradientNoise.ts';
import { buildRun } from '../../core/run.ts';
import type { InsightsView } from '../../state/insightsSlice.ts';
import { renderWithStore } from '../../test/renderWithStore.tsx';
import { separableRun } from '../../test/runSettings.ts';
import { startSessionRelay } from '../../test/sessionRelay.ts';
import { TrainingControls } from '../controls/TrainingControls.tsx';
import { describeSharpness } from './InsightsContent.tsx';
import { InsightsSection } from './InsightsSection.tsx';

afterEach(cleanup);

/** The default data: 200 overlapping points, 140 to train. */
const settings = {
  ...separableRun({ learningRate: 0.1, annealingRate: 1, batchSize: 10, epochs: 20 }),
  dataset: { kind: 'overlapping', points: 200, noise: 0.3, trainFraction: 0.7, seed: 1 },
} as const;

/** The page with a real training session behind the fake transport: what the worker would send. */
function renderWithSession() {
  const rendered = renderWithStore(
    <>
      <TrainingControls />
      <InsightsSection />
    </>,
  );
  const relay = startSessionRelay(rendered, rendered.store.getState().runId, settings);
  return { ...rendered, relay };
}

describe('Curvature & noise', () => {
  it('opens from "Why this rate?", tells the worker, and shows the three views with numbers', async () => {
    const { store, relay, lastOfType } = renderWithSession();
    expect(screen.queryByRole('region', { name: 'Curvature and noise' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Why this rate?' }));
    expect(lastOfType('setInsights')).toEqual({ type: 'setInsights', runId: 1, shown: true });
    relay({ type: 'setInsights', runId: 1, shown: true });
    const section = await screen.findByRole('region', { name: 'Curvature and noise', busy: false });
    const run = buildRun(settings);
    const noise = gradientNoise(run.model, run.stepper.data.train, run.objective, 0);
    const scale = noise.noiseScale ?? Number.NaN;
    expect(store.getState().insights?.noise.noiseScale).toBe(scale);
    const noiseFigure = within(section).getByRole('figure', { name: 'Gradient noise' });
    expect(within(noiseFigure).getByTestId('noise-scale').textContent).toMatch(
      /^Noise scale B_simple = tr S \/ ‖G‖² = \d[\d.,]* examples/,
    );
    // The exact line, four Monte-Carlo dots (B = 1, 4, 16, 70) and the B_simple mark.
    expect(noiseFigure.querySelector('path.series-exact-noise')?.getAttribute('d')).toMatch(
      /^M[\d.]+,[\d.]+L/,
    );
    expect(noiseFigure.querySelectorAll('circle.noise-sample')).toHaveLength(4);
    expect(within(noiseFigure).getByText(/^B_simple ≈ /)).toBeTruthy();
    expect(within(section).getByRole('figure', { name: 'Sharpness' }).textContent).toMatch(
      /exact, from the Hessian\).*Now λ_max = [\d.]+, so 2\/λ_max = [\d.]+ against lr 0\.1\./,
    );
    // The sliders' marks.
    expect(
      screen.getByRole('note', { name: /^2\/λ [\d.]+: above it, full-batch gradient descent/ }),
    ).toBeTruthy();
    expect(screen.getByRole('note', { name: /^B_simple [\d.]+: below it/ })).toBeTruthy();
    // The table view of the panel has a row per batch size of the ladder and the dots.
    fireEvent.click(within(noiseFigure).getByRole('button', { name: 'Gradient noise as table' }));
    const rows = within(noiseFigure).getAllByRole('row');
    expect(rows[1]?.textContent).toMatch(/^1\d/);
    fireEvent.click(within(section).getByRole('button', { name: 'Close' }));
    expect(lastOfType('setInsights')).toEqual({ type: 'setInsights', runId: 1, shown: false });
    expect(screen.queryByRole('region', { name: 'Curvature and noise' })).toBeNull();
  });

  it('opens when a preset about it is applied', async () => {
    const { store, lastOfType } = renderWithSession();
    act(() => store.getState().applyPreset('howLargeABatch'));
    expect(await screen.findByRole('region', { name: 'Curvature and noise', busy: false })).toBeTruthy();
    expect(lastOfType('setInsights')?.shown).toBe(true);
  });

  it('opens again when presentation mode begins under its preset, though the user closed it', async () => {
    const { store, lastOfType } = renderWithSession();
    act(() => store.getState().applyPreset('edgeOfStability'));
    const section = await screen.findByRole('region', { name: 'Curvature and noise', busy: false });
    fireEvent.click(within(section).getByRole('button', { name: 'Close' }));
    expect(screen.queryByRole('region', { name: 'Curvature and noise' })).toBeNull();
    act(() => store.getState().changeConfig({ presentation: true }));
    expect(await screen.findByRole('region', { name: 'Curvature and noise', busy: false })).toBeTruthy();
    expect(lastOfType('setInsights')?.shown).toBe(true);
  });

  it('stays closed when presentation mode begins under a preset about something else', () => {
    const { store } = renderWithSession();
    act(() => store.getState().applyPreset('noisyBatch'));
    act(() => store.getState().changeConfig({ presentation: true }));
    expect(screen.queryByRole('region', { name: 'Curvature and noise' })).toBeNull();
    expect(store.getState().insightsShown).toBe(false);
  });

  it('says how power iteration found λ_max, and that hinge has no Hessian', () => {
    const base = {
      position: 0,
      noise: { count: 10, meanGradientNormSquared: 1, traceCovariance: 2, noiseScale: 2 },
      learningRate: 0.5,
      exact: { batchSizes: [1], variances: [2] },
      sampled: null,
    };
    const iterated: InsightsView = {
      ...base,
      sharpness: { kind: 'iterated', lambdaMax: 8, iterations: 17, tolerance: 1e-6, converged: true },
    };
    expect(describeSharpness(iterated)).toBe(
      'λ_max is the steepest curvature of the mean objective at the current weights (power iteration, 17 iterations, tolerance 1e-6). Full-batch gradient descent is stable only while lr < 2/λ_max: where λ_max rises above the dashed 2/lr, steps overshoot. Now λ_max = 8, so 2/λ_max = 0.25 against lr 0.5.',
    );
    const none: InsightsView = {
      ...base,
      sharpness: { kind: 'none', reason: 'the hinge objective has no Hessian: it is piecewise linear' },
    };
    expect(describeSharpness(none)).toBe(
      'No sharpness to show: the hinge objective has no Hessian: it is piecewise linear, so there is no Hessian and no 2/λ limit.',
    );
  });
});
