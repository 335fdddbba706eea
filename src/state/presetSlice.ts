import type { StateCreator } from 'zustand';
import { presets, type Preset, type PresetId } from './presets.ts';
import type { AppState } from './store.ts';

/** The guided preset the user chose, if any. */
export interface PresetSlice {
  presetId: PresetId | null;
  /** Sets every setting of a preset and starts a fresh run (paused, ready to train). */
  applyPreset(id: PresetId): void;
  /** Hides the preset's paragraph (the settings stay). */
  dismissPreset(): void;
}

/** Creates the preset slice: a preset is a configuration, applied through the configuration slice. */
export const createPresetSlice: StateCreator<AppState, [], [], PresetSlice> = (set, get) => ({
  presetId: null,
  applyPreset(id) {
    const preset: Preset = presets[id];
    const { dataset, model, objective, l2, hyperparameters, speed } = preset;
    get().dismissDataMessage();
    get().replaceConfig({
      ...get().config,
      dataset,
      customPoints: null,
      model,
      objective,
      l2,
      hyperparameters,
      speed,
      ...(preset.sampling === undefined ? {} : { sampling: preset.sampling }),
    });
    set({ presetId: id });
  },
  dismissPreset() {
    set({ presetId: null });
  },
});
