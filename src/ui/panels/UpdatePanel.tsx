import { useState } from 'react';
import { formatNumber, formatRate } from '../../core/format.ts';
import { useAppStore, type AppState } from '../../state/store.ts';
import { useThrottledSelector } from '../pageClock.ts';

const selectLastUpdate = (state: AppState) => state.lastUpdate;

/** A stable empty list: a selector must not return a new array on every call. */
const NO_LABELS: readonly string[] = [];

/** Parameters shown in full; a network's others are summarised. */
const SHOWN_PARAMETERS = 6;

/** "What just happened": the last update W* = W − lr · (Σ∇f)/|batch| with its live numbers. */
export function UpdatePanel() {
  const update = useThrottledSelector(selectLastUpdate);
  const runLabels = useAppStore((state) => state.info?.parameterLabels ?? NO_LABELS);
  // While a new run starts and its worker has not named its parameters yet, the rows of the last run stay,
  // so that the panel, and the charts under it, keep their place.
  const [keptLabels, setKeptLabels] = useState(runLabels);
  if (runLabels.length > 0 && runLabels !== keptLabels) setKeptLabels(runLabels);
  const labels = runLabels.length > 0 ? runLabels : keptLabels;
  const parameters = update?.weightsBefore.length ?? labels.length;
  const rows = Array.from({ length: Math.min(parameters, SHOWN_PARAMETERS) }, (_, j) => j);
  return (
    <section className="update panel" aria-labelledby="update-heading">
      <h2 id="update-heading">What just happened</h2>
      {update === null ? (
        <p className="equation">
          <span className="where">
            Press <strong>Step batch</strong> to see one step:
          </span>{' '}
          <code>W* = W − lr · (Σ∇f)/|batch|</code>
        </p>
      ) : (
        <p className="equation">
          <span className="where">
            Epoch {update.epochIndex + 1}, batch {update.batchIndex + 1} of {update.batchesInEpoch}:{' '}
            {update.indices.length} point{update.indices.length === 1 ? '' : 's'}, lr ={' '}
            {formatRate(update.learningRate)}.
          </span>{' '}
          <code>W* = W − lr · (Σ∇f)/|batch|</code>
        </p>
      )}
      {/* The table is there before the first step, with dashes, so that the page does not move then. Its
          headers wrap, so that it fits a phone's width without scrolling sideways. */}
      <table className="update-table">
        <thead>
          <tr>
            <th scope="col">
              <span className="visually-hidden">parameter</span>
            </th>
            <th scope="col">W before</th>
            <th scope="col">(Σ∇f) / |batch|</th>
            <th scope="col">− lr · (Σ∇f) / |batch|</th>
            <th scope="col">W* after</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((j) => (
            <tr key={j}>
              <th scope="row">{labels[j] ?? `w${j + 1}`}</th>
              <td>{update ? formatNumber(update.weightsBefore[j] ?? 0) : '—'}</td>
              <td>{update ? formatNumber(update.meanGradient[j] ?? 0) : '—'}</td>
              <td>{update ? formatNumber(-update.learningRate * (update.meanGradient[j] ?? 0)) : '—'}</td>
              <td>{update ? formatNumber(update.weightsAfter[j] ?? 0) : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {parameters > SHOWN_PARAMETERS && (
        <p className="hint">
          …and {parameters - SHOWN_PARAMETERS} more parameters, each updated the same way.
        </p>
      )}
    </section>
  );
}
