import { isPresetId, presetIds, presets, type Preset } from '../../state/presets.ts';
import { useAppStore } from '../../state/store.ts';

/** The preset menu: each guided experiment sets everything at once. */
export function PresetPicker() {
  const presetId = useAppStore((state) => state.presetId);
  const applyPreset = useAppStore((state) => state.applyPreset);
  return (
    <div className="preset-picker">
      <label htmlFor="preset">Preset</label>
      <select
        id="preset"
        value={presetId ?? ''}
        onChange={(event) => {
          const id = event.currentTarget.value;
          if (isPresetId(id)) applyPreset(id);
        }}
      >
        <option value="" disabled>
          Choose a guided experiment…
        </option>
        {presetIds.map((id) => (
          <option key={id} value={id}>
            {presets[id].title}
          </option>
        ))}
      </select>
    </div>
  );
}

/** What to watch in the chosen preset, in one paragraph. */
export function PresetPanel() {
  const presetId = useAppStore((state) => state.presetId);
  const dismissPreset = useAppStore((state) => state.dismissPreset);
  if (presetId === null) return null;
  const preset: Preset = presets[presetId];
  return (
    <section className="preset-panel" aria-labelledby="preset-heading">
      <h2 id="preset-heading">What to watch: {preset.title}</h2>
      <p>{preset.watch}</p>
      {preset.steps && (
        <ol className="preset-steps">
          {preset.steps.map((step) => (
            <li key={step}>{step}</li>
          ))}
        </ol>
      )}
      <button type="button" className="link" onClick={dismissPreset}>
        Hide
      </button>
    </section>
  );
}
