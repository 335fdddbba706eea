import { describe, expect, it } from 'vitest';
import { createAppStore } from '../../state/store.ts';
import { createFakeTransport } from '../../test/fakeTransport.ts';
import { describeProgress } from './Announcer.tsx';

describe('what the announcer says of a divergence', () => {
  const store = createAppStore(createFakeTransport().transport);
  const counters = { ...store.getState().counters, state: 'diverged' as const, epoch: 9 };
  const divergence = { epoch: 10, batch: 4, learningRate: 0.102, reason: '', suggestedLearningRate: 0.02 };

  it('names the epoch that diverged, counted from 1, and the rule when the objective rule stopped it', () => {
    const rise = { objective: 18_453.8, limit: 14_000, lowest: 140, start: 140 };
    expect(
      describeProgress({ ...store.getState(), counters, divergence: { ...divergence, objectiveRise: rise } }),
    ).toBe('Diverged at epoch 10: the training objective rose above 100 × its lowest.');
    expect(describeProgress({ ...store.getState(), counters, divergence })).toBe('Diverged at epoch 10.');
  });
});
