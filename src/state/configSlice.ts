import type { StateCreator } from 'zustand';
import {
  countConfigTrainingPoints,
  defaultConfig,
  normalizeConfig,
  patchConfig,
  type AppConfig,
  type ConfigPatch,
} from './config.ts';
import type { AppState } from './store.ts';

/** The configuration and the one place that decides what a change of it does to the run. */
export interface ConfigSlice {
  config: AppConfig;
  /** Shown under the batch-size control when a batch size had to be clamped. */
  batchSizeNote: string | null;
  /**
   * Changes some settings. A change of the data, the model, the objective, the engine or L2 starts a new run
   * (training on if the old one was); hyperparameters reach a running run from its next epoch; the speed
   * applies at once. Choosing a generated dataset leaves the user's own points (Undo brings them back). With
   * `reachRun: false` the run is left alone: it already has the change (a rewind sets its own rate).
   */
  changeConfig(patch: ConfigPatch, options?: { reachRun?: boolean }): void;
  /** Takes a whole configuration (a link, the last visit, a preset) and starts a fresh run with it, paused. */
  replaceConfig(config: AppConfig): void;
}

/** How many training points the current configuration gives. */
export function selectTrainCount(state: Pick<AppState, 'config'>): number {
  return countConfigTrainingPoints(state.config);
}

/** Creates the configuration slice; it calls the data slice to keep points for Undo and the run slice to run. */
export const createConfigSlice: StateCreator<AppState, [], [], ConfigSlice> = (set, get) => ({
  config: defaultConfig,
  batchSizeNote: null,
  changeConfig(patch, { reachRun = true } = {}) {
    const state = get();
    const { config, batchSizeNote, appliedHyperparameters, restarts } = patchConfig(state.config, patch);
    if (
      patch.customPoints === undefined &&
      state.config.customPoints !== null &&
      config.customPoints === null
    ) {
      state.rememberPoints(state.config.customPoints);
    }
    set(batchSizeNote === undefined ? { config } : { config, batchSizeNote });
    if (!reachRun) return;
    if (restarts) {
      get().restartRun({ play: state.counters.state === 'training' });
      return;
    }
    if (Object.keys(appliedHyperparameters).length > 0) get().scheduleHyperparameters(appliedHyperparameters);
    if (patch.speed !== undefined) get().sendSpeed(config.speed);
  },
  replaceConfig(next) {
    const { config, batchSizeNote } = normalizeConfig(next);
    set({ config, batchSizeNote });
    get().restartRun();
  },
});
