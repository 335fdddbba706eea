import { describe, expect, it } from 'vitest';
import { createFakeTransport } from '../test/fakeTransport.ts';
import type { FromTraining, InsightsView } from '../worker/training/protocol.ts';
import { createAppStore } from './store.ts';
import { selectInsightsPoints } from './insightsSlice.ts';

function view(position: number, lambdaMax: number | null, noiseScale: number | null): InsightsView {
  return {
    position,
    sharpness: lambdaMax === null ? { kind: 'none', reason: 'no Hessian' } : { kind: 'exact', lambdaMax },
    noise: { count: 10, meanGradientNormSquared: 1, traceCovariance: 2, noiseScale },
    learningRate: 0.1,
    exact: { batchSizes: [1, 9], variances: [2, 0.025] },
    sampled: null,
  };
}

function progress(runId: number, insights: InsightsView): FromTraining {
  return { type: 'progress', runId, insights } as unknown as FromTraining;
}

function setup() {
  const fake = createFakeTransport();
  const store = createAppStore(fake.transport);
  store.getState().restartRun();
  return { ...fake, store };
}

describe('insights slice', () => {
  it('tells the worker when the views are shown or hidden, once per change', () => {
    const { store, sent } = setup();
    store.getState().showInsights(true);
    store.getState().showInsights(true);
    store.getState().showInsights(false);
    expect(sent.filter((message) => message.type === 'setInsights')).toEqual([
      { type: 'setInsights', runId: 1, shown: true },
      { type: 'setInsights', runId: 1, shown: false },
    ]);
  });

  it('keeps a series of λ_max, the rate and B_simple, cut at a rewind and cleared by a new run', () => {
    const { store, lastOfType } = setup();
    store.getState().receiveInsights([progress(1, view(0, 4, 8)), progress(1, view(1, null, null))]);
    store.getState().receiveInsights([progress(1, view(2, 5, 3)), progress(9, view(3, 1, 1))]);
    expect(selectInsightsPoints(store.getState())).toEqual([
      { position: 0, lambdaMax: 4, learningRate: 0.1, noiseScale: 8 },
      { position: 1, lambdaMax: null, learningRate: 0.1, noiseScale: null },
      { position: 2, lambdaMax: 5, learningRate: 0.1, noiseScale: 3 },
    ]);
    expect(store.getState().insights?.position).toBe(2);
    store.getState().receiveInsights([{ type: 'rewound', runId: 1, epoch: 1 }]);
    expect(selectInsightsPoints(store.getState()).map((point) => point.position)).toEqual([0, 1]);
    store.getState().showInsights(true);
    store.getState().restartRun();
    store.getState().receiveInsights([progress(2, view(0, 7, 2))]);
    // The new run's worker (a fresh one after a crash) is told the views are open.
    expect(lastOfType('setInsights')).toEqual({ type: 'setInsights', runId: 2, shown: true });
    expect(selectInsightsPoints(store.getState()).map((point) => point.lambdaMax)).toEqual([7]);
  });
});
