import { useState } from 'react';
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

/**
 * A preset's steps: the whole list on the page; in presentation mode one step at a time with buttons to
 * move on, so that the projected screen keeps its charts and the teacher walks the class through.
 */
function PresetSteps({ steps, presentation }: { steps: readonly string[]; presentation: boolean }) {
  const [shown, setShown] = useState(0);
  if (!presentation) {
    return (
      <ol className="preset-steps">
        {steps.map((step) => (
          <li key={step}>{step}</li>
        ))}
      </ol>
    );
  }
  const index = Math.min(shown, steps.length - 1);
  return (
    <div className="preset-step">
      <p aria-live="polite">
        <strong>
          Step {index + 1} of {steps.length}:
        </strong>{' '}
        {steps[index]}
      </p>
      <button type="button" disabled={index === 0} onClick={() => setShown(index - 1)}>
        Previous step
      </button>
      <button type="button" disabled={index === steps.length - 1} onClick={() => setShown(index + 1)}>
        Next step
      </button>
    </div>
  );
}

/** What to watch in the chosen preset: one paragraph, and its steps when it has some. */
export function PresetPanel() {
  const presetId = useAppStore((state) => state.presetId);
  const presentation = useAppStore((state) => state.config.presentation);
  const dismissPreset = useAppStore((state) => state.dismissPreset);
  if (presetId === null) return null;
  const preset: Preset = presets[presetId];
  return (
    <section className="preset-panel" aria-labelledby="preset-heading">
      <h2 id="preset-heading">What to watch: {preset.title}</h2>
      <p>{preset.watch}</p>
      {preset.steps && <PresetSteps key={presetId} steps={preset.steps} presentation={presentation} />}
      <button type="button" className="link" onClick={dismissPreset}>
        Hide
      </button>
    </section>
  );
}
