import { useMemo, useState, type ReactNode } from 'react';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatCount, formatNumber, formatPercent, formatRate } from '../../core/format.ts';
import { downsampleIndices, finiteRange } from '../../core/metrics.ts';
import type { EpochRecord } from '../../core/sgd.ts';
import { LIVE_RUN_COLOUR } from '../../state/compareSlice.ts';
import { useAppStore, type AppState } from '../../state/store.ts';
import { PAGE_TICK_MILLISECONDS } from '../../state/pageTicks.ts';
import type { HyperparameterMark, RunStart } from '../../state/runSlice.ts';
import { LiveLines, type LiveLine, type LiveRows } from './LiveLines.tsx';
import { useChartFeed } from '../useThrottledSelector.ts';
import { linearAxisFrom0, logAxis, valuesOf, type Axis } from './axes.ts';
import { axisTick } from './axisTick.tsx';
import { useLiveAxis } from './useLiveAxis.ts';

/** No chart series holds more points than this, however long the run. */
export const MAX_CHART_POINTS = 500;

const BATCH_COLOUR = '#9aa5b1';
const SCHEDULE_COLOUR = '#b0b7bf';

/** One epoch on the charts; epoch 0, the run's start, has only its objectives. */
interface EpochPoint {
  epoch: number;
  objective: number;
  testObjective: number;
  trainAccuracy?: number;
  testAccuracy?: number;
  learningRate?: number;
}

/**
 * The rows the per-epoch charts draw: at most MAX_CHART_POINTS, downsampled, led by epoch 0 (the
 * initial weights' objectives) when the run's start is known.
 */
function toPoints(
  history: readonly EpochRecord[],
  trainCount: number,
  testCount: number,
  start: RunStart | undefined,
): EpochPoint[] {
  // The test objective is a sum over fewer points: scale it to the training set's size to compare.
  const testScale = testCount > 0 ? trainCount / testCount : 0;
  const first: EpochPoint[] = start
    ? [{ epoch: 0, objective: start.objective, testObjective: start.testObjective * testScale }]
    : [];
  return first.concat(
    downsampleIndices(history.length, MAX_CHART_POINTS - first.length).map((index) => {
      const record = history[index] as EpochRecord;
      return {
        epoch: record.epoch,
        objective: record.objective,
        testObjective: record.testObjective * testScale,
        trainAccuracy: record.trainAccuracy * 100,
        testAccuracy: record.testAccuracy * 100,
        learningRate: record.learningRate,
      };
    }),
  );
}

