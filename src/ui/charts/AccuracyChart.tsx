import { useState } from 'react';
import { formatPercent } from '../../core/format.ts';
import type { AppState } from '../../state/store.ts';
import type { Axis } from './axes.ts';
import { ChartFrame, type ChartTable } from './ChartFrame.tsx';
import { chartSource, type ChartSource } from './chartSource.ts';
import { epochLine, liveStyle, pinnedLinesSource, type EpochPoint } from './epochRows.ts';
import { legendOf, type DrawnLine } from './lines.ts';
import { legendContent, RunLineChart, valueLabel } from './RunLineChart.tsx';

const TRAIN = liveStyle('trainAccuracy', 'train', false);
const TEST = liveStyle('testAccuracy', 'test', true);
const LEGEND = legendContent(legendOf([TEST, TRAIN]));
const ACCURACY_LABEL = valueLabel('accuracy %');
/** Accuracy always spans 0–100 %. */
const ACCURACY_AXIS: Axis = {
  scale: 'linear',
  domain: [0, 100],
  ticks: [0, 25, 50, 75, 100],
  empty: false,
};
const formatAccuracy = (value: number) => formatPercent(value / 100);

const noEpochYet = (state: AppState) => state.history.length === 0;
const ACCURACY_EMPTY = { when: noEpochYet, text: 'Train and test accuracy appear after the first epoch.' };

function accuracyLines(rows: ChartSource<readonly EpochPoint[]>): ChartSource<readonly DrawnLine[]> {
  const pinned = pinnedLinesSource(['trainAccuracy', 'testAccuracy']);
  return chartSource(
    (state) => [...rows.inputs(state), state.pinned],
    (state) => {
      const epochs = rows.read(state);
      return [
        epochLine(TRAIN, epochs, 'trainAccuracy'),
        epochLine(TEST, epochs, 'testAccuracy'),
        ...pinned.read(state),
      ];
    },
  );
}

function accuracyTable(rows: ChartSource<readonly EpochPoint[]>): ChartSource<ChartTable> {
  return chartSource(rows.inputs, (state) => ({
    caption: 'Accuracy per epoch, train and test',
    columns: ['Epoch', 'Train accuracy (%)', 'Test accuracy (%)'],
    rows: rows
      .read(state)
      .flatMap((point) =>
        point.trainAccuracy === undefined || point.testAccuracy === undefined
          ? []
          : [[String(point.epoch), formatAccuracy(point.trainAccuracy), formatAccuracy(point.testAccuracy)]],
      ),
  }));
}

/** Train and test accuracy per epoch. */
export function AccuracyChart({ rows }: { rows: ChartSource<readonly EpochPoint[]> }) {
  const [sources] = useState(() => ({ lines: accuracyLines(rows), table: accuracyTable(rows) }));
  return (
    <ChartFrame title="Accuracy per epoch" empty={ACCURACY_EMPTY} table={sources.table}>
      <RunLineChart
        height={170}
        source={sources.lines}
        axis={ACCURACY_AXIS}
        formatTick={String}
        formatValue={formatAccuracy}
        yLabel={ACCURACY_LABEL}
        legend={LEGEND}
        marked
      />
    </ChartFrame>
  );
}
