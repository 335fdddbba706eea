// @vitest-environment jsdom
import { act, cleanup, screen } from '@testing-library/react';
import { cloneElement, type ReactElement } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderWithStore } from '../../test/renderWithStore.tsx';
import { DOT_RADIUS } from './ChartLines.tsx';
import { Charts } from './Charts.tsx';

vi.mock('recharts', async (importOriginal) => ({
  ...(await importOriginal<typeof import('recharts')>()),
  // jsdom lays nothing out: the charts get a fixed size instead of measuring their box.
  ResponsiveContainer: ({ children }: { children: ReactElement<{ width?: number; height?: number }> }) =>
    cloneElement(children, { width: 400, height: 200 }),
}));

afterEach(cleanup);

/** The rectangle of the clip path an element is drawn through. */
function clipOf(element: Element): { left: number; top: number; right: number; bottom: number } {
  const id = /url\(#(.+)\)/.exec(element.getAttribute('clip-path') ?? '')?.[1];
  const rect = id === undefined ? null : document.getElementById(id)?.querySelector('rect');
  if (!rect) throw new Error('the element is not clipped by a rectangle');
  const [x, y, width, height] = ['x', 'y', 'width', 'height'].map((name) => Number(rect.getAttribute(name)));
  return { left: x!, top: y!, right: x! + width!, bottom: y! + height! };
}

describe('a line of one point', () => {
  it('is drawn as a whole dot, filled for train and hollow for test, even on the plot’s corner', () => {
    const { store } = renderWithStore(<Charts />);
    // The one epoch of a one-epoch run lies on the right edge of the plot; 100 % lies on its top.
    act(() =>
      store.setState({
        history: [
          {
            epoch: 1,
            objective: 10,
            testObjective: 5,
            trainAccuracy: 1,
            testAccuracy: 0.9,
            learningRate: 0.1,
            batchSize: 10,
            updates: 14,
            weights: [1, 1, 0],
          },
        ],
        counters: { ...store.getState().counters, state: 'finished', epoch: 1, epochs: 1 },
      }),
    );
    const accuracy = screen.getByRole('figure', { name: /^Accuracy per epoch/ });
    const train = accuracy.querySelector('.series-trainAccuracy circle.recharts-line-dot');
    const test = accuracy.querySelector('.series-testAccuracy circle.recharts-line-dot');
    if (!train || !test) throw new Error('no dots');
    expect(Number(train.getAttribute('r'))).toBe(DOT_RADIUS);
    expect(train.getAttribute('fill')).toBe(train.getAttribute('stroke'));
    expect(test.getAttribute('fill')).toBe('none');
    for (const dot of [train, test]) {
      const cx = Number(dot.getAttribute('cx'));
      const cy = Number(dot.getAttribute('cy'));
      const reach = DOT_RADIUS + Number(dot.getAttribute('stroke-width')) / 2;
      const clip = clipOf(dot);
      expect(clip.left).toBeLessThanOrEqual(cx - reach);
      expect(clip.right).toBeGreaterThanOrEqual(cx + reach);
      expect(clip.top).toBeLessThanOrEqual(cy - reach);
      expect(clip.bottom).toBeGreaterThanOrEqual(cy + reach);
    }
    // The lines of many points are still cut at the plot's edges.
    const hover = accuracy.querySelector('.chart-hover-area');
    const plotRight = Number(hover?.getAttribute('x')) + Number(hover?.getAttribute('width'));
    expect(clipOf(train).right).toBeGreaterThan(plotRight);
  });
});
