// @vitest-environment jsdom
import { act, cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { SamplingScheme } from '../../core/sampling.ts';
import { renderWithStore } from '../../test/renderWithStore.tsx';
import { countRepeats, describeEpochOrder, OrderStrip } from './OrderStrip.tsx';

afterEach(cleanup);

const order = (...indices: number[]) => ({
  epochIndex: 2,
  order: Uint32Array.from(indices),
  batchSize: 4,
});

describe('the epoch order strip', () => {
  it('counts the draws that repeat a point of the epoch', () => {
    expect(countRepeats([3, 1, 0, 2])).toBe(0);
    expect(countRepeats([3, 3, 0, 3, 1, 1])).toBe(3);
  });

  it('says what each scheme does to the order, with its batches and the batch outlined', () => {
    const permutation = order(4, 0, 3, 1, 5, 2);
    const update = { epochIndex: 2, batchIndex: 1 };
    const captions: Record<SamplingScheme, string> = {
      reshuffle: "Epoch 3's shuffled order: 6 points in 2 batches, batch 2 outlined. A new epoch reshuffles.",
      shuffleOnce:
        "Epoch 3's order: 6 points in 2 batches, batch 2 outlined. Shuffled once: the same order every epoch.",
      fixedOrder:
        "Epoch 3's order: 6 points in 2 batches, batch 2 outlined. Fixed: the stored order every epoch.",
      withReplacement:
        "Epoch 3's draws: 6 in 2 batches, batch 2 outlined; 0 repeats ticked, 0 points missed.",
    };
    for (const [scheme, caption] of Object.entries(captions) as [SamplingScheme, string][]) {
      expect(describeEpochOrder(scheme, permutation, update)).toBe(caption);
    }
    expect(describeEpochOrder('withReplacement', order(1, 1, 5, 0, 5), null)).toBe(
      "Epoch 3's draws: 5 in 2 batches; 2 repeats ticked, 2 points missed.",
    );
    expect(describeEpochOrder('withReplacement', order(1, 1, 2, 0), { epochIndex: 1, batchIndex: 0 })).toBe(
      "Epoch 3's draws: 4 in 1 batch; 1 repeat ticked, 1 point missed.",
    );
  });

  it('says before the first step how the chosen scheme will visit the points', () => {
    expect(describeEpochOrder('reshuffle', null, null)).toMatch(
      /^Each epoch visits .* in a fresh random order/,
    );
    expect(describeEpochOrder('fixedOrder', null, null)).toMatch(/in their stored order/);
    expect(describeEpochOrder('shuffleOnce', null, null)).toMatch(/in one random order, shuffled once/);
    expect(describeEpochOrder('withReplacement', null, null)).toMatch(/at random with repeats/);
  });

  it('captions the run’s order by the configured scheme, repeats counted', () => {
    const { store } = renderWithStore(<OrderStrip />);
    act(() => store.getState().changeConfig({ sampling: 'withReplacement' }));
    const figure = screen.getByRole('figure', { name: "This epoch's order" });
    expect(figure.textContent).toMatch(/at random with repeats/);
    expect(screen.getByRole('img').getAttribute('aria-label')).toBe(
      "This epoch's random draws, batch by batch, repeats marked",
    );
    act(() => store.setState({ epochOrder: order(7, 7, 7, 2, 9, 2) }));
    expect(figure.textContent).toBe("Epoch 3's draws: 6 in 2 batches; 3 repeats ticked, 3 points missed.");
  });
});
