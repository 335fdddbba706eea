import { useShallow } from 'zustand/react/shallow';
import { hyperparameterLimits } from '../../state/config.ts';
import type { SweepMetric, SweepView } from '../../state/exploreSlice.ts';
import { useAppStore } from '../../state/store.ts';
import { NumberBox } from '../controls/NumberBox.tsx';
import { LAB_HEADINGS } from './labHeadings.ts';
import { StepsVsExamplesView } from './StepsVsExamplesView.tsx';
import { SweepHeatmap } from './SweepHeatmap.tsx';

const METRICS: Record<SweepMetric, string> = {
  testAccuracy: 'final test accuracy',
  objective: 'final objective',
  epochsToTarget: 'epochs to target',
};

const VIEWS: Record<SweepView, string> = {
  heatmap: 'Heatmap',
  stepsVsExamples: 'Steps vs examples',
};

/** A grid of learning rate × batch size (× annealing) on a pool of workers, results as a readable heatmap. */
export function SweepPanel() {
  const sweep = useAppStore((state) => state.sweep);
  const settings = useAppStore((state) => state.sweepSettings);
  const metric = useAppStore((state) => state.sweepMetric);
  const view = useAppStore((state) => state.sweepView);
  const actions = useAppStore(
    useShallow(({ setSweepSettings, setSweepMetric, setSweepView, runSweep, cancelSweep }) => ({
      setSweepSettings,
      setSweepMetric,
      setSweepView,
      runSweep,
      cancelSweep,
    })),
  );
  const running = sweep.status === 'running';
  const total = sweep.cells.length;

  return (
    <section className="panel sweep-panel" aria-labelledby={LAB_HEADINGS.sweep.id}>
      <h2 id={LAB_HEADINGS.sweep.id}>{LAB_HEADINGS.sweep.text}</h2>
      <div className="sweep-controls">
        <label className="inline-number">
          learning rates
          <input
            type="number"
            aria-label="Learning rates in the sweep"
            min={2}
            max={8}
            value={settings.learningRateCount}
            onChange={(event) =>
              actions.setSweepSettings({ learningRateCount: Number(event.currentTarget.value) })
            }
          />
        </label>
        <NumberBox
          caption="from"
          label="Sweep learning rates from"
          value={settings.learningRateFrom}
          min={hyperparameterLimits.learningRate.min}
          max={hyperparameterLimits.learningRate.max}
          step="any"
          onCommit={(rate) => actions.setSweepSettings({ learningRateFrom: rate })}
        />
        <NumberBox
          caption="to"
          label="Sweep learning rates to"
          value={settings.learningRateTo}
          min={hyperparameterLimits.learningRate.min}
          max={hyperparameterLimits.learningRate.max}
          step="any"
          onCommit={(rate) => actions.setSweepSettings({ learningRateTo: rate })}
        />
        <label className="inline-number">
          × batch sizes
          <input
            type="number"
            aria-label="Batch sizes in the sweep"
            min={2}
            max={8}
            value={settings.batchSizeCount}
            onChange={(event) =>
              actions.setSweepSettings({ batchSizeCount: Number(event.currentTarget.value) })
            }
          />
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={settings.sweepAnnealing}
            onChange={(event) => actions.setSweepSettings({ sweepAnnealing: event.currentTarget.checked })}
          />
          × annealing (1, 0.95)
        </label>
        {view === 'heatmap' && (
          <label className="inline-number">
            show
            <select
              aria-label="Sweep metric"
              value={metric}
              onChange={(event) => actions.setSweepMetric(event.currentTarget.value as SweepMetric)}
            >
              {(Object.keys(METRICS) as SweepMetric[]).map((key) => (
                <option key={key} value={key}>
                  {METRICS[key]}
                </option>
              ))}
            </select>
          </label>
        )}
        {view === 'heatmap' && metric === 'epochsToTarget' && (
          <label className="inline-number">
            target: within
            <input
              type="number"
              aria-label="Target, percent above the lowest objective"
              min={1}
              max={100}
              step={1}
              value={Math.round(settings.targetMargin * 100)}
              onChange={(event) => {
                const percent = Number(event.currentTarget.value);
                if (percent >= 1 && percent <= 100) actions.setSweepSettings({ targetMargin: percent / 100 });
              }}
            />
            % of the lowest objective
          </label>
        )}
      </div>
      <div className="button-row">
        <button type="button" className="primary" onClick={actions.runSweep} disabled={running}>
          Run sweep
        </button>
        <button type="button" onClick={actions.cancelSweep} disabled={!running}>
          Cancel sweep
        </button>
      </div>
      {sweep.status !== 'idle' && (
        <div className="sweep-progress">
          <progress aria-label="Sweep progress" max={total} value={sweep.done} />
          <span>
            {sweep.done} of {total} runs on {sweep.workers} worker{sweep.workers === 1 ? '' : 's'} ·{' '}
            {sweep.eta}
          </span>
        </div>
      )}
      {sweep.errors.length > 0 && (
        <p className="note note-error" role="alert">
          Some runs failed: {sweep.errors.slice(0, 3).join('; ')}
        </p>
      )}
      {sweep.status !== 'idle' && (
        <div className="view-switch" role="group" aria-label="Sweep view">
          {(Object.keys(VIEWS) as SweepView[]).map((key) => (
            <button
              key={key}
              type="button"
              aria-pressed={view === key}
              onClick={() => actions.setSweepView(key)}
            >
              {VIEWS[key]}
            </button>
          ))}
        </div>
      )}
      {sweep.status !== 'idle' &&
        (view === 'heatmap' ? <SweepHeatmap metricNames={METRICS} /> : <StepsVsExamplesView />)}
      {sweep.status === 'idle' && (
        <p className="hint">
          Trains every combination of learning rate (log-spaced between the two rates above) and batch size (1
          to full batch) on the current data, model and epochs, in parallel on background workers.
        </p>
      )}
    </section>
  );
}
