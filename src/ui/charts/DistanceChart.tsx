import { useMemo, useState } from 'react';
import { formatNumber } from '../../core/format.ts';
import { downsampleIndices, finiteRange } from '../../core/metrics.ts';
import type { EpochRecord } from '../../core/runRecords.ts';
import type { OptimumInfo, RunStart } from '../../state/runSlice.ts';
import { useAppStore, type AppState } from '../../state/store.ts';
import { useThrottledSelector } from '../pageClock.ts';
import { logAxis } from './axes.ts';
import { TableToggle, TableView, type ChartTable } from './ChartFrame.tsx';
import { chartSource, type ChartSource } from './chartSource.ts';
import { MAX_CHART_POINTS } from './epochRows.ts';
import { legendOf, pointsOf, TEST_DASH, type DrawnLine, type LineStyle } from './lines.ts';
import { legendContent, RunLineChart } from './RunLineChart.tsx';
import { colourOf } from '../runColours.ts';
import { useChartAxis } from './useChartAxis.ts';
import { FloorControls } from '../panels/NoiseFloorControls.tsx';
import { AVERAGED, FLOOR_TOP, FloorBand, noiseFloorInputs, noiseFloorLines } from './noiseFloorLines.tsx';

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

/** Below this share of its value at the start, the objective gap is "close, but not exact". */
const CLOSE_SHARE = 0.1;

/**
 * What the words say of the gap f(w) − f(w*) at the latest epoch, against `startGap`, its value at the
 * start (f(w₀) − f(w*), the distance the run had to cover): close only when little of it is left, and
 * "moving away" when the gap is larger than at the start, as in a run that slowly diverges.
 */
export function describeGap(gap: number, startGap: number | undefined): string {
  if (gap <= FLOOR) return 'at the optimum, to within rounding.';
  if (startGap === undefined || !(startGap > 0)) return 'close, but not exact.';
  const share = gap / startGap;
  if (share <= CLOSE_SHARE) return 'close, but not exact.';
  if (share <= 1) {
    return `still on the way: the gap is ${Math.round(share * 100)} % of its ${formatNumber(startGap)} at the start.`;
  }
  return `farther from w* than at the start (${formatNumber(startGap)}): this run moves away from the optimum, not towards it.`;
}

/**
 * What the distance chart says in words, from the latest epoch: a small component of its own, so that it
 * can follow the run four times a second without redrawing the chart.
 */
