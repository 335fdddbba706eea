import type { CSSProperties } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { formatRate } from '../../core/format.ts';
import type { SweepMetric } from '../../state/exploreSlice.ts';
import { useAppStore } from '../../state/store.ts';
import { SweepOverlayLines, describeStabilityLimit, startSharpnessOf } from './SweepOverlay.tsx';
import { shadeSweepCells } from './sweepShading.ts';

/** What the grid's numbers are, in words: the metric, with the target spelled out. */
function describeMetric(
  metric: SweepMetric,
  targetMargin: number,
  names: Record<SweepMetric, string>,
): string {
  return metric === 'epochsToTarget'
    ? `epochs to within ${Math.round(targetMargin * 100)} % of the sweep's lowest training objective`
    : names[metric];
}

function shade(goodness: number | null): string {
  if (goodness === null) return '#f1f5f9';
  const g = Math.min(1, Math.max(0, goodness));
  // Pale to deep green: print-safe and never confused with the class colours.
  return `rgb(${Math.round(240 - 200 * g)}, ${Math.round(246 - 110 * g)}, ${Math.round(240 - 160 * g)})`;
}

/**
 * The sweep's grid as a heatmap, one table per annealing rate (click a cell to load it), with the lines of
 * constant lr / B and the 2 / λ_max limit drawn over it when asked for.
 */
export function SweepHeatmap({ metricNames }: { metricNames: Record<SweepMetric, string> }) {
  const sweep = useAppStore((state) => state.sweep);
  const targetMargin = useAppStore((state) => state.sweepSettings.targetMargin);
  const metric = useAppStore((state) => state.sweepMetric);
  const overlays = useAppStore((state) => state.sweepOverlays);
  const { loadSweepCell, setSweepOverlays } = useAppStore(
    useShallow(({ loadSweepCell, setSweepOverlays }) => ({ loadSweepCell, setSweepOverlays })),
  );
  const views = shadeSweepCells(sweep.results, metric, targetMargin);
  const lambdaMax = startSharpnessOf(sweep.results);
  const limitRate = typeof lambdaMax === 'number' && lambdaMax > 0 ? 2 / lambdaMax : null;
  if (sweep.cells.length === 0) return null;
  return (
    <>
      <div className="sweep-controls">
        <label className="check">
          <input
            type="checkbox"
            checked={overlays.temperature}
            onChange={(event) => setSweepOverlays({ temperature: event.currentTarget.checked })}
          />
          lines of constant lr / B
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={overlays.stabilityLimit}
            onChange={(event) => setSweepOverlays({ stabilityLimit: event.currentTarget.checked })}
          />
          2 / λ_max limit
        </label>
      </div>
      {sweep.annealingRates.map((annealingRate, annealingIndex) => (
        <div
          key={annealingRate}
          className={
            overlays.temperature || overlays.stabilityLimit ? 'sweep-grid-wrap overlaid' : 'sweep-grid-wrap'
          }
        >
          <table className="sweep-grid">
            <caption>
              {describeMetric(metric, targetMargin, metricNames)}, annealing {annealingRate}: click a cell to
              load it
            </caption>
            <thead>
              <tr>
                <th scope="col">batch \ lr</th>
                {sweep.learningRates.map((rate) => (
                  <th key={rate} scope="col">
                    {formatRate(rate)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {sweep.batchSizes.map((batchSize, batchIndex) => (
                <tr key={batchSize}>
                  <th scope="row">{batchSize}</th>
                  {sweep.learningRates.map((rate, rateIndex) => {
                    const index =
                      (annealingIndex * sweep.batchSizes.length + batchIndex) * sweep.learningRates.length +
                      rateIndex;
                    const cell = views[index] ?? { text: '…', goodness: null };
                    const loaded = sweep.loadedIndex === index;
                    return (
                      <td
                        key={rate}
                        className={loaded ? 'loaded' : undefined}
                        style={
                          {
                            background: shade(cell.goodness),
                            '--shade': shade(cell.goodness),
                          } as CSSProperties
                        }
                      >
                        <button
                          type="button"
                          className="sweep-cell"
                          aria-pressed={loaded}
                          aria-label={`lr ${formatRate(rate)}, batch ${batchSize}, annealing ${annealingRate}: ${cell.text}`}
                          disabled={sweep.results[index] === null}
                          onClick={() => loadSweepCell(index)}
                        >
                          {cell.text}
                        </button>
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
          <SweepOverlayLines
            layoutKey={sweep.done}
            learningRates={sweep.learningRates}
            batchSizes={sweep.batchSizes}
            temperature={overlays.temperature}
            limitRate={overlays.stabilityLimit ? limitRate : null}
          />
        </div>
      ))}
      {overlays.temperature && (
        <p className="hint overlay-caption" data-testid="temperature-caption">
          Thin dashed grey lines join the grid’s points of equal lr / B, the “temperature” of SGD’s noise
          (Jastrzębski et al. 2017), each labelled with its value where it leaves the grid: runs along one
          line take steps equally noisy for their size, so they often end alike.
        </p>
      )}
      {overlays.stabilityLimit && (
        <p className="hint overlay-caption" data-testid="limit-caption">
          {describeStabilityLimit(lambdaMax, sweep.learningRates)}
        </p>
      )}
    </>
  );
}
