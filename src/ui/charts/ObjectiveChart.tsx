import { useState } from 'react';
import { formatNumber } from '../../core/format.ts';
import type { AppState } from '../../state/store.ts';
import { linearAxisFrom0 } from './axes.ts';
import { ChartFrame, type ChartTable } from './ChartFrame.tsx';
import { chartSource, type ChartSource } from './chartSource.ts';
import { batchPoints, epochLine, liveStyle, pinnedLinesSource, type EpochPoint } from './epochRows.ts';
import { legendOf, type DrawnLine, type LineStyle } from './lines.ts';
import { legendContent, RunLineChart, valueLabel } from './RunLineChart.tsx';
import { useChartAxis } from './useChartAxis.ts';
import { finiteRange } from '../../core/metrics.ts';

const TRAIN = liveStyle('objective', 'train', false);
const TEST = liveStyle('testObjective', 'test (scaled)', true);
/**
 * The per-batch estimates (n / |batch| times one batch's loss) swing far wider: the axis cuts them at the top.
 * The legend's names stay short enough for one line on a laptop's chart column; the table's caption says how
 * the test and batch values are scaled (to the training set's size).
 */
const BATCH: LineStyle = {
  key: 'batchObjective',
  className: 'series-batchObjective',
  name: 'per batch (scaled)',
  stroke: '#9aa5b1',
  strokeWidth: 1,
  fitsAxis: false,
  snaps: false,
};
const LEGEND = legendContent(legendOf([BATCH, TEST, TRAIN]));
const OBJECTIVE_LABEL = valueLabel('objective');
const OBJECTIVE_NOTE = <span className="chart-note"> (sum over the training set)</span>;

/** Fitted from 0 to the epochs' objectives, train and test, of this run and the pinned ones. */
const fitObjectives = (values: Iterable<number>) => linearAxisFrom0(finiteRange(values)?.[1] ?? null);

const noObjectiveYet = (state: AppState) =>
  state.history.length === 0 && state.batchSeries.positions.length === 0;
const OBJECTIVE_EMPTY = {
  when: noObjectiveYet,
  text: 'The dot at epoch 0 is the objective before any update. Press Train or Step epoch to watch it fall.',
};

/** The objective chart's lines: per batch under the train and test objectives, then the pinned runs'. */
function objectiveLines(rows: ChartSource<readonly EpochPoint[]>): ChartSource<readonly DrawnLine[]> {
  const pinned = pinnedLinesSource(['objective', 'testObjective']);
  const batches = chartSource(
    (state) => [state.batchSeries],
    (state): DrawnLine => ({ ...BATCH, points: batchPoints(state.batchSeries) }),
  );
  return chartSource(
    (state) => [...rows.inputs(state), state.batchSeries, state.pinned],
    (state) => {
      const epochs = rows.read(state);
      return [
        batches.read(state),
        epochLine(TRAIN, epochs, 'objective'),
        epochLine(TEST, epochs, 'testObjective'),
        ...pinned.read(state),
      ];
    },
  );
}

function objectiveTable(rows: ChartSource<readonly EpochPoint[]>): ChartSource<ChartTable> {
  return chartSource(rows.inputs, (state) => ({
    caption: 'Objective per epoch, train and test (test scaled to the training set size)',
    columns: ['Epoch', 'Train objective (sum over training set)', 'Test objective (scaled to train size)'],
    rows: rows
      .read(state)
      .map((point) => [
        String(point.epoch),
        formatNumber(point.objective),
        formatNumber(point.testObjective),
      ]),
  }));
}

/** The objective per epoch (train, test) and per batch. */
export function ObjectiveChart({ rows }: { rows: ChartSource<readonly EpochPoint[]> }) {
  const [sources] = useState(() => ({ lines: objectiveLines(rows), table: objectiveTable(rows) }));
  const axis = useChartAxis(sources.lines, fitObjectives);
  return (
    <ChartFrame
      title="Objective per epoch"
      note={OBJECTIVE_NOTE}
      empty={OBJECTIVE_EMPTY}
      table={sources.table}
    >
      <RunLineChart
        height={190}
        source={sources.lines}
        axis={axis}
        formatTick={formatNumber}
        formatValue={formatNumber}
        yLabel={OBJECTIVE_LABEL}
        legend={LEGEND}
        marked
      />
    </ChartFrame>
  );
}
