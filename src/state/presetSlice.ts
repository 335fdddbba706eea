import type { StateCreator } from 'zustand';
import { presets, type PresetId } from './presets.ts';
import type { AppState } from './store.ts';

/** The guided preset the user chose, if any. */
export interface PresetSlice {
  presetId: PresetId | null;
  /** Sets every setting of a preset and starts a fresh run (paused, ready to train). */
  applyPreset(id: PresetId): void;
  /** Hides the preset's paragraph (the settings stay). */
  dismissPreset(): void;
}

/** Creates the preset slice. */
export const createPresetSlice: StateCreator<AppState, [], [], PresetSlice> = (set, get) => ({
  presetId: null,
  applyPreset(id) {
    const preset = presets[id];
    set({
      presetId: id,
      dataset: preset.dataset,
      customPoints: null,
      model: preset.model,
      objective: preset.objective,
      l2: preset.l2,
      hyperparameters: preset.hyperparameters,
      batchSizeNote: null,
      speed: preset.speed,
      dataMessage: null,
    });
    get().refitBatchSize();
    get().restartRun();
  },
  dismissPreset() {
    set({ presetId: null });
  },
});
