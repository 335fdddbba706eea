import { useMemo, type CSSProperties } from 'react';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceDot,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { useShallow } from 'zustand/react/shallow';
import { formatNumber, formatRate } from '../../core/format.ts';
import {
  FINDER_END_RATE,
  FINDER_MAX_GROWTH,
  FINDER_START_RATE,
  type LearningRateFinderResult,
} from '../../core/learningRateFinder.ts';
import { finiteRange } from '../../core/metrics.ts';
import { selectFinderKey } from '../../state/finderSlice.ts';
import { useAppStore } from '../../state/store.ts';
import { linearAxisFrom0 } from '../charts/axes.ts';
import { axisTick } from '../charts/axisTick.tsx';
import { CHART_MARGIN, LEGEND_STYLE, valueLabel } from '../charts/RunLineChart.tsx';
import { LAB_HEADINGS } from './labHeadings.ts';

/** The ramp's decades, the log axis's ticks. */
const RATE_TICKS = [1e-4, 1e-3, 1e-2, 0.1, 1, 10];
const RATE_DOMAIN: [number, number] = [FINDER_START_RATE, FINDER_END_RATE];
const AXIS_STYLE = { fontSize: 14, fill: '#4b5563' };
const RATE_LABEL = {
  value: 'learning rate (log)',
  position: 'insideBottom',
  offset: -10,
  ...AXIS_STYLE,
} as const;
const OBJECTIVE_LABEL = valueLabel('objective');
const SMOOTHED_COLOUR = '#1d3557';
const SUGGESTION_COLOUR = '#0b6e4f';
const PLOT_STYLE = { '--chart-height': '240px' } as CSSProperties;
const GROWTH_PERCENT = Math.round((FINDER_MAX_GROWTH - 1) * 100);

/** How the ramp ended, and what that says about the suggestion, in words. */
function describeStop(result: LearningRateFinderResult): string {
  const where = `${result.rates.length.toLocaleString('en')} batches of ${result.batchSize.toLocaleString('en')}`;
  const stoppedAt = formatRate(result.stoppedAt ?? Number.NaN);
  switch (result.stop) {
    case 'blewUp':
      return `After ${where} the smoothed objective passed 4 × its lowest value at learning rate ${stoppedAt}, and the ramp stopped. Near the lowest point the steps start to overshoot; a tenth of that rate still descends quickly and safely.`;
    case 'notFinite':
      return `After ${where} the weights overflowed at learning rate ${stoppedAt}, and the ramp stopped. Near the lowest point the steps start to overshoot; a tenth of that rate still descends quickly and safely.`;
    case 'reachedEnd':
      return `The ramp reached learning rate ${formatRate(FINDER_END_RATE)} in ${where} without the objective blowing up, so rates above the suggestion may work too.`;
  }
}

/** The batch at the smoothed curve's lowest point. */
function lowestIndex(smoothed: readonly number[]): number {
  let lowest = 0;
  smoothed.forEach((value, index) => {
    if (value < (smoothed[lowest] as number)) lowest = index;
  });
  return lowest;
}

