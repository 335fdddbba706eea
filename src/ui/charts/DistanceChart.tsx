import { useMemo, useState } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis } from 'recharts';
import { formatCount, formatNumber } from '../../core/format.ts';
import { downsampleIndices, finiteRange } from '../../core/metrics.ts';
import type { EpochRecord } from '../../core/sgd.ts';
import { useAppStore, type AppState } from '../../state/store.ts';
import { PAGE_TICK_MILLISECONDS } from '../../state/pageTicks.ts';
import type { OptimumInfo, RunStart } from '../../state/runSlice.ts';
import {
  CHART_MARGIN,
  EPOCH_LABEL,
  formatTooltipEpoch,
  formatTooltipNumber,
  LEGEND_STYLE,
  DataTable,
  MAX_CHART_POINTS,
  LIVE_PERIOD_MILLISECONDS,
  selectHistory,
  TableToggle,
  useEpochAxis,
  type ChartTable,
  valueAxis,
} from './Charts.tsx';
import { LiveLines, type LiveLine, type LiveRows } from './LiveLines.tsx';
import { logAxis, valuesOf } from './axes.ts';
import { axisTick } from './axisTick.tsx';
import { useLiveAxis } from './useLiveAxis.ts';
import { useChartFeed, useThrottledSelector } from '../useThrottledSelector.ts';

/**
 * The distance axis spans at least this many decades: SGD's distances fall by orders of magnitude, and
 * the axis should not have to move (a chart redraw) each time they pass another decade.
 */
const DISTANCE_DECADES = 6;

/** Below this, a distance is drawn at this value: a log axis has no zero. */
const FLOOR = 1e-12;

/**
 * Per epoch: ‖w − w*‖ and f(w) − f(w*) when a minimiser exists, from epoch 0 (the initial weights) when
 * the run's start is given; else ‖w‖ (growing without bound).
 */
export function distanceSeries(
  history: readonly EpochRecord[],
  optimum: OptimumInfo | undefined,
  start?: RunStart,
) {
  const first = optimum?.kind === 'minimum' && start ? [{ epoch: 0, ...start }] : [];
  const records: readonly Pick<EpochRecord, 'epoch' | 'weights' | 'objective'>[] = first.concat(
    downsampleIndices(history.length, MAX_CHART_POINTS - first.length).map(
      (index) => history[index] as EpochRecord,
    ),
  );
  return records.map((record) => {
    if (optimum?.kind === 'minimum') {
      const distance = Math.hypot(...record.weights.map((w, j) => w - (optimum.weights[j] ?? 0)));
      return {
        epoch: record.epoch,
        distance: Math.max(FLOOR, distance),
        gap: Math.max(FLOOR, record.objective - optimum.objective),
      };
    }
    return { epoch: record.epoch, norm: Math.hypot(...record.weights) };
  });
}

/** The distance series as a table: the distance and the objective gap, or the weights' norm. */
export function distanceTable(series: ReturnType<typeof distanceSeries>, hasMinimum: boolean): ChartTable {
  if (hasMinimum) {
    return {
      caption: 'Distance to the exact optimum per epoch',
      columns: ['Epoch', 'Distance ‖w − w*‖', 'Objective gap f(w) − f(w*) (sum over training set)'],
      rows: series.map((point) => [
        String(point.epoch),
        formatNumber(point.distance ?? Number.NaN),
        formatNumber(point.gap ?? Number.NaN),
      ]),
    };
  }
  return {
    caption: 'Norm of the weights per epoch (there is no optimum to reach)',
    columns: ['Epoch', 'Weight norm ‖w‖'],
    rows: series.map((point) => [String(point.epoch), formatNumber(point.norm ?? Number.NaN)]),
  };
}

/** The live run's distance rows, computed once per new history. */
let liveRowsFor: {
  history: readonly EpochRecord[];
  info: AppState['info'];
  rows: LiveRows;
} | null = null;
const liveDistanceRows = (state: AppState): LiveRows => {
  const info = state.info;
  if (liveRowsFor?.history !== state.history || liveRowsFor.info !== info) {
    const rows = distanceSeries(state.history, info?.optimum, info?.start) as LiveRows;
    liveRowsFor = { history: state.history, info, rows };
  }
  return liveRowsFor.rows;
};
/** What the distance axis must show: the distances and gaps, or the norms. */
const DISTANCE_KEYS = ['distance', 'gap', 'norm'] as const;
/** The live run's distances and gaps (or norms). */
const liveDistances = (state: AppState) => valuesOf(liveDistanceRows(state), DISTANCE_KEYS);
const DISTANCE_LIVE_LINES: readonly LiveLine[] = [
  { dataKey: 'distance', stroke: '#1d3557', strokeWidth: 2.5, fitsAxis: true },
  { dataKey: 'gap', stroke: '#b45309', strokeWidth: 2, dashed: true, fitsAxis: true },
];
const NORM_LIVE_LINES: readonly LiveLine[] = [
  { dataKey: 'norm', stroke: '#1d3557', strokeWidth: 2.5, fitsAxis: true },
];

/**
 * What the distance chart says in words, from the latest epoch: a small component of its own, so that it
 * can follow the run four times a second without redrawing the chart.
 */
