// @vitest-environment jsdom
import { act, cleanup, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { renderWithStore } from '../../test/renderWithStore.tsx';
import { separableRun } from '../../test/runSettings.ts';
import { startSessionRelay } from '../../test/sessionRelay.ts';
import { GradientNoisePanel } from './GradientNoisePanel.tsx';

/** A ResizeObserver that reports the box the test sets, as the browser does after a layout. */
class FakeResizeObserver {
  static instances: FakeResizeObserver[] = [];
  readonly observed: Element[] = [];
  constructor(private readonly callback: ResizeObserverCallback) {
    FakeResizeObserver.instances.push(this);
  }
  observe(element: Element) {
    this.observed.push(element);
  }
  unobserve() {}
  disconnect() {
    this.observed.length = 0;
  }
  /** Reports a content box of this size for every observed element. */
  report(width: number, height: number) {
    const entries = this.observed.map(
      (target) => ({ target, contentRect: { width, height } }) as unknown as ResizeObserverEntry,
    );
    this.callback(entries, this as unknown as ResizeObserver);
  }
}

beforeEach(() => {
  FakeResizeObserver.instances = [];
  vi.stubGlobal('ResizeObserver', FakeResizeObserver);
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const settings = {
  ...separableRun({ learningRate: 0.1, annealingRate: 1, batchSize: 10, epochs: 20 }),
  dataset: { kind: 'overlapping', points: 200, noise: 0.3, trainFraction: 0.7, seed: 1 },
} as const;

/** The panel with the run's first measurement, as the worker sends it while the views are shown. */
function renderMeasured() {
  const rendered = renderWithStore(<GradientNoisePanel />);
  const relay = startSessionRelay(rendered, rendered.store.getState().runId, settings);
  act(() => rendered.store.getState().showInsights(true));
  relay({ type: 'setInsights', runId: rendered.store.getState().runId, shown: true });
  const plot = () => screen.getByRole('img', { name: /^Gradient noise against batch size/ });
  return { ...rendered, plot };
}

describe('Gradient noise plot size', () => {
  it('on the page, keeps its drawing size (the SVG scales it to its width) and observes nothing', () => {
    const { plot } = renderMeasured();
    expect(plot().getAttribute('viewBox')).toBe('0 0 400 260');
    expect(FakeResizeObserver.instances.every((observer) => observer.observed.length === 0)).toBe(true);
  });

  it('on a projector, fills its box at 20/14 scale, so its 14 px type shows at 20 px', () => {
    const { store, plot } = renderMeasured();
    act(() => store.getState().changeConfig({ presentation: true }));
    const observer = FakeResizeObserver.instances.find((instance) => instance.observed.length > 0);
    expect(observer?.observed).toEqual([plot().parentElement]);
    act(() => observer?.report(560, 350));
    expect(plot().getAttribute('viewBox')).toBe('0 0 392 245');
    // Leaving presentation mode stops observing and draws at the drawing's own size again.
    act(() => store.getState().changeConfig({ presentation: false }));
    expect(observer?.observed).toEqual([]);
    expect(plot().getAttribute('viewBox')).toBe('0 0 400 260');
  });
});

describe('Gradient noise plot labels', () => {
  it('names its lines and dots in a legend above the plot, so that no label in the plot crosses another', () => {
    const { plot } = renderMeasured();
    const legend = screen.getByRole('list', { name: 'Legend' });
    expect(
      within(legend)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual(['noise E‖g_B − G‖² (exact)', 'Monte-Carlo batches', 'signal ‖G‖²']);
    const texts = [...plot().querySelectorAll('text')].map((text) => text.textContent ?? '');
    expect(texts.filter((text) => /noise|signal|Monte-Carlo/.test(text))).toEqual([]);
    // The axis titles and the B_simple mark are the plot's only words besides its ticks.
    expect(texts.filter((text) => /[a-z]{2}/.test(text))).toEqual([
      'batch size B (examples, N = 140)',
      'squared norm',
      expect.stringMatching(/^B_simple ≈ \d/),
    ]);
  });
});
