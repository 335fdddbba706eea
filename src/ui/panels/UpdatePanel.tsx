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
  const labels = useAppStore((state) => state.info?.parameterLabels ?? NO_LABELS);
  const parameters = update?.weightsBefore.length ?? labels.length;
  const rows = Array.from({ length: Math.min(parameters, SHOWN_PARAMETERS) }, (_, j) => j);
  return (
    <section className="update panel" aria-labelledby="update-heading">
      <h2 id="update-heading">What just happened</h2>
      {update === null ? (
        <p className="hint">
          Each step takes the next <strong>batch</strong> of the epoch&apos;s shuffled order, averages the
          gradient of the objective over it, and moves the weights against it:{' '}
          <code>W* = W − lr · (Σ∇f) / |batch|</code>. Press <strong>Step batch</strong> to see one.
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
      {/* The table is there before the first step, with dashes, so that the page does not move then. */}
      <table className="update-table">
        <thead>
          <tr>
            <th scope="col">parameter</th>
            <th scope="col">W (before)</th>
            <th scope="col">mean gradient (Σ∇f)/|batch|</th>
            <th scope="col">− lr · gradient</th>
            <th scope="col">W* (after)</th>
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
