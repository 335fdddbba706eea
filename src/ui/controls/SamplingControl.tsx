import { isSamplingScheme, samplingSchemeNames, samplingSchemes } from '../../core/sampling.ts';
import { useAppStore } from '../../state/store.ts';

/**
 * The Sampling select: how each epoch's examples are drawn, with the chosen scheme's caption, which the
 * select names as its description so a screen reader reads it too. A change starts a new run.
 */
export function SamplingControl() {
  const sampling = useAppStore((state) => state.config.sampling);
  const changeConfig = useAppStore((state) => state.changeConfig);
  return (
    <div className="field sampling-field">
      <label htmlFor="sampling">Sampling</label>
      <select
        id="sampling"
        value={sampling}
        aria-describedby="sampling-caption"
        onChange={(event) => {
          const name = event.currentTarget.value;
          if (isSamplingScheme(name)) changeConfig({ sampling: name });
        }}
      >
        {samplingSchemeNames.map((name) => (
          <option key={name} value={name}>
            {samplingSchemes[name].label}
          </option>
        ))}
      </select>
      <p id="sampling-caption" className="hint">
        {samplingSchemes[sampling].caption}
      </p>
    </div>
  );
}
