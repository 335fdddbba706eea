// @vitest-environment jsdom
import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { Slider } from './Slider.tsx';

const base = {
  label: 'Learning rate',
  value: 0,
  min: -4,
  max: 1,
  step: 0.05,
  display: '1',
  onChange: () => {},
};

afterEach(cleanup);

describe('Slider marks', () => {
  it('keeps the row of marks while it has none yet, so the first mark does not push the page down', () => {
    const { container, rerender } = render(<Slider {...base} marks={[]} />);
    const row = container.querySelector('.slider-track-marks');
    expect(row).not.toBeNull();
    expect(row?.children).toHaveLength(0);
    rerender(
      <Slider {...base} marks={[{ value: Math.log10(2), label: '2/λ 2', explanation: 'the limit' }]} />,
    );
    expect(container.querySelector('.slider-track-marks')).toBe(row);
    expect(row?.textContent).toBe('2/λ 2');
  });

  it('has no row of marks when it is not given any', () => {
    const { container } = render(<Slider {...base} />);
    expect(container.querySelector('.slider-track-marks')).toBeNull();
  });
});
