import type { StateCreator } from 'zustand';
import type { LearningRateFinderResult } from '../core/learningRateFinder.ts';
import type { SweepBase } from '../core/sweep.ts';
import {
  createLearningRateFinder,
  type FinderHandle,
  type LearningRateFinderClient,
} from '../worker/learningRateFinder/client.ts';
import { selectSweepBase } from './exploreSlice.ts';
import type { AppState } from './store.ts';

/** The worker behind the learning-rate finder, made when first needed (tests pass a fake). */
export interface FinderServices {
  createLearningRateFinder(): LearningRateFinderClient;
}

/** The real worker. */
export const browserFinderServices: FinderServices = {
  createLearningRateFinder: () => createLearningRateFinder(),
};

/** The learning-rate finder's state: its last result and what it was found for. */
export interface FinderState {
  readonly status: 'idle' | 'running' | 'done' | 'cancelled' | 'failed';
  readonly result: LearningRateFinderResult | null;
  readonly error: string | null;
  /** What the result was found for (`finderKey`); a different key now means the result is out of date. */
  readonly key: string | null;
}

/** The learning-rate finder: a ramp in its own worker, its result, and applying its suggestion. */
export interface FinderSlice {
  finder: FinderState;
  /** Runs the ramp on the current data, model, objective and batch size; the current run is untouched. */
  findLearningRate(): void;
  cancelLearningRateFinder(): void;
  /** Sets the learning rate to the suggestion (from the next epoch, as the slider does). */
  applySuggestedLearningRate(): void;
}

/** What a finder's result depends on: the run's settings except the learning rate, annealing and epochs. */
export function finderKey(base: SweepBase): string {
  const { dataset, customPoints, model, objective, l2, hyperparameters, sampling } = base;
  return JSON.stringify([dataset, customPoints, model, objective, l2, hyperparameters.batchSize, sampling]);
}

/** The key of the current settings, to compare with the result's. */
export const selectFinderKey = (state: AppState): string => finderKey(selectSweepBase(state));

const idleFinder: FinderState = { status: 'idle', result: null, error: null, key: null };

/** Creates the finder slice around its services. */
export function createFinderSlice(services: FinderServices): StateCreator<AppState, [], [], FinderSlice> {
  return (set, get) => {
    let client: LearningRateFinderClient | null = null;
    let handle: FinderHandle | null = null;
    return {
      finder: idleFinder,
      findLearningRate() {
        const base = selectSweepBase(get());
        const key = finderKey(base);
        client ??= services.createLearningRateFinder();
        set((state) => ({ finder: { ...state.finder, status: 'running', error: null } }));
        handle = client.find(
          base,
          (result) => {
            handle = null;
            set({ finder: { status: 'done', result, error: null, key } });
          },
          (message) => {
            handle = null;
            set((state) => ({ finder: { ...state.finder, status: 'failed', error: message } }));
          },
        );
      },
      cancelLearningRateFinder() {
        if (handle === null) return;
        handle.cancel();
        handle = null;
        set((state) => ({ finder: { ...state.finder, status: 'cancelled' } }));
      },
      applySuggestedLearningRate() {
        const suggestion = get().finder.result?.suggestion;
        if (suggestion === null || suggestion === undefined) return;
        get().changeConfig({ hyperparameters: { learningRate: suggestion } });
      },
    };
  };
}
