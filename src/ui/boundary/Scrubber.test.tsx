// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { EpochRecord } from '../../core/runRecords.ts';
import { renderWithStore } from '../../test/renderWithStore.tsx';
import { Scrubber } from './Scrubber.tsx';

/** A 3,000-epoch run's history as the page keeps it: epoch 1, then every fourth epoch to 3,000. */
function longHistory(): EpochRecord[] {
  const epochs = [1, ...Array.from({ length: 750 }, (_, k) => 4 * (k + 1))];
  return epochs.map((epoch) => ({
    epoch,
    objective: 10,
    testObjective: 5,
    trainAccuracy: 0.9,
    testAccuracy: 0.8,
    learningRate: 0.1,
    batchSize: 10,
    updates: epoch * 14,
    weights: [epoch, 2, 3],
  }));
}

afterEach(cleanup);

function setup() {
  const rendered = renderWithStore(<Scrubber />);
  act(() => rendered.store.setState({ history: longHistory() }));
  return { ...rendered, slider: screen.getByRole('slider', { name: 'Epoch' }) };
}

describe('the epoch scrubber', () => {
  it('spans the real epochs of a long run and reads the newest live', () => {
    const { slider } = setup();
    expect(slider.getAttribute('max')).toBe('3000');
    expect((slider as HTMLInputElement).value).toBe('3000');
    expect(slider.getAttribute('aria-valuetext')).toBe('live (epoch 3,000)');
    expect(screen.getByText('live · 3,000')).toBeTruthy();
  });

  it('asks the worker for the real epoch in the middle and names it', () => {
    const { slider, store, lastOfType } = setup();
    fireEvent.change(slider, { target: { value: '1500' } });
    expect(lastOfType('showEpoch')?.epoch).toBe(1500);
    expect(store.getState().scrubEpoch).toBe(1500);
    expect(slider.getAttribute('aria-valuetext')).toBe('epoch 1,500 of 3,000');
    expect(screen.getByText('viewing epoch 1,500 of 3,000')).toBeTruthy();
  });

  it('says so when the plane shows the nearest kept epoch instead', () => {
    const { slider, store } = setup();
    fireEvent.change(slider, { target: { value: '1501' } });
    const grid = { resolution: 1, extent: 6, scores: new Float32Array(1) };
    act(() =>
      store.getState().receive([
        {
          type: 'epochView',
          runId: store.getState().runId,
          epoch: 1500,
          requestedEpoch: 1501,
          weights: [1500, 2, 3],
          grid,
          boundary: new Float32Array(0),
        },
      ]),
    );
    expect(screen.getByText(/epoch 1,501 is not among them, so the plane shows epoch 1,500/)).toBeTruthy();
    expect(screen.getByText(/Weights after epoch 1,500: w1 = 1,?500/)).toBeTruthy();
  });
});