function DistanceNote({ optimum }: { optimum: OptimumInfo | undefined }) {
  const history = useThrottledSelector(selectHistory);
  const start = useAppStore(selectStart);
  const lastRecord = history.slice(-1);
  const last = distanceSeries(lastRecord, optimum)[0];
  let note: string;
  if (optimum === undefined) note = 'Computing the optimum…';
  else if (optimum.kind === 'minimum') {
    note =
      last?.distance !== undefined && last.gap !== undefined
        ? `Now ‖w − w*‖ = ${formatNumber(last.distance)}, f(w) − f(w*) = ${formatNumber(last.gap)}: ${describeGap(last.gap, start && start.objective - optimum.objective)} The dashed line on the plane is w*'s boundary.`
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

const DISTANCE: LineStyle = {
  key: 'distance',
  className: 'series-distance',
  name: '‖w − w*‖',
  stroke: '#1d3557',
  strokeWidth: 2.5,
  fitsAxis: true,
  snaps: true,
};
const GAP: LineStyle = {
  key: 'gap',
  className: 'series-gap',
  name: 'f(w) − f(w*)',
  stroke: '#b45309',
  strokeWidth: 2,
  dash: TEST_DASH,
  fitsAxis: true,
  snaps: true,
};
const NORM: LineStyle = { ...DISTANCE, key: 'norm', className: 'series-norm', name: '‖w‖' };
const NORM_LEGEND = legendContent(legendOf([NORM]));
/** Decades fitted to the distances and gaps (or norms) of this run and the pinned ones. */
const fitDistances = (values: Iterable<number>) => logAxis(finiteRange(values, true), DISTANCE_DECADES);

const selectHistory = (state: AppState) => state.history;
const selectOptimum = (state: AppState) => state.info?.optimum;
const selectStart = (state: AppState) => state.info?.start;

function distanceSources() {
  const series = chartSource(
    (state) => [state.history, state.info],
    (state) => distanceSeries(state.history, state.info?.optimum, state.info?.start),
  );
  // Pinned runs that have an optimum of their own draw their distance in their colour.
  const pinned = chartSource(
    (state) => [state.pinned],
    (state) =>
      state.pinned.flatMap((run): DrawnLine[] =>
        run.optimum?.kind === 'minimum'
          ? [
              {
                key: `pinned-${run.id}`,
                className: `pinned-series pinned-${run.id}`,
                stroke: colourOf(run),
                strokeWidth: 2,
                fitsAxis: true,
                snaps: false,
                points: pointsOf(distanceSeries(run.history, run.optimum, run.start), 'distance'),
              },
            ]
          : [],
      ),
  );
  const lines: ChartSource<readonly DrawnLine[]> = chartSource(
    (state) => [state.history, state.info, state.pinned, ...noiseFloorInputs(state)],
    (state) => {
      const rows = series.read(state);
      const own =
        state.info?.optimum?.kind === 'minimum'
          ? [
              { ...DISTANCE, points: pointsOf(rows, 'distance') },
              { ...GAP, points: pointsOf(rows, 'gap') },
            ]
          : [{ ...NORM, points: pointsOf(rows, 'norm') }];
      return [...pinned.read(state), ...noiseFloorLines(state), ...own];
    },
  );
  const table: ChartSource<ChartTable> = chartSource(series.inputs, (state) =>
    distanceTable(series.read(state), state.info?.optimum?.kind === 'minimum'),
  );
  return { lines, table };
}

/** How close SGD gets to the exact minimiser of the training objective: close, but not exact. */
export function DistanceChart() {
  const optimum = useAppStore(selectOptimum);
  const [sources] = useState(distanceSources);
  const [asTable, setAsTable] = useState(false);
  const drawn = optimum !== undefined && optimum.kind !== 'unavailable';
  return (
    <figure className="chart" aria-label="Distance to optimum">
      <figcaption>Distance to optimum</figcaption>
      {drawn && (
        <TableToggle title="Distance to optimum" pressed={asTable} onToggle={() => setAsTable(!asTable)} />
      )}
      <DistanceNote optimum={optimum} />
      {drawn && asTable && <TableView source={sources.table} />}
      {drawn && !asTable && <DistancePlot sources={sources} minimum={optimum.kind === 'minimum'} />}
      <FloorControls />
    </figure>
  );
}

/** The distance chart itself, mounted only while there is something to draw. */
function DistancePlot(props: { sources: ReturnType<typeof distanceSources>; minimum: boolean }) {
  const axis = useChartAxis(props.sources.lines, fitDistances);
  const floor = useAppStore((state) => state.noiseFloorViews.floor);
  const averaged = useAppStore((state) => state.noiseFloorViews.averages);
  const legend = useMemo(() => {
    if (!props.minimum) return NORM_LEGEND;
    const shown = [GAP, DISTANCE, ...(floor ? [FLOOR_TOP] : []), ...(averaged ? [AVERAGED] : [])];
    return legendContent(legendOf(shown));
  }, [props.minimum, floor, averaged]);
  return (
    <RunLineChart
      height={floor || averaged ? 220 : 160}
      source={props.sources.lines}
      axis={axis}
      formatTick={formatNumber}
      formatValue={formatNumber}
      legend={legend}
      marked={false}
    >
      <FloorBand source={props.sources.lines} />
    </RunLineChart>
  );
}
