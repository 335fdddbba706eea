import { formatNumber } from '../../core/format.ts';
import {
  activationNames,
  engineNames,
  engines,
  featureLabels,
  featureNames,
  isEngineName,
  type Activation,
  type ModelSpec,
} from '../../core/modelSpec.ts';
import { isObjectiveName, objectiveNames, objectives } from '../../core/objectives.ts';
import { hyperparameterLimits } from '../../state/config.ts';
import { useAppStore } from '../../state/store.ts';
import { useKeeps } from '../useKeeps.ts';
import { Slider } from './Slider.tsx';

const DEFAULT_NETWORK: ModelSpec = { kind: 'network', hiddenLayers: [8, 8], activation: 'tanh' };
const L2_STOPS = [0, 1e-4, 3e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1, 0.3, 1];

/** The score s of the chosen model, as a formula. */
function describeScore(model: ModelSpec): string {
  if (model.kind === 'network') {
    return `s = network(x₁, x₂): ${['2', ...model.hiddenLayers.map(String), '1'].join('-')}, ${model.activation}`;
  }
  const terms = ['w₁x₁', 'w₂x₂', ...model.features.map((feature) => `w·${featureLabels[feature]}`), 'b'];
  return `s = ${terms.join(' + ')}`;
}

/** Model (linear with feature maps, or a network), objective, L2 and the engine that computes gradients. */
export function ModelControls() {
  const model = useAppStore((state) => state.config.model);
  const objective = useAppStore((state) => state.config.objective);
  const l2 = useAppStore((state) => state.config.l2);
  const engine = useAppStore((state) => state.config.engine);
  const engineLabel = useAppStore((state) => state.info?.engineLabel ?? null);
  const changeConfig = useAppStore((state) => state.changeConfig);
  const setModel = (next: ModelSpec) => changeConfig({ model: next });
  const keeps = {
    model: useKeeps('model'),
    objective: useKeeps('objective'),
    l2: useKeeps('l2'),
    engine: useKeeps('engine'),
  };
  const l2Index = L2_STOPS.reduce(
    (best, stop, index) => (Math.abs(stop - l2) < Math.abs((L2_STOPS[best] as number) - l2) ? index : best),
    0,
  );

  return (
    <section className="panel" aria-labelledby="model-heading">
      <h2 id="model-heading">Model &amp; objective</h2>
      {keeps.model && (
        <div className="field">
          <label htmlFor="model">Model</label>
          <select
            id="model"
            value={model.kind}
            onChange={(event) =>
              setModel(
                event.currentTarget.value === 'network' ? DEFAULT_NETWORK : { kind: 'linear', features: [] },
              )
            }
          >
            <option value="linear">Linear</option>
            <option value="network">Neural network</option>
          </select>
        </div>
      )}
      {!keeps.model ? null : model.kind === 'linear' ? (
        <fieldset className="features">
          <legend>Extra features</legend>
          {featureNames.map((feature) => (
            <label key={feature} className="check">
              <input
                type="checkbox"
                checked={model.features.includes(feature)}
                onChange={(event) => {
                  const on = event.currentTarget.checked;
                  const features = featureNames.filter((name) =>
                    name === feature ? on : model.features.includes(name),
                  );
                  setModel({ kind: 'linear', features });
                }}
              />
              {featureLabels[feature]}
            </label>
          ))}
        </fieldset>
      ) : (
        <NetworkControls model={model} onChange={setModel} />
      )}
      <p className="formula" aria-label="Model formula">
        {describeScore(model)}
      </p>
      <div className="field">
        {keeps.objective && (
          <>
            <label htmlFor="objective">Objective</label>
            <select
              id="objective"
              value={objective}
              onChange={(event) => {
                const name = event.currentTarget.value;
                if (isObjectiveName(name)) changeConfig({ objective: name });
              }}
            >
              {objectiveNames.map((name) => (
                <option key={name} value={name}>
                  {objectives[name].label}
                </option>
              ))}
            </select>
          </>
        )}
        <p className="formula" aria-label="Objective formula">
          f(w) = {objectives[objective].formula}
          {l2 > 0 ? ` + n·(λ/2)‖w‖², λ = ${formatNumber(l2)}` : ''}
        </p>
      </div>
      {keeps.l2 && (
        <Slider
          label="L2 strength"
          value={l2Index}
          min={0}
          max={L2_STOPS.length - 1}
          step={1}
          display={l2 === 0 ? 'off' : `λ = ${formatNumber(l2)}`}
          onChange={(index) => changeConfig({ l2: L2_STOPS[index] ?? hyperparameterLimits.l2.min })}
        />
      )}
      {keeps.engine && (
        <div className="field">
          <label htmlFor="engine">Engine</label>
          <select
            id="engine"
            value={engine}
            onChange={(event) => {
              const name = event.currentTarget.value;
              if (isEngineName(name)) changeConfig({ engine: name });
            }}
          >
            {engineNames.map((name) => (
              <option key={name} value={name}>
                {engines[name].label}
              </option>
            ))}
          </select>
          <p className="hint" aria-live="polite">
            Running: {engineLabel ?? 'starting…'}
          </p>
        </div>
      )}
    </section>
  );
}

function NetworkControls({
  model,
  onChange,
}: {
  model: Extract<ModelSpec, { kind: 'network' }>;
  onChange: (model: ModelSpec) => void;
}) {
  const units = model.hiddenLayers[0] ?? 8;
  return (
    <>
      <Slider
        label="Hidden layers"
        value={model.hiddenLayers.length}
        min={1}
        max={3}
        step={1}
        display={String(model.hiddenLayers.length)}
        onChange={(layers) =>
          onChange({ ...model, hiddenLayers: Array.from({ length: layers }, () => units) })
        }
      />
      <Slider
        label="Units per layer"
        value={units}
        min={1}
        max={16}
        step={1}
        display={String(units)}
        onChange={(count) => onChange({ ...model, hiddenLayers: model.hiddenLayers.map(() => count) })}
      />
      <div className="field">
        <label htmlFor="activation">Activation</label>
        <select
          id="activation"
          value={model.activation}
          onChange={(event) => {
            const activation = activationNames.find((name) => name === event.currentTarget.value);
            if (activation) onChange({ ...model, activation: activation satisfies Activation });
          }}
        >
          {activationNames.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </div>
    </>
  );
}
