// @vitest-environment jsdom
import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { placeValueTitle, ValueAxisTitle } from './ValueAxisTitle.tsx';

afterEach(() => {
  cleanup();
  delete (SVGElement.prototype as { getComputedTextLength?: () => number }).getComputedTextLength;
});

describe('placeValueTitle', () => {
  it('centres an unmeasured title, or one that fits, on the plot', () => {
    expect(placeValueTitle(null, 32, 132, 170)).toEqual({ kind: 'upright', center: 82 });
    expect(placeValueTitle(80, 32, 132, 170)).toEqual({ kind: 'upright', center: 82 });
  });

  it('moves a title longer than the plot just far enough to stay 4 px inside the chart', () => {
    // Centred at 70 it would start above the chart's top; its half (75) and the 4 px edge put it at 79.
    expect(placeValueTitle(150, 40, 100, 180)).toEqual({ kind: 'upright', center: 79 });
    // Centred at 135 it would end below the chart's bottom: 180 − 50 − 4.
    expect(placeValueTitle(100, 100, 170, 180)).toEqual({ kind: 'upright', center: 126 });
  });

  it('lays a title longer than the chart is tall level in the plot', () => {
    expect(placeValueTitle(173, 32, 132, 180)).toEqual({ kind: 'level' });
    expect(placeValueTitle(172, 32, 132, 180)).toEqual({ kind: 'upright', center: 90 });
  });
});

const FRAME = { titleLeft: 1, plotLeft: 72, plotTop: 32, plotBottom: 92, chartHeight: 120 };

/** The title drawn in an SVG, its text measured at `length` as a browser would. */
function renderTitle(length: number) {
  Object.defineProperty(SVGElement.prototype, 'getComputedTextLength', {
    value: () => length,
    configurable: true,
  });
  const { container } = render(
    <svg>
      <ValueAxisTitle title="accuracy %" frame={FRAME} className="axis-title" />
    </svg>,
  );
  return container.querySelector('text.axis-title') as SVGTextElement;
}

describe('ValueAxisTitle', () => {
  it('reads upwards beside the ticks where the chart is tall enough', () => {
    const title = renderTitle(70);
    expect(title.textContent).toBe('accuracy %');
    expect(title.getAttribute('transform')).toBe('translate(1 62) rotate(-90)');
  });

  it('stands level after an arrow at the plot’s top-left corner where it is not', () => {
    const title = renderTitle(115);
    expect(title.textContent).toBe('↑ accuracy %');
    expect(title.getAttribute('transform')).toBeNull();
    expect([title.getAttribute('x'), title.getAttribute('y')]).toEqual(['78', '34']);
  });
});