function DistanceNote({ optimum }: { optimum: OptimumInfo | undefined }) {
  const history = useThrottledSelector(selectHistory, 2 * PAGE_TICK_MILLISECONDS);
  const lastRecord = history.slice(-1);
  const last = distanceSeries(lastRecord, optimum)[0];
  let note: string;
  if (optimum === undefined) note = 'Computing the optimum…';
  else if (optimum.kind === 'minimum') {
    note =
      last?.distance !== undefined && last.gap !== undefined
        ? `Now ‖w − w*‖ = ${formatNumber(last.distance)}, f(w) − f(w*) = ${formatNumber(last.gap)}: close, but not exact. The dashed line on the plane is w*'s boundary.`
        : `The exact minimiser w* (Newton's method) has f(w*) = ${formatNumber(optimum.objective)}; its boundary is dashed on the plane.`;
  } else if (optimum.kind === 'none') {
    note = `${optimum.note}: the loss keeps falling as the weights grow, so there is no optimum to reach. Below: the weights' norm ‖w‖, which keeps growing — a lesson, not an error.`;
  } else note = optimum.note;

  return (
    <p className="chart-note" aria-live="polite">
      {note}
    </p>
  );
}

/** How close SGD gets to the exact minimiser of the training objective: close, but not exact. */
export function DistanceChart() {
  const [history, showLatest] = useChartFeed(selectHistory);
  const optimum = useAppStore((state) => state.info?.optimum);
  const start = useAppStore((state) => state.info?.start);
  const data = useMemo(() => distanceSeries(history, optimum, start), [history, optimum, start]);
  const pinned = useAppStore((state) => state.pinned);
  // Pinned runs that have an optimum of their own draw their distance in their colour.
  const pinnedData = useMemo(
    () =>
      pinned
        .filter((run) => run.optimum?.kind === 'minimum')
        .map((run) => ({
          id: run.id,
          colour: run.colour,
          data: distanceSeries(run.history, run.optimum, run.start),
        })),
    [pinned],
  );
  // Decades fitted to the distances and gaps (or norms) of this run and the pinned ones.
  const fitted = useMemo(
    () =>
      logAxis(
        finiteRange(valuesOf([...data, ...pinnedData.flatMap((run) => run.data)], DISTANCE_KEYS), true),
        DISTANCE_DECADES,
      ),
    [data, pinnedData],
  );
  const [yAxis, widen] = useLiveAxis(fitted, liveDistances, LIVE_PERIOD_MILLISECONDS);
  const [asTable, setAsTable] = useState(false);
  const { xDomain, rows } = useEpochAxis(history.length, data);

  return (
    <figure className="chart" aria-label="Distance to optimum" onPointerEnter={showLatest}>
      <figcaption>Distance to optimum</figcaption>
      {optimum && optimum.kind !== 'unavailable' && (
        <TableToggle
          title="Distance to optimum"
          pressed={asTable}
          onToggle={() => {
            showLatest();
            setAsTable(!asTable);
          }}
        />
      )}
      <DistanceNote optimum={optimum} />
      {optimum && optimum.kind !== 'unavailable' && asTable && (
        <DataTable table={distanceTable(data, optimum.kind === 'minimum')} />
      )}
      {optimum && optimum.kind !== 'unavailable' && !asTable && (
        <ResponsiveContainer width="100%" height={160}>
          <LineChart data={rows as object[]} margin={CHART_MARGIN}>
            <CartesianGrid stroke="#eef0f2" />
            <XAxis
              type="number"
              dataKey="epoch"
              domain={xDomain}
              allowDecimals={false}
              interval={0}
              tick={axisTick}
              tickFormatter={formatCount}
              label={EPOCH_LABEL}
            />
            {valueAxis(yAxis, formatNumber)}
            <Tooltip formatter={formatTooltipNumber} labelFormatter={formatTooltipEpoch} />
            <Legend verticalAlign="top" height={24} wrapperStyle={LEGEND_STYLE} />
            {pinnedData.map((run) => (
              <Line
                key={run.id}
                data={run.data}
                dataKey="distance"
                className={`pinned-series pinned-${run.id}`}
                stroke={run.colour}
                strokeWidth={2}
                dot={false}
                isAnimationActive={false}
                legendType="none"
                tooltipType="none"
              />
            ))}
            {optimum.kind === 'minimum' ? (
              [
                <Line
                  key="distance"
                  dataKey="distance"
                  className="series-distance"
                  name="‖w − w*‖"
                  stroke="#1d3557"
                  strokeWidth={2.5}
                  dot={false}
                  isAnimationActive={false}
                  legendType="plainline"
                />,
                <Line
                  key="gap"
                  dataKey="gap"
                  className="series-gap"
                  name="f(w) − f(w*)"
                  stroke="#b45309"
                  strokeWidth={2}
                  strokeDasharray="6 4"
                  dot={false}
                  isAnimationActive={false}
                  legendType="plainline"
                />,
              ]
            ) : (
              <Line
                dataKey="norm"
                className="series-norm"
                name="‖w‖"
                stroke="#1d3557"
                strokeWidth={2.5}
                dot={false}
                isAnimationActive={false}
                legendType="plainline"
              />
            )}
            <LiveLines
              rows={liveDistanceRows}
              lines={optimum.kind === 'minimum' ? DISTANCE_LIVE_LINES : NORM_LIVE_LINES}
              onOutside={widen}
              axisEmpty={yAxis.empty}
              period={LIVE_PERIOD_MILLISECONDS}
            />
          </LineChart>
        </ResponsiveContainer>
      )}
    </figure>
  );
}
