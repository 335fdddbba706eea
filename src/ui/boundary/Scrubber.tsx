import { formatNumber } from '../../core/format.ts';
import { useAppStore, type AppState } from '../../state/store.ts';
import { useThrottledSelector } from '../pageClock.ts';

const selectEpochCount = (state: AppState) => state.history.length;

/** A slider over the epochs of the run: the plane and the charts' cursor show any past epoch. */
export function Scrubber() {
  const epochs = useThrottledSelector(selectEpochCount);
  const scrubEpoch = useAppStore((state) => state.scrubEpoch);
  const setScrubEpoch = useAppStore((state) => state.setScrubEpoch);
  const viewWeights = useAppStore((state) => state.epochView?.weights ?? null);
  const labels = useAppStore((state) => state.info?.parameterLabels ?? null);
  const shown = scrubEpoch ?? epochs;
  return (
    <div className="scrubber">
      <label htmlFor="scrubber">Epoch</label>
      <input
        id="scrubber"
        type="range"
        min={0}
        max={epochs}
        step={1}
        value={shown}
        disabled={epochs === 0}
        aria-valuetext={scrubEpoch === null ? `live (epoch ${epochs})` : `epoch ${scrubEpoch} of ${epochs}`}
        onChange={(event) => setScrubEpoch(Number(event.currentTarget.value))}
      />
      <output htmlFor="scrubber" className="slider-value">
        {scrubEpoch === null ? `live · ${epochs}` : `viewing epoch ${scrubEpoch} of ${epochs}`}
      </output>
      {scrubEpoch !== null && (
        <button type="button" className="link" onClick={() => setScrubEpoch(null)}>
          back to live
        </button>
      )}
      {scrubEpoch !== null && viewWeights && (
        <p className="scrub-weights" aria-live="polite">
          Weights after epoch {scrubEpoch}:{' '}
          {viewWeights
            .slice(0, 3)
            .map((weight, j) => `${labels?.[j] ?? `w${j + 1}`} = ${formatNumber(weight)}`)
            .join(', ')}
          {viewWeights.length > 3 ? `, … (${viewWeights.length} parameters)` : ''}
        </p>
      )}
    </div>
  );
}
