import { useState } from 'react';
import { formatNumber } from '../../core/format.ts';
import { finiteRange } from '../../core/metrics.ts';
import { selectInsightsPoints, type InsightsPoint } from '../../state/insightsSlice.ts';
import type { AppState } from '../../state/store.ts';
import { logAxis } from './axes.ts';
import { ChartFrame, type ChartTable } from './ChartFrame.tsx';
import { chartSource } from './chartSource.ts';
import { legendOf, TEST_DASH, type DrawnLine, type LineStyle } from './lines.ts';
import { legendContent, RunLineChart, valueLabel } from './RunLineChart.tsx';
import { useChartAxis } from './useChartAxis.ts';

const LAMBDA: LineStyle = {
  key: 'lambda',
  className: 'series-lambda',
  name: 'λ_max (sharpness)',
  stroke: '#1d3557',
  strokeWidth: 2.5,
  fitsAxis: true,
  snaps: true,
};
const LIMIT: LineStyle = {
  key: 'limit',
  className: 'series-limit',
  name: '2 / lr',
  stroke: '#b45309',
  strokeWidth: 2,
  dash: TEST_DASH,
  fitsAxis: true,
  snaps: true,
};
const NOISE_SCALE: LineStyle = {
  key: 'noiseScale',
  className: 'series-noise-scale',
  name: 'B_simple',
  stroke: '#047857',
  strokeWidth: 2.5,
  fitsAxis: true,
  snaps: true,
};
const SHARPNESS_LEGEND = legendContent(legendOf([LAMBDA, LIMIT]));
const NOISE_SCALE_LEGEND = legendContent(legendOf([NOISE_SCALE]));
const fitLog = (values: Iterable<number>) => logAxis(finiteRange(values, true), 1);

/** The measurements of the current run (none until its first arrives). */
function pointsOfRun(state: AppState): InsightsPoint[] {
  return state.insightsRunId === state.runId ? selectInsightsPoints(state) : [];
}

function linePoints(points: readonly InsightsPoint[], value: (point: InsightsPoint) => number | null) {
  return points.flatMap((point) => {
    const y = value(point);
    return y !== null && Number.isFinite(y) && y > 0 ? [{ x: point.position, y }] : [];
  });
}

function sharpnessSources() {
  const inputs = (state: AppState) => [state.insightsSeries, state.insightsRunId, state.runId];
  const lines = chartSource(inputs, (state): readonly DrawnLine[] => {
    const points = pointsOfRun(state);
    return [
      { ...LIMIT, points: linePoints(points, (point) => 2 / point.learningRate) },
      { ...LAMBDA, points: linePoints(points, (point) => point.lambdaMax) },
    ];
  });
  const table = chartSource(inputs, (state): ChartTable => ({
    caption: 'Sharpness λ_max and the stability limit 2 / lr per epoch',
    columns: ['Epoch', 'λ_max (mean objective)', '2 / lr'],
    rows: pointsOfRun(state).map((point) => [
      formatNumber(point.position),
      point.lambdaMax === null ? 'none' : formatNumber(point.lambdaMax),
      formatNumber(2 / point.learningRate),
    ]),
  }));
  return { lines, table };
}

function noiseScaleSources() {
  const inputs = (state: AppState) => [state.insightsSeries, state.insightsRunId, state.runId];
  const lines = chartSource(inputs, (state): readonly DrawnLine[] => [
    { ...NOISE_SCALE, points: linePoints(pointsOfRun(state), (point) => point.noiseScale) },
  ]);
  const table = chartSource(inputs, (state): ChartTable => ({
    caption: 'Noise scale B_simple per epoch',
    columns: ['Epoch', 'B_simple = tr S / ‖G‖² (examples)'],
    rows: pointsOfRun(state).map((point) => [
      formatNumber(point.position),
      point.noiseScale === null ? 'none' : formatNumber(point.noiseScale),
    ]),
  }));
  return { lines, table };
}

/** λ_max per epoch against 2/lr on one log axis: above the dashed line, full-batch steps overshoot. */
export function SharpnessChart({ note }: { note: string }) {
  const [sources] = useState(sharpnessSources);
  const axis = useChartAxis(sources.lines, fitLog);
  return (
    <ChartFrame title="Sharpness" note={<span className="chart-note"> — {note}</span>} table={sources.table}>
      <RunLineChart
        height={240}
        source={sources.lines}
        axis={axis}
        formatTick={formatNumber}
        formatValue={formatNumber}
        yLabel={valueLabel('curvature (1/lr)')}
        legend={SHARPNESS_LEGEND}
        marked={false}
      />
    </ChartFrame>
  );
}

const NOISE_SCALE_NOTE = (
  <span className="chart-note">
    {' '}
    — B_simple, the batch size at which the batch gradient’s noise equals its signal: it grows as training
    gets close and the mean gradient shrinks, so larger batches start to pay.
  </span>
);

/** B_simple per epoch on a log axis: it grows as the objective falls and the mean gradient shrinks. */
export function NoiseScaleChart() {
  const [sources] = useState(noiseScaleSources);
  const axis = useChartAxis(sources.lines, fitLog);
  return (
    <ChartFrame title="Noise scale per epoch" note={NOISE_SCALE_NOTE} table={sources.table}>
      <RunLineChart
        height={240}
        source={sources.lines}
        axis={axis}
        formatTick={formatNumber}
        formatValue={formatNumber}
        yLabel={valueLabel('examples')}
        legend={NOISE_SCALE_LEGEND}
        marked={false}
      />
    </ChartFrame>
  );
}
