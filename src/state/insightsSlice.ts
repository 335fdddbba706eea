import type { StateCreator } from 'zustand';
import { appendEvenly, emptyEvenSeries, keepThrough, type EvenSeries } from '../core/evenThinning.ts';
import type { TrainingTransport } from '../worker/training/client.ts';
import type { BatchNoiseSeries, FromTraining, InsightsView } from '../worker/training/protocol.ts';

export type { BatchNoiseSeries, InsightsView };
import type { AppState } from './store.ts';

/** At most this many measurements of the curvature and the noise scale are kept, thinned evenly by epoch. */
export const MAX_INSIGHTS_POINTS = 500;
/** Numbers per kept measurement in `InsightsSlice.insightsSeries.values`: λ_max, the learning rate, B_simple. */
export const INSIGHTS_WIDTH = 3;

/** One measurement of the series, its missing numbers (no Hessian, no gradient) as null. */
export interface InsightsPoint {
  readonly position: number;
  readonly lambdaMax: number | null;
  readonly learningRate: number;
  readonly noiseScale: number | null;
}

/** The "Curvature & noise" views' state: whether they are shown, the latest measurement and their series. */
export interface InsightsSlice {
  insightsShown: boolean;
  /** The run the measurements belong to. */
  insightsRunId: number;
  /** The newest measurement of the run (at w = 0 until the views are shown). */
  insights: InsightsView | null;
  /** The newest Monte-Carlo points (they come at most once a second). */
  sampledNoise: InsightsView['sampled'];
  /** λ_max, the learning rate and B_simple per measurement, NaN where missing, thinned evenly by position. */
  insightsSeries: EvenSeries;
  /** Shows or hides the views; the worker measures as the run trains only while they are shown. */
  showInsights(shown: boolean): void;
  /** The measurements (and rewinds) among the worker's messages of one frame. */
  receiveInsights(messages: readonly FromTraining[]): void;
}

/** The measurements of the series, oldest first. */
export function selectInsightsPoints(state: Pick<InsightsSlice, 'insightsSeries'>): InsightsPoint[] {
  const { positions, values } = state.insightsSeries;
  return positions.map((position, index) => {
    const at = (offset: number) => values[index * INSIGHTS_WIDTH + offset] as number;
    return {
      position,
      lambdaMax: Number.isFinite(at(0)) ? at(0) : null,
      learningRate: at(1),
      noiseScale: Number.isFinite(at(2)) ? at(2) : null,
    };
  });
}

/** λ_max of a measurement, or null when there is none (no Hessian, or not finite). */
export function lambdaMaxOf(view: InsightsView | null): number | null {
  if (view === null || view.sharpness.kind === 'none') return null;
  const value = view.sharpness.lambdaMax;
  return Number.isFinite(value) ? value : null;
}

/** Creates the insights slice around the transport to the training worker. */
export function createInsightsSlice(
  transport: TrainingTransport,
): StateCreator<AppState, [], [], InsightsSlice> {
  return (set, get) => ({
    insightsShown: false,
    insightsRunId: 0,
    insights: null,
    sampledNoise: null,
    insightsSeries: emptyEvenSeries(),
    showInsights(shown) {
      if (get().insightsShown === shown) return;
      set({ insightsShown: shown });
      transport.send({ type: 'setInsights', runId: get().runId, shown });
    },
    receiveInsights(messages) {
      const state = get();
      const runId = state.runId;
      const fresh = state.insightsRunId !== runId;
      let series = fresh ? emptyEvenSeries() : state.insightsSeries;
      let latest = fresh ? null : state.insights;
      let sampled = fresh ? null : state.sampledNoise;
      for (const message of messages) {
        if (message.runId !== runId) continue;
        if (message.type === 'rewound') {
          series = keepThrough(series, message.epoch, INSIGHTS_WIDTH);
        } else if (message.type === 'progress' && message.insights) {
          const view = message.insights;
          latest = view;
          if (view.sampled) sampled = view.sampled;
          const values = [
            lambdaMaxOf(view) ?? Number.NaN,
            view.learningRate,
            view.noise.noiseScale ?? Number.NaN,
          ];
          series = appendEvenly(
            series,
            { positions: [view.position], values },
            MAX_INSIGHTS_POINTS,
            INSIGHTS_WIDTH,
          );
        }
      }
      // A new run may run in a new worker (after a crash), which does not know the views are open.
      if (fresh && state.insightsShown) transport.send({ type: 'setInsights', runId, shown: true });
      if (!fresh && series === state.insightsSeries && latest === state.insights) return;
      set({ insightsRunId: runId, insightsSeries: series, insights: latest, sampledNoise: sampled });
    },
  });
}
