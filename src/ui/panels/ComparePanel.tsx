import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { formatNumber, formatPercent, formatRate } from '../../core/format.ts';
import type { Hyperparameters } from '../../core/hyperparameters.ts';
import {
  describeDifferences,
  disagreementShare,
  MAX_PINNED,
  weightDistance,
} from '../../state/compareSlice.ts';
import { useAppStore, useAppStoreApi, type AppState } from '../../state/store.ts';
import { useThrottledSelector } from '../pageClock.ts';
import { colourOf, LIVE_RUN_COLOUR } from '../runColours.ts';
import { LAB_HEADINGS } from './labHeadings.ts';

const NOTHING_TO_COMPARE = [[], null] as const;
/** The live weights and grid, which pinned runs are compared with; with none pinned, nothing (no redraws). */
const selectLiveModel = (state: AppState) =>
  state.pinned.length === 0 ? NOTHING_TO_COMPARE : ([state.weights, state.grid] as const);

type TwinParameter = 'learningRate' | 'annealingRate' | 'batchSize';

const TWIN_LABELS: Record<TwinParameter, string> = {
  learningRate: 'Learning rate',
  annealingRate: 'Annealing rate',
  batchSize: 'Batch size',
};

/** A sensible second value to compare with: half the rate, no annealing, or a batch four times larger. */
function suggestTwinValue(parameter: TwinParameter, hyperparameters: Hyperparameters): number {
  if (parameter === 'learningRate') return Number((hyperparameters.learningRate / 2).toPrecision(2));
  if (parameter === 'annealingRate') return hyperparameters.annealingRate < 1 ? 1 : 0.95;
  return hyperparameters.batchSize * 4;
}

/** Pin runs to compare them on every chart, start a twin with one change, and see how far apart they are. */
export function ComparePanel() {
  const store = useAppStoreApi();
  const pinned = useAppStore((state) => state.pinned);
  const note = useAppStore((state) => state.compareNote);
  const hyperparameters = useAppStore((state) => state.config.hyperparameters);
  const [weights, grid] = useThrottledSelector(selectLiveModel);
  const { pinRun, unpinRun, twinRun } = useAppStore(
    useShallow(({ pinRun, unpinRun, twinRun }) => ({ pinRun, unpinRun, twinRun })),
  );
  const [parameter, setParameter] = useState<TwinParameter>('learningRate');
  const [value, setValue] = useState<string>('');
  const shownValue = value === '' ? String(suggestTwinValue(parameter, hyperparameters)) : value;
  const labels = describeDifferences([...pinned.map((run) => run.config), store.getState().config]);

  return (
    <section className="panel compare-panel" aria-labelledby={LAB_HEADINGS.compare.id}>
      <h2 id={LAB_HEADINGS.compare.id}>{LAB_HEADINGS.compare.text}</h2>
      <div className="button-row">
        <button type="button" onClick={pinRun} disabled={pinned.length >= MAX_PINNED}>
          Pin run
        </button>
        <label className="inline-number">
          twin with
          <select
            aria-label="Twin parameter"
            value={parameter}
            onChange={(event) => {
              setParameter(event.currentTarget.value as TwinParameter);
              setValue('');
            }}
          >
            {(Object.keys(TWIN_LABELS) as TwinParameter[]).map((key) => (
              <option key={key} value={key}>
                {TWIN_LABELS[key]}
              </option>
            ))}
          </select>
          =
          <input
            type="number"
            aria-label="Twin value"
            value={shownValue}
            step="any"
            onChange={(event) => setValue(event.currentTarget.value)}
          />
        </label>
        <button
          type="button"
          onClick={() => {
            const number = Number(shownValue);
            if (Number.isFinite(number) && number > 0) twinRun({ [parameter]: number });
          }}
        >
          Twin run
        </button>
      </div>
      {note && (
        <p className="note" role="status">
          {note}
        </p>
      )}
      {pinned.length > 0 ? (
        <ul className="run-legend" aria-label="Runs on the charts">
          <li>
            <span className="swatch" style={{ background: LIVE_RUN_COLOUR }} />
            <strong>live</strong>: {labels[labels.length - 1]}
          </li>
          {pinned.map((run, index) => {
            const distance = weightDistance(run.weights, weights);
            const disagreement = run.grid && grid ? disagreementShare(run.grid, grid) : null;
            return (
              <li key={run.id} className="pinned-run">
                <span className="swatch" style={{ background: colourOf(run) }} />
                <span>{labels[index]}</span>
                <span className="where">
                  {distance !== null ? ` ‖w − w_live‖ = ${formatNumber(distance)}` : ' (other model)'}
                  {disagreement !== null
                    ? `; boundaries disagree on ${formatPercent(disagreement)} of the plane`
                    : ''}
                </span>
                <button
                  type="button"
                  className="link"
                  aria-label={`Unpin ${labels[index]}`}
                  onClick={() => unpinRun(run.id)}
                >
                  unpin
                </button>
              </li>
            );
          })}
        </ul>
      ) : (
        <p className="hint">
          Pin a run to keep its curves on the charts, then change a setting (lr{' '}
          {formatRate(hyperparameters.learningRate)}, batch {hyperparameters.batchSize}, …) and train again.
          Train solid, test dashed, one colour per run.
        </p>
      )}
    </section>
  );
}