/** A chart's data as rows of formatted cells, for the table view. */
export interface ChartTable {
  readonly caption: string;
  /** Column headers, with units; the first column heads each row. */
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

/** The button that switches a chart between its drawing and a table of the same data. */
export function TableToggle(props: { title: string; pressed: boolean; onToggle: () => void }) {
  return (
    <button
      type="button"
      className="chart-toggle"
      aria-pressed={props.pressed}
      aria-label={`${props.title.replace(/ \(.*\)$/, '')} as table`}
      onClick={props.onToggle}
    >
      Table
    </button>
  );
}

/** A chart's data as an HTML table: a caption, column headers with units, one row per point. */
export function DataTable({ table }: { table: ChartTable }) {
  return (
    <div className="chart-table-scroll" tabIndex={0} role="region" aria-label={table.caption}>
      <table className="data-table chart-table">
        <caption>{table.caption}</caption>
        <thead>
          <tr>
            {table.columns.map((column) => (
              <th key={column} scope="col">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row, rowIndex) => (
            <tr key={rowIndex}>
              {row.map((cell, cellIndex) =>
                cellIndex === 0 ? (
                  <th key={cellIndex} scope="row">
                    {cell}
                  </th>
                ) : (
                  <td key={cellIndex}>{cell}</td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ChartFrame(props: {
  title: string;
  /** When the chart has nothing to draw, and what it says then. */
  empty?: { readonly when: (state: AppState) => boolean; readonly text: string };
  note?: string;
  /** The same data as the chart draws, built only when the table is shown. */
  table: () => ChartTable;
  /** Gives the chart the run so far while it trains: when the pointer comes to read it, or its table opens. */
  showLatest: () => void;
  children: ReactNode;
}) {
  const [asTable, setAsTable] = useState(false);
  return (
    <figure className="chart" aria-label={props.title} onPointerEnter={props.showLatest}>
      <figcaption>
        {props.title}
        {props.note && <span className="chart-note"> {props.note}</span>}
      </figcaption>
      <TableToggle
        title={props.title}
        pressed={asTable}
        onToggle={() => {
          props.showLatest();
          setAsTable(!asTable);
        }}
      />
      <div className="chart-body">
        {asTable ? <DataTable table={props.table()} /> : props.children}
        {props.empty && !asTable && <EmptyNote {...props.empty} />}
      </div>
    </figure>
  );
}

/**
 * What an empty chart says, over it. A component of its own, so that the chart does not redraw when the
 * first epoch arrives (while training, the live lines draw it).
 */
function EmptyNote({ when, text }: { when: (state: AppState) => boolean; text: string }) {
  const empty = useAppStore(when);
  return empty ? <p className="chart-empty">{text}</p> : null;
}
const noEpochYet = (state: AppState) => state.history.length === 0;
const noObjectiveYet = (state: AppState) =>
  state.history.length === 0 && state.batchSeries.positions.length === 0;
const OBJECTIVE_EMPTY = {
  when: noObjectiveYet,
  text: 'The dot at epoch 0 is the objective before any update. Press Train or Step epoch to watch it fall.',
};
const ACCURACY_EMPTY = { when: noEpochYet, text: 'Train and test accuracy appear after the first epoch.' };

function markLines(marks: readonly HyperparameterMark[]) {
  return marks.map((mark, index) => (
    <ReferenceLine
      key={`${mark.epoch}-${index}`}
      x={mark.epoch}
      stroke="#6b7280"
      strokeDasharray="2 3"
      label={{ value: mark.label, position: 'insideTopRight', fontSize: 14, fill: '#4b5563' }}
    />
  ));
}

const axisStyle = { fontSize: 14, fill: '#4b5563' };

// Recharts compares its props by reference and recomputes its layout when one changes, so every object
// and function handed to it below is built once, here, not on each render (its performance guide says so;
// at full speed this halves the time a chart takes to take new data).
/** Space around each chart's plot. */
export const CHART_MARGIN = { top: 8, right: 16, bottom: 18, left: 8 };
/** The legend's text size. */
export const LEGEND_STYLE = { fontSize: 14 };
/** The epoch axis's title. */
export const EPOCH_LABEL = { value: 'epoch', position: 'insideBottom', offset: -10, ...axisStyle } as const;
const OBJECTIVE_LABEL = {
  value: 'objective',
  angle: -90,
  position: 'insideBottomLeft',
  offset: 10,
  ...axisStyle,
} as const;
const ACCURACY_LABEL = { value: 'accuracy %', angle: -90, position: 'insideLeft', ...axisStyle } as const;
const RATE_LABEL = {
  value: 'learning rate (log)',
  angle: -90,
  position: 'insideBottomLeft',
  offset: 10,
  ...axisStyle,
} as const;
/** Accuracy always spans 0–100 %. */
const ACCURACY_AXIS: Axis = {
  scale: 'linear',
  domain: [0, 100],
  ticks: [0, 25, 50, 75, 100],
  empty: false,
};
/** Tooltip values formatted for people. */
export const formatTooltipNumber = (value: unknown) => formatNumber(Number(value));
const formatTooltipPercent = (value: unknown) => formatPercent(Number(value) / 100);
const formatTooltipRate = (value: unknown) => formatRate(Number(value));
/** The tooltip's heading: the epoch it points at. */
export const formatTooltipEpoch = (label: unknown) => `epoch ${formatNumber(Number(label))}`;

/** The lines of the pinned runs on one chart: each run in its colour, train solid and test dashed. */
function pinnedLines(
  runs: readonly { id: number; colour: string; data: EpochPoint[] }[],
  keys: readonly [string, string | null],
) {
  return runs.flatMap(({ id, colour, data }) => {
    const [trainKey, testKey] = keys;
    const lines = [
      <Line
        key={`${id}-${trainKey}`}
        data={data}
        dataKey={trainKey}
        className={`pinned-series pinned-${id}`}
        stroke={colour}
        strokeWidth={2}
        dot={false}
        isAnimationActive={false}
        legendType="none"
        tooltipType="none"
      />,
    ];
    if (testKey) {
      lines.push(
        <Line
          key={`${id}-${testKey}`}
          data={data}
          dataKey={testKey}
          className={`pinned-series pinned-${id}`}
          stroke={colour}
          strokeWidth={1.5}
          strokeDasharray="6 4"
          dot={false}
          isAnimationActive={false}
          legendType="none"
          tooltipType="none"
        />,
      );
    }
    return lines;
  });
}

/** A vertical cursor at the scrubbed epoch. */
function scrubLine(epoch: number | null) {
  return epoch === null ? null : (
    <ReferenceLine
      x={epoch}
      stroke="#b45309"
      strokeWidth={2}
      label={{ value: `epoch ${epoch}`, position: 'insideTopLeft', fontSize: 14, fill: '#b45309' }}
    />
  );
}

/** The epoch axis every per-epoch chart shares. */
function epochAxis(domain: [number, number]) {
  return (
    <XAxis
      type="number"
      dataKey="epoch"
      domain={domain}
      allowDecimals={false}
      interval={0}
      tick={axisTick}
      tickFormatter={formatCount}
      label={EPOCH_LABEL}
    />
  );
}

/** A series of the live run: train solid, test dashed, in the live run's colour. */
function liveLine(data: readonly object[] | undefined, dataKey: string, name: string, dashed: boolean) {
  return (
    <Line
      key={dataKey}
      {...(data ? { data: data as object[] } : {})}
      dataKey={dataKey}
      className={`series-${dataKey}`}
      name={name}
      stroke={LIVE_RUN_COLOUR}
      strokeDasharray={dashed ? '6 4' : '0'}
      strokeWidth={dashed ? 2 : 2.5}
      dot={false}
      isAnimationActive={false}
      legendType="plainline"
    />
  );
}

/** When the learning rate falls below 1 % of its first value, said in words. */
export function describeAnnealing(
  history: readonly EpochRecord[],
  epochs: number,
  nextRate: number,
  annealingRate: number,
): string {
  const startRate = history[0]?.learningRate ?? nextRate;
  const fallen = history.find((record) => record.learningRate < 0.01 * startRate);
  if (fallen) return `— lr has fallen below 1 % of its start (since epoch ${fallen.epoch}).`;
  if (annealingRate >= 1) return '— constant: annealing is off.';
  // Epoch e (1-based, counted from the next one) runs at nextRate · annealing^(e − next).
  const done = history.length;
  const steps = Math.ceil(Math.log((0.01 * startRate) / nextRate) / Math.log(annealingRate));
  const epoch = done + 1 + Math.max(0, steps);
  return epoch <= epochs
    ? `— lr will fall below 1 % of its start at epoch ${epoch}.`
    : `— lr stays above 1 % of its start for all ${epochs} epochs.`;
}

/** The live run's per-epoch records (for every chart). */
export const selectHistory = (state: AppState) => state.history;
/** The live run's per-epoch rows as the charts draw them (from epoch 0), computed once per new history. */
let liveRowsFor: {
  history: readonly EpochRecord[];
  trainCount: number;
  start: RunStart | undefined;
  rows: EpochPoint[];
} | null = null;
const liveEpochRows = (state: AppState): LiveRows => {
  const trainCount = state.points?.trainY.length ?? 0;
  const start = state.info?.start;
  if (
    liveRowsFor?.history !== state.history ||
    liveRowsFor.trainCount !== trainCount ||
    liveRowsFor.start !== start
  ) {
    const rows = toPoints(state.history, trainCount, state.points?.testY.length ?? 0, start);
    liveRowsFor = { history: state.history, trainCount, start, rows };
  }
  return liveRowsFor.rows as unknown as LiveRows;
};
/** The per-batch estimates as rows, downsampled like the chart's. */
const liveBatchRows = (state: AppState): LiveRows => {
  const { positions, objectives } = state.batchSeries;
  return downsampleIndices(positions.length, MAX_CHART_POINTS).map((index) => ({
    epoch: positions[index] as number,
    batchObjective: objectives[index] as number,
  }));
};
const OBJECTIVE_LIVE_LINES: readonly LiveLine[] = [
  { dataKey: 'batchObjective', rows: liveBatchRows, stroke: BATCH_COLOUR, strokeWidth: 1, fitsAxis: false },
  { dataKey: 'objective', stroke: LIVE_RUN_COLOUR, strokeWidth: 2.5, fitsAxis: true },
  { dataKey: 'testObjective', stroke: LIVE_RUN_COLOUR, strokeWidth: 2, dashed: true, fitsAxis: true },
];
const ACCURACY_LIVE_LINES: readonly LiveLine[] = [
  { dataKey: 'trainAccuracy', stroke: LIVE_RUN_COLOUR, strokeWidth: 2.5, fitsAxis: true },
  { dataKey: 'testAccuracy', stroke: LIVE_RUN_COLOUR, strokeWidth: 2, dashed: true, fitsAxis: true },
];
const RATE_LIVE_LINES: readonly LiveLine[] = [
  { dataKey: 'learningRate', stroke: LIVE_RUN_COLOUR, strokeWidth: 2.5, fitsAxis: true },
];

// Each chart's live pieces as one tuple, so that they arrive together, in one render.
const selectObjectiveData = (state: AppState) => [state.history, state.batchSeries] as const;
const selectRateData = (state: AppState) => [state.history, state.counters.learningRate] as const;

/**
 * How often the live lines follow a training run: ten times a second, every chart at the same tick of the
 * page's clock, and how soon a chart widens its axis when a live value leaves it.
 */
export const LIVE_PERIOD_MILLISECONDS = PAGE_TICK_MILLISECONDS;

const OBJECTIVE_KEYS = ['objective', 'testObjective'] as const;
const liveObjectives = (state: AppState) => valuesOf(liveEpochRows(state), OBJECTIVE_KEYS);
const liveRates = (state: AppState) => valuesOf(liveEpochRows(state), ['learningRate']);
/** The accuracy axis never moves: there is nothing to widen. */
const keepAxis = () => {};

/** The y-axis every per-epoch chart draws: our domain and ticks, no measuring, lines clipped to it. */
export function valueAxis(axis: Axis, tickFormatter: (value: number) => string, label?: object) {
  return (
    <YAxis
      scale={axis.scale}
      domain={axis.domain as [number, number]}
      ticks={axis.ticks as number[]}
      allowDataOverflow
      interval={0}
      tick={axisTick}
      tickFormatter={tickFormatter}
      width={64}
      {...(label && { label })}
    />
  );
}

/** What every per-epoch chart draws from the live run's (throttled) history, and the settings around it. */
function useEpochChart(history: readonly EpochRecord[]) {
  const points = useAppStore((state) => state.points);
  const marks = useAppStore((state) => state.marks);
  const pinned = useAppStore((state) => state.pinned);
  const scrubEpoch = useAppStore((state) => state.scrubEpoch);
  const presentation = useAppStore((state) => state.presentation);
  const trainCount = points?.trainY.length ?? 0;
  const testCount = points?.testY.length ?? 0;
  const start = useAppStore((state) => state.info?.start);
  const data = useMemo(
    () => toPoints(history, trainCount, testCount, start),
    [history, trainCount, testCount, start],
  );
  const pinnedData = useMemo(
    () =>
      pinned.map((run) => ({
        id: run.id,
        colour: run.colour,
        data: toPoints(run.history, run.trainCount, run.testCount, run.start),
      })),
    [pinned],
  );
  const { epochs, xDomain, rows } = useEpochAxis(history.length, data);
  return {
    history,
    data,
    rows,
    pinnedData,
    marks,
    epochs,
    scrubEpoch,
    presentation,
    xDomain,
  };
}

/**
 * The epoch axis of a chart of a run `length` epochs long: from 0 to the run's epochs, and the rows the
 * chart draws from, which while it has no `data` are the axis's two ends, so that Recharts lays the axes out
 * (it draws no axis without data) and the live lines have them to draw on.
 */
export function useEpochAxis<T extends object>(length: number, data: readonly T[]) {
  const epochs = useAppStore((state) => state.counters.epochs);
  const xEnd = Math.max(epochs, length, 1);
  const xDomain = useMemo((): [number, number] => [0, xEnd], [xEnd]);
  const anchor = useMemo(() => [{ epoch: 0 }, { epoch: xEnd }], [xEnd]);
  const rows: readonly object[] = data.length > 0 ? data : anchor;
  return { epochs, xDomain, rows };
}

/** Objective, accuracy and learning rate per epoch, train solid and test dashed. */
export function Charts() {
  return (
    <section className="charts panel" aria-labelledby="charts-heading">
      <h2 id="charts-heading" className="visually-hidden">
        Charts
      </h2>
      <ObjectiveChart />
      <AccuracyChart />
      <RateChart />
    </section>
  );
}

/** The objective per epoch (train, test) and per batch. */
function ObjectiveChart() {
  const [[history, batchSeries], showLatest] = useChartFeed(selectObjectiveData);
  const { data, rows, pinnedData, marks, scrubEpoch, presentation, xDomain } = useEpochChart(history);
  // Fitted to the epochs' objectives, train and test, of this run and the pinned ones; the per-batch
  // estimates (n / |batch| times one batch's loss) swing far wider and are cut at the top.
  const fitted = useMemo(
    () =>
      linearAxisFrom0(
        finiteRange([
          ...valuesOf(data, OBJECTIVE_KEYS),
          ...pinnedData.flatMap((run) => [...valuesOf(run.data, OBJECTIVE_KEYS)]),
        ])?.[1] ?? null,
      ),
    [data, pinnedData],
  );
  const [yAxis, widen] = useLiveAxis(fitted, liveObjectives, LIVE_PERIOD_MILLISECONDS);
  const batchData = useMemo(() => {
    const indices = downsampleIndices(batchSeries.positions.length, MAX_CHART_POINTS);
    return indices.map((index) => ({
      epoch: batchSeries.positions[index] as number,
      batchObjective: batchSeries.objectives[index] as number,
    }));
  }, [batchSeries]);
  const objectiveTable = (): ChartTable => ({
    caption: 'Objective per epoch, train and test (test scaled to the training set size)',
    columns: ['Epoch', 'Train objective (sum over training set)', 'Test objective (scaled to train size)'],
    rows: data.map((point) => [
      String(point.epoch),
      formatNumber(point.objective),
      formatNumber(point.testObjective),
    ]),
  });
  return (
    <ChartFrame
      title="Objective per epoch (sum over the training set)"
      empty={OBJECTIVE_EMPTY}
      table={objectiveTable}
      showLatest={showLatest}
    >
      <ResponsiveContainer width="100%" height={presentation ? 330 : 190}>
        <LineChart data={rows as object[]} margin={CHART_MARGIN}>
          <CartesianGrid stroke="#eef0f2" />
          {epochAxis(xDomain)}
          {valueAxis(yAxis, formatNumber, OBJECTIVE_LABEL)}
          <Tooltip formatter={formatTooltipNumber} labelFormatter={formatTooltipEpoch} />
          <Legend verticalAlign="top" height={24} wrapperStyle={LEGEND_STYLE} />
          <Line
            {...(batchData.length > 0 ? { data: batchData } : {})}
            dataKey="batchObjective"
            className="series-batchObjective"
            name="per batch (× n / |batch|)"
            stroke={BATCH_COLOUR}
            strokeWidth={1}
            dot={false}
            isAnimationActive={false}
            legendType="plainline"
          />
          {liveLine(undefined, 'objective', 'train', false)}
          {liveLine(undefined, 'testObjective', 'test (scaled to train size)', true)}
          {pinnedLines(pinnedData, ['objective', 'testObjective'])}
          {markLines(marks)}
          {scrubLine(scrubEpoch)}
          <LiveLines
            rows={liveEpochRows}
            lines={OBJECTIVE_LIVE_LINES}
            onOutside={widen}
            axisEmpty={yAxis.empty}
            period={LIVE_PERIOD_MILLISECONDS}
          />
        </LineChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}

/** Train and test accuracy per epoch. */
function AccuracyChart() {
  const [history, showLatest] = useChartFeed(selectHistory);
  const { data, rows, pinnedData, marks, scrubEpoch, presentation, xDomain } = useEpochChart(history);
  const accuracyTable = (): ChartTable => ({
    caption: 'Accuracy per epoch, train and test',
    columns: ['Epoch', 'Train accuracy (%)', 'Test accuracy (%)'],
    rows: data.flatMap((point) =>
      point.trainAccuracy === undefined || point.testAccuracy === undefined
        ? []
        : [
            [
              String(point.epoch),
              formatPercent(point.trainAccuracy / 100),
              formatPercent(point.testAccuracy / 100),
            ],
          ],
    ),
  });
  return (
    <ChartFrame
      title="Accuracy per epoch"
      empty={ACCURACY_EMPTY}
      table={accuracyTable}
      showLatest={showLatest}
    >
      <ResponsiveContainer width="100%" height={presentation ? 300 : 170}>
        <LineChart data={rows as object[]} margin={CHART_MARGIN}>
          <CartesianGrid stroke="#eef0f2" />
          {epochAxis(xDomain)}
          {valueAxis(ACCURACY_AXIS, String, ACCURACY_LABEL)}
          <Tooltip formatter={formatTooltipPercent} labelFormatter={formatTooltipEpoch} />
          <Legend verticalAlign="top" height={24} wrapperStyle={LEGEND_STYLE} />
          {liveLine(undefined, 'trainAccuracy', 'train', false)}
          {liveLine(undefined, 'testAccuracy', 'test', true)}
          {pinnedLines(pinnedData, ['trainAccuracy', 'testAccuracy'])}
          {markLines(marks)}
          {scrubLine(scrubEpoch)}
          <LiveLines
            rows={liveEpochRows}
            lines={ACCURACY_LIVE_LINES}
            onOutside={keepAxis}
            axisEmpty={false}
            period={LIVE_PERIOD_MILLISECONDS}
          />
        </LineChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}

/** The learning rate used per epoch, and the schedule still to come. */
function RateChart() {
  const [[history, nextRate], showLatest] = useChartFeed(selectRateData);
  const { data, pinnedData, marks, epochs, scrubEpoch, xDomain } = useEpochChart(history);
  const annealingRate = useAppStore((state) => state.hyperparameters.annealingRate);
  // The schedule still to come: lr · annealing^k for the epochs not yet run, drawn grey.
  const schedule = useMemo(() => {
    const done = history.length;
    const upcoming = downsampleIndices(Math.max(0, epochs - done), MAX_CHART_POINTS).map((k) => ({
      epoch: done + k + 1,
      plannedRate: nextRate * annealingRate ** k,
    }));
    const last = history[done - 1];
    return last ? [{ epoch: last.epoch, plannedRate: last.learningRate }, ...upcoming] : upcoming;
  }, [history, epochs, nextRate, annealingRate]);
  const fitted = useMemo(
    () =>
      logAxis(
        finiteRange(
          [
            ...schedule.map((point) => point.plannedRate),
            ...valuesOf(data, ['learningRate']),
            ...pinnedData.flatMap((run) => [...valuesOf(run.data, ['learningRate'])]),
          ],
          true,
        ),
      ),
    [schedule, data, pinnedData],
  );
  const [yAxis, widen] = useLiveAxis(fitted, liveRates, LIVE_PERIOD_MILLISECONDS);
  const annealingNote = describeAnnealing(history, epochs, nextRate, annealingRate);
  const rateTable = (): ChartTable => {
    // The schedule's first point repeats the last epoch run; the rest are the epochs still to come.
    const planned = history.length > 0 ? schedule.slice(1) : schedule;
    const used = data.flatMap((point) =>
      point.learningRate === undefined ? [] : [[String(point.epoch), formatRate(point.learningRate), 'used']],
    );
    const kept = downsampleIndices(planned.length, Math.max(0, MAX_CHART_POINTS - used.length));
    return {
      caption: 'Learning rate per epoch: used so far, then planned',
      columns: ['Epoch', 'Learning rate', 'Used or planned'],
      rows: [
        ...used,
        ...kept.flatMap((index) => {
          const point = planned[index];
          return point ? [[String(point.epoch), formatRate(point.plannedRate), 'planned']] : [];
        }),
      ],
    };
  };

  return (
    <ChartFrame
      title="Learning rate per epoch"
      note={annealingNote}
      table={rateTable}
      showLatest={showLatest}
    >
      <ResponsiveContainer width="100%" height={150}>
        <LineChart margin={CHART_MARGIN}>
          <CartesianGrid stroke="#eef0f2" />
          {epochAxis(xDomain)}
          {valueAxis(yAxis, formatRate, RATE_LABEL)}
          <Tooltip formatter={formatTooltipRate} labelFormatter={formatTooltipEpoch} />
          <Legend verticalAlign="top" height={24} wrapperStyle={LEGEND_STYLE} />
          <Line
            data={schedule}
            dataKey="plannedRate"
            className="series-plannedRate"
            name="planned"
            stroke={SCHEDULE_COLOUR}
            strokeDasharray="4 4"
            strokeWidth={2}
            dot={false}
            isAnimationActive={false}
            legendType="plainline"
          />
          {liveLine(data, 'learningRate', 'used', false)}
          {pinnedLines(pinnedData, ['learningRate', null])}
          {markLines(marks)}
          {scrubLine(scrubEpoch)}
          <LiveLines
            rows={liveEpochRows}
            lines={RATE_LIVE_LINES}
            onOutside={widen}
            axisEmpty={yAxis.empty}
            period={LIVE_PERIOD_MILLISECONDS}
          />
        </LineChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}