/** The finder's curve: the smoothed objective, and each batch's, against the learning rate on a log axis. */
function FinderChart({ result }: { result: LearningRateFinderResult }) {
  const rows = useMemo(
    () =>
      result.rates.map((rate, index) => ({
        rate,
        smoothed: result.smoothed[index] as number,
        batch: result.losses[index] as number,
      })),
    [result],
  );
  // The smoothed curve sets the axis; a batch's spike past it is clipped rather than flattening the curve.
  const lowest = result.suggestion === null ? null : (rows[lowestIndex(result.smoothed)] ?? null);
  const axis = useMemo(() => linearAxisFrom0(finiteRange(result.smoothed)?.[1] ?? null), [result]);
  return (
    <figure className="chart finder-chart" aria-label="Learning-rate finder: objective against learning rate">
      <figcaption>
        Objective against learning rate{' '}
        <span className="chart-note">(each batch’s, scaled to the training set, and smoothed)</span>
      </figcaption>
      <div className="chart-plot" style={PLOT_STYLE}>
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={rows} margin={CHART_MARGIN}>
            <CartesianGrid stroke="#eef0f2" />
            <XAxis
              type="number"
              dataKey="rate"
              scale="log"
              domain={RATE_DOMAIN}
              ticks={RATE_TICKS}
              interval={0}
              allowDataOverflow
              tick={axisTick}
              tickFormatter={formatRate}
              label={RATE_LABEL}
            />
            <YAxis
              domain={axis.domain as [number, number]}
              ticks={axis.ticks as number[]}
              allowDataOverflow
              interval={0}
              tick={axisTick}
              tickFormatter={formatNumber}
              width={64}
              label={OBJECTIVE_LABEL}
            />
            <Tooltip
              formatter={(value, name) => [formatNumber(Number(value)), name]}
              labelFormatter={(rate) => `learning rate ${formatRate(Number(rate))}`}
            />
            <Legend verticalAlign="top" height={24} wrapperStyle={LEGEND_STYLE} />
            <Line
              dataKey="batch"
              name="each batch"
              className="finder-batch"
              stroke="#b0b7bf"
              strokeWidth={1}
              dot={false}
              isAnimationActive={false}
              legendType="plainline"
            />
            <Line
              dataKey="smoothed"
              name="smoothed"
              className="finder-smoothed"
              stroke={SMOOTHED_COLOUR}
              strokeWidth={2.5}
              dot={false}
              isAnimationActive={false}
              legendType="plainline"
            />
            {lowest !== null && (
              <ReferenceDot
                x={lowest.rate}
                y={lowest.smoothed}
                r={5}
                fill={SMOOTHED_COLOUR}
                stroke="#ffffff"
                label={{ value: 'lowest', position: 'top', fontSize: 14, fill: SMOOTHED_COLOUR }}
              />
            )}
            {result.suggestion !== null && (
              <ReferenceLine
                x={result.suggestion}
                stroke={SUGGESTION_COLOUR}
                strokeWidth={2}
                strokeDasharray="6 3"
                label={{
                  value: `suggested ${formatRate(result.suggestion)}`,
                  position: 'insideTopRight',
                  fontSize: 14,
                  fill: SUGGESTION_COLOUR,
                }}
              />
            )}
          </LineChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}

/**
 * The learning-rate finder: a short separate run from the starting weights whose learning rate grows every
 * batch, its smoothed objective against the rate, and the suggested rate with a button that applies it.
 */
export function LearningRateFinder() {
  const finder = useAppStore((state) => state.finder);
  const outOfDate = useAppStore(
    (state) => state.finder.key !== null && state.finder.key !== selectFinderKey(state),
  );
  const actions = useAppStore(
    useShallow(({ findLearningRate, cancelLearningRateFinder, applySuggestedLearningRate }) => ({
      findLearningRate,
      cancelLearningRateFinder,
      applySuggestedLearningRate,
    })),
  );
  const running = finder.status === 'running';
  const result = finder.result;
  return (
    <section className="panel finder-panel" aria-labelledby={LAB_HEADINGS.finder.id}>
      <h2 id={LAB_HEADINGS.finder.id}>{LAB_HEADINGS.finder.text}</h2>
      <p className="hint">
        A short separate run from the starting weights at the current batch size: every batch uses a learning
        rate {GROWTH_PERCENT} % larger than the last, from {formatRate(FINDER_START_RATE)} to{' '}
        {formatRate(FINDER_END_RATE)}, until the objective blows up. The current run is not touched.
      </p>
      <div className="button-row">
        <button type="button" className="primary" onClick={actions.findLearningRate} disabled={running}>
          Find learning rate
        </button>
        <button type="button" onClick={actions.cancelLearningRateFinder} disabled={!running}>
          Cancel finder
        </button>
        {result !== null && result.suggestion !== null && (
          <button type="button" onClick={actions.applySuggestedLearningRate} disabled={running}>
            Use this rate
          </button>
        )}
      </div>
      <p className="finder-status" role="status" aria-label="Learning-rate finder status">
        {running
          ? 'Finding a learning rate…'
          : finder.status === 'cancelled'
            ? 'The finder was cancelled.'
            : ''}
      </p>
      {finder.error !== null && (
        <p className="note note-error" role="alert">
          The learning-rate finder failed: {finder.error}
        </p>
      )}
      {result !== null && (
        <>
          <p className="finder-suggestion" aria-label="Suggested learning rate">
            {result.suggestion !== null ? (
              <>
                Suggested learning rate <strong>{formatRate(result.suggestion)}</strong>: {result.rule}.
              </>
            ) : (
              <>No suggestion: {result.rule}.</>
            )}
          </p>
          <FinderChart result={result} />
          <p className="hint">{describeStop(result)}</p>
          {outOfDate && (
            <p className="note">
              The data, model, objective or batch size changed since this curve was found: find again.
            </p>
          )}
        </>
      )}
    </section>
  );
}
