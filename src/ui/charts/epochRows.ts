import { downsampleIndices } from '../../core/metrics.ts';
import type { EpochRecord } from '../../core/runRecords.ts';
import type { PinnedRun } from '../../state/compareSlice.ts';
import type { RunStart } from '../../state/runSlice.ts';
import type { AppState } from '../../state/store.ts';
import { colourOf, LIVE_RUN_COLOUR } from '../runColours.ts';
import { chartSource, type ChartSource } from './chartSource.ts';
import { pointsOf, TEST_DASH, type ChartPoint, type DrawnLine, type LineStyle } from './lines.ts';

/** No chart series holds more points than this, however long the run. */
export const MAX_CHART_POINTS = 500;

/** One epoch on the charts; epoch 0, the run's start, has only its objectives. */
export interface EpochPoint {
  readonly epoch: number;
  readonly objective: number;
  readonly testObjective: number;
  readonly trainAccuracy?: number;
  readonly testAccuracy?: number;
  readonly learningRate?: number;
}

/** The keys of an epoch's values. */
export type EpochKey = Exclude<keyof EpochPoint, 'epoch'>;

/**
 * The rows the per-epoch charts draw: at most MAX_CHART_POINTS, downsampled, led by epoch 0 (the
 * initial weights' objectives) when the run's start is known.
 */
export function toPoints(
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

/** The live run's epoch rows, one source that the objective, accuracy and learning-rate charts share. */
export function epochRowsSource(): ChartSource<readonly EpochPoint[]> {
  return chartSource(
    (state: AppState) => [state.history, state.points, state.info],
    (state) =>
      toPoints(
        state.history,
        state.points?.trainY.length ?? 0,
        state.points?.testY.length ?? 0,
        state.info?.start,
      ),
  );
}

/** The per-batch estimates, thinned to at most MAX_CHART_POINTS. */
export function batchPoints(series: AppState['batchSeries']): ChartPoint[] {
  return downsampleIndices(series.positions.length, MAX_CHART_POINTS).map((index) => ({
    x: series.positions[index] as number,
    y: series.objectives[index] as number,
  }));
}

/** A series of the live run, named after its key: train solid, test dashed, in the live run's colour. */
export function liveStyle(key: string, name: string, dashed: boolean): LineStyle {
  return {
    key,
    className: `series-${key}`,
    name,
    stroke: LIVE_RUN_COLOUR,
    strokeWidth: dashed ? 2 : 2.5,
    ...(dashed && { dash: TEST_DASH }),
    fitsAxis: true,
    snaps: true,
  };
}

/** A line of the live run's epoch rows. */
export function epochLine(style: LineStyle, rows: readonly EpochPoint[], key: EpochKey): DrawnLine {
  return { ...style, points: pointsOf(rows, key) };
}

/**
 * The pinned runs' lines on one chart: each run in its colour, train solid and test dashed, in neither the
 * legend nor the readout. Built once per change of the pinned runs.
 */
export function pinnedLinesSource(
  keys: readonly [EpochKey, EpochKey | null],
): ChartSource<readonly DrawnLine[]> {
  return chartSource(
    (state: AppState) => [state.pinned],
    (state) => state.pinned.flatMap((run) => pinnedLines(run, keys)),
  );
}

function pinnedLines(run: PinnedRun, [trainKey, testKey]: readonly [EpochKey, EpochKey | null]): DrawnLine[] {
  const rows = toPoints(run.history, run.trainCount, run.testCount, run.start);
  const style = {
    className: `pinned-series pinned-${run.id}`,
    stroke: colourOf(run),
    fitsAxis: true,
    snaps: false,
  };
  const lines: DrawnLine[] = [
    { ...style, key: `${run.id}-${trainKey}`, strokeWidth: 2, points: pointsOf(rows, trainKey) },
  ];
  if (testKey) {
    lines.push({
      ...style,
      key: `${run.id}-${testKey}`,
      strokeWidth: 1.5,
      dash: TEST_DASH,
      points: pointsOf(rows, testKey),
    });
  }
  return lines;
}
