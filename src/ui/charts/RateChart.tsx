import { useState } from 'react';
import { formatRate } from '../../core/format.ts';
import { downsampleIndices, finiteRange } from '../../core/metrics.ts';
import type { EpochRecord } from '../../core/runRecords.ts';
import { latestEpoch } from '../../state/runSlice.ts';
import type { AppState } from '../../state/store.ts';
import { logAxis } from './axes.ts';
import { ChartFrame, type ChartTable } from './ChartFrame.tsx';
import { chartSource, useChartSource, type ChartSource } from './chartSource.ts';
import { epochLine, liveStyle, MAX_CHART_POINTS, pinnedLinesSource, type EpochPoint } from './epochRows.ts';
import { legendOf, type ChartPoint, type DrawnLine, type LineStyle } from './lines.ts';
import { legendContent, RunLineChart, valueLabel } from './RunLineChart.tsx';
import { useChartAxis } from './useChartAxis.ts';

const USED = liveStyle('learningRate', 'used', false);
/** The schedule still to come, drawn grey. */
const PLANNED: LineStyle = {
  key: 'plannedRate',
  className: 'series-plannedRate',
  name: 'planned',
  stroke: '#b0b7bf',
  strokeWidth: 2,
  dash: '4 4',
  fitsAxis: true,
  snaps: true,
};
const LEGEND = legendContent(legendOf([PLANNED, USED]));
const RATE_LABEL = valueLabel('learning rate (log)');
const fitRates = (values: Iterable<number>) => logAxis(finiteRange(values, true));

/** When the learning rate falls below 1 % of its first value, said in words. */
export function describeAnnealing(
  history: readonly EpochRecord[],
  epochs: number,
  nextRate: number,
  annealingRate: number,
): string {
  const startRate = history[0]?.learningRate ?? nextRate;
  const fallen = history.find((record) => record.learningRate < 0.01 * startRate);
  if (fallen)
    return `— lr has fallen below 1 % of its start (since epoch ${fallen.epoch.toLocaleString('en')}).`;
  if (annealingRate >= 1) return '— constant: annealing is off.';
  // Epoch e (1-based, counted from the next one) runs at nextRate · annealing^(e − next).
  const done = latestEpoch(history);
  const steps = Math.ceil(Math.log((0.01 * startRate) / nextRate) / Math.log(annealingRate));
  const epoch = done + 1 + Math.max(0, steps);
  return epoch <= epochs
    ? `— lr will fall below 1 % of its start at epoch ${epoch.toLocaleString('en')}.`
    : `— lr stays above 1 % of its start for all ${epochs.toLocaleString('en')} epochs.`;
}

/** What the schedule is built from: the history, the epochs, the next rate and the annealing rate. */
const scheduleInputs = (state: AppState) => [
  state.history,
  state.counters.epochs,
  state.counters.learningRate,
  state.config.hyperparameters.annealingRate,
];

/**
 * The schedule still to come: lr · annealing^k for the epochs of the run not yet run (at most
 * MAX_CHART_POINTS of them, evenly), joined to the last epoch run.
 */
export function plannedSchedule(
  history: readonly EpochRecord[],
  epochs: number,
  nextRate: number,
  annealingRate: number,
): ChartPoint[] {
  const done = latestEpoch(history);
  const upcoming = downsampleIndices(Math.max(0, epochs - done), MAX_CHART_POINTS).map((k) => ({
    x: done + k + 1,
    y: nextRate * annealingRate ** k,
  }));
  const last = history[history.length - 1];
  return last ? [{ x: last.epoch, y: last.learningRate }, ...upcoming] : upcoming;
}

const schedule = (state: AppState) =>
  plannedSchedule(
    state.history,
    state.counters.epochs,
    state.counters.learningRate,
    state.config.hyperparameters.annealingRate,
  );

function rateSources(rows: ChartSource<readonly EpochPoint[]>) {
  const planned = chartSource(scheduleInputs, schedule);
  const pinned = pinnedLinesSource(['learningRate', null]);
  const lines: ChartSource<readonly DrawnLine[]> = chartSource(
    (state) => [...rows.inputs(state), ...scheduleInputs(state), state.pinned],
    (state) => [
      { ...PLANNED, points: planned.read(state) },
      epochLine(USED, rows.read(state), 'learningRate'),
      ...pinned.read(state),
    ],
  );
  const table: ChartSource<ChartTable> = chartSource(
    (state) => [...rows.inputs(state), ...scheduleInputs(state)],
    (state) => {
      // The schedule's first point repeats the last epoch run; the rest are the epochs still to come.
      const points = planned.read(state);
      const upcoming = state.history.length > 0 ? points.slice(1) : points;
      const used = rows
        .read(state)
        .flatMap((point) =>
          point.learningRate === undefined
            ? []
            : [[String(point.epoch), formatRate(point.learningRate), 'used']],
        );
      const kept = downsampleIndices(upcoming.length, Math.max(0, MAX_CHART_POINTS - used.length));
      return {
        caption: 'Learning rate per epoch: used so far, then planned',
        columns: ['Epoch', 'Learning rate', 'Used or planned'],
        rows: [
          ...used,
          ...kept.flatMap((index) => {
            const point = upcoming[index];
            return point ? [[String(point.x), formatRate(point.y), 'planned']] : [];
          }),
        ],
      };
    },
  );
  const note = chartSource(scheduleInputs, (state) =>
    describeAnnealing(
      state.history,
      state.counters.epochs,
      state.counters.learningRate,
      state.config.hyperparameters.annealingRate,
    ),
  );
  return { lines, table, note };
}

/** The annealing note beside the title: a component of its own, so that the chart does not redraw for it. */
function AnnealingNote({ source }: { source: ChartSource<string> }) {
  return <span className="chart-note"> {useChartSource(source)}</span>;
}

/** The learning rate used per epoch, and the schedule still to come. */
export function RateChart({ rows }: { rows: ChartSource<readonly EpochPoint[]> }) {
  const [sources] = useState(() => rateSources(rows));
  const axis = useChartAxis(sources.lines, fitRates);
  return (
    <ChartFrame
      title="Learning rate per epoch"
      note={<AnnealingNote source={sources.note} />}
      table={sources.table}
    >
      <RunLineChart
        height={150}
        source={sources.lines}
        axis={axis}
        formatTick={formatRate}
        formatValue={formatRate}
        yLabel={RATE_LABEL}
        legend={LEGEND}
        marked
      />
    </ChartFrame>
  );
}
