// @vitest-environment jsdom
import { act, cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { renderWithStore } from '../../test/renderWithStore.tsx';
import { GradientPanel } from './GradientPanel.tsx';

afterEach(cleanup);

/** Where a line of the panel's picture ends. */
const end = (line: Element | null): [number, number] => [
  Number(line?.getAttribute('x2')),
  Number(line?.getAttribute('y2')),
];

describe('GradientPanel', () => {
  it('draws the update against the batch’s mean gradient, and says so', () => {
    const { store } = renderWithStore(<GradientPanel />);
    act(() =>
      store.setState({
        gradientView: {
          perExample: new Float32Array([2, 1, 4, -1]),
          mean: [3, 0],
          full: [1, 1],
          cosine: 0.7,
        },
      }),
    );
    const picture = screen.getByRole('img', { name: /Gradients of the batch/ });
    const mean = picture.querySelector('line[marker-end="url(#head-mean)"]');
    const update = picture.querySelector('line.update-arrow');
    const centre = Number(mean?.getAttribute('x1'));
    const [meanX, meanY] = end(mean);
    // The mean gradient points right (+w₁); the update is its mirror through the origin.
    expect(meanX).toBeGreaterThan(centre);
    expect(end(update)).toEqual([2 * centre - meanX, 2 * centre - meanY]);
    expect(screen.getByText('batch mean gradient')).toBeTruthy();
    expect(screen.getByText('the update’s direction (against the mean)')).toBeTruthy();
    expect(screen.queryByText(/batch mean \(the update\)/)).toBeNull();
  });
});
