import { formatNumber, formatRate } from '../../core/format.ts';
import { useAppStore } from '../../state/store.ts';

function vector(values: readonly number[]): string {
  return `(${values.map(formatNumber).join(', ')})`;
}

/** "What just happened": the last update W* = W − lr · (Σ∇f)/|batch| with its live numbers. */
export function UpdatePanel() {
  const update = useAppStore((state) => state.lastUpdate);
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
            epoch {update.epochIndex + 1}, batch {update.batchIndex + 1} of {update.batchesInEpoch} (
            {update.indices.length} point{update.indices.length === 1 ? '' : 's'}):
          </span>{' '}
          <code>
            W* = W − lr · (Σ∇f)/|batch| = {vector(update.weightsBefore)} − {formatRate(update.learningRate)} ·{' '}
            {vector(update.meanGradient)} = {vector(update.weightsAfter)}
          </code>
          <span className="where"> with W = (w₁, w₂, b)</span>
        </p>
      )}
    </section>
  );
}
