import { formatNumber } from '../../core/format.ts';
import { latestEpoch } from '../../state/runSlice.ts';
import { useAppStore, type AppState } from '../../state/store.ts';
import { useThrottledSelector } from '../pageClock.ts';

const selectLatestEpoch = (state: AppState) => latestEpoch(state.history);

/** Takes a whole line of the scrubber's wrapping row. */
const OWN_LINE = { flexBasis: '100%' } as const;

/** An epoch number for people: 3,000. */
const formatEpoch = (epoch: number) => epoch.toLocaleString('en');

/** A slider over the epochs of the run: the plane and the charts' cursor show any past epoch. */
export function Scrubber() {
  const latest = useThrottledSelector(selectLatestEpoch);
  const scrubEpoch = useAppStore((state) => state.scrubEpoch);
  const setScrubEpoch = useAppStore((state) => state.setScrubEpoch);
  const epochView = useAppStore((state) => state.epochView);
  const labels = useAppStore((state) => state.info?.parameterLabels ?? null);
  // The worker's answer to the scrubber's current request, once it is in.
  const view = scrubEpoch !== null && epochView?.requestedEpoch === scrubEpoch ? epochView : null;
  const weights = view?.weights ?? null;
  return (
    <div className="scrubber">
      <label htmlFor="scrubber">Epoch</label>
      <input
        id="scrubber"
        type="range"
        min={0}
        max={latest}
        step={1}
        value={scrubEpoch ?? latest}
        disabled={latest === 0}
        aria-valuetext={
          scrubEpoch === null
            ? `live (epoch ${formatEpoch(latest)})`
            : `epoch ${formatEpoch(scrubEpoch)} of ${formatEpoch(latest)}`
        }
        onChange={(event) => setScrubEpoch(Number(event.currentTarget.value))}
      />
      {/* A line of its own: the slider keeps its width while the reading changes under a dragging pointer. */}
      <div className="scrub-reading" style={OWN_LINE}>
        <output htmlFor="scrubber" className="slider-value">
          {scrubEpoch === null
            ? `live · ${formatEpoch(latest)}`
            : `viewing epoch ${formatEpoch(scrubEpoch)} of ${formatEpoch(latest)}`}
        </output>
        {scrubEpoch !== null && (
          <>
            {' '}
            <button type="button" className="link" onClick={() => setScrubEpoch(null)}>
              back to live
            </button>
          </>
        )}
      </div>
      {view && view.epoch !== view.requestedEpoch && (
        <p className="scrub-weights" aria-live="polite">
          {`A long run keeps the weights of evenly spaced epochs: epoch ${formatEpoch(view.requestedEpoch)} is not among them, so the plane shows epoch ${formatEpoch(view.epoch)}, the nearest kept.`}
        </p>
      )}
      {view && weights && (
        <p className="scrub-weights" aria-live="polite">
          Weights after epoch {formatEpoch(view.epoch)}:{' '}
          {weights
            .slice(0, 3)
            .map((weight, j) => `${labels?.[j] ?? `w${j + 1}`} = ${formatNumber(weight)}`)
            .join(', ')}
          {weights.length > 3 ? `, … (${weights.length} parameters)` : ''}
        </p>
      )}
    </div>
  );
}
