/**
 * The distance chart's "close but not exact" lines: the predicted floor band on the f(w) − f(w*) line and
 * the averaged weights' f(w̄) − f(w*), per epoch, as the worker measured them.
 */
import { useId } from 'react';
import { usePlotArea, useXAxisScale, useYAxisScale } from 'recharts';
import { AVERAGED_WIDTH, FLOOR_WIDTH } from '../../state/noiseFloorSlice.ts';
import type { AppState } from '../../state/store.ts';
import { AVERAGED_COLOUR, FLOOR_COLOUR } from '../panels/noiseFloorText.ts';
import { useChartSource, type ChartSource } from './chartSource.ts';
import type { ChartPoint, DrawnLine, LineStyle } from './lines.ts';

/** Below this, a gap is drawn at this value: a log axis has no zero (as the distance chart's own gaps). */
const LOG_FLOOR = 1e-12;

/**
 * The band's top is the predicted mean excess N·½tr(HΣ) and its bottom the small-rate law N·lr·tr(S*) ÷ (4B):
 * both are the prediction, and the band's width is the part of the floor beyond first order in lr, which
 * shows where the simple law lr/B holds (a thin band) and where the rate is too large for it. A band of
 * one standard deviation of a single epoch's excess would reach down to 0 on this log axis whenever one
 * direction dominates (a χ² with one degree of freedom has a standard deviation of √2 × its mean).
 */
export const FLOOR_TOP: LineStyle = {
  key: 'floor-top',
  className: 'series-floor',
  name: 'predicted floor',
  stroke: FLOOR_COLOUR,
  strokeWidth: 1.5,
  fitsAxis: true,
  snaps: true,
};
const FLOOR_BOTTOM: LineStyle = {
  key: 'floor-bottom',
  className: 'series-floor-bottom',
  stroke: FLOOR_COLOUR,
  strokeWidth: 1,
  fitsAxis: true,
  snaps: false,
};
export const AVERAGED: LineStyle = {
  key: 'averaged',
  className: 'series-averaged',
  name: 'f(w̄) − f(w*)',
  stroke: AVERAGED_COLOUR,
  strokeWidth: 2.5,
  dash: '2 3',
  fitsAxis: true,
  snaps: true,
};

/** The series' points at `offset` of each `width` values, less the optimum's objective, kept above 0. */
function pointsOfSeries(
  series: AppState['floorSeries'],
  width: number,
  offset: number,
  subtract = 0,
): ChartPoint[] {
  return series.positions.map((epoch, index) => {
    const value = (series.values[index * width + offset] as number) - subtract;
    return { x: epoch, y: Number.isNaN(value) ? Number.NaN : Math.max(LOG_FLOOR, value) };
  });
}

/** The floor band's edges and the averaged line of the live run, while shown and a minimum exists. */
export function noiseFloorLines(state: AppState): DrawnLine[] {
  const optimum = state.info?.optimum;
  if (optimum?.kind !== 'minimum' || state.noiseFloorRunId !== state.runId) return [];
  const views = state.noiseFloorViews;
  const lines: DrawnLine[] = [];
  if (views.floor && state.floorSeries.positions.length > 0) {
    lines.push({ ...FLOOR_BOTTOM, points: pointsOfSeries(state.floorSeries, FLOOR_WIDTH, 1) });
    lines.push({ ...FLOOR_TOP, points: pointsOfSeries(state.floorSeries, FLOOR_WIDTH, 0) });
  }
  if (views.averages && state.averagedSeries.positions.length > 0) {
    const offset = state.averagedKind === 'tail' ? 0 : 1;
    lines.push({
      ...AVERAGED,
      points: pointsOfSeries(state.averagedSeries, AVERAGED_WIDTH, offset, optimum.objective),
    });
  }
  return lines;
}

/** The store fields noiseFloorLines reads. */
export function noiseFloorInputs(state: AppState): unknown[] {
  return [
    state.noiseFloorViews,
    state.floorSeries,
    state.averagedSeries,
    state.averagedKind,
    state.noiseFloorRunId,
  ];
}

/** The SVG path of the area between two edges drawn over the same epochs, or null when there is none. */
export function bandPath(
  top: readonly ChartPoint[],
  bottom: readonly ChartPoint[],
  x: (value: number) => number | undefined,
  y: (value: number) => number | undefined,
): string | null {
  const pixels = (points: readonly ChartPoint[]) =>
    points.flatMap((point) => {
      const px = x(point.x);
      const py = y(point.y);
      return px === undefined || py === undefined || !Number.isFinite(px) || !Number.isFinite(py)
        ? []
        : [`${px.toFixed(1)},${py.toFixed(1)}`];
    });
  const upper = pixels(top);
  const lower = pixels(bottom).reverse();
  if (upper.length < 2 || lower.length < 2) return null;
  return `M${upper.join('L')}L${lower.join('L')}Z`;
}

/** The floor band's fill, between the edges the chart's lines draw. */
export function FloorBand(props: { source: ChartSource<readonly DrawnLine[]> }) {
  const lines = useChartSource(props.source);
  const x = useXAxisScale();
  const y = useYAxisScale();
  const plot = usePlotArea();
  const clipId = useId();
  const top = lines.find((line) => line.key === FLOOR_TOP.key);
  const bottom = lines.find((line) => line.key === FLOOR_BOTTOM.key);
  if (!x || !y || !plot || !top || !bottom) return null;
  const d = bandPath(top.points, bottom.points, x, y);
  if (d === null) return null;
  return (
    <g className="floor-band">
      <clipPath id={clipId}>
        <rect x={plot.x} y={plot.y} width={plot.width} height={plot.height} />
      </clipPath>
      <path d={d} fill={FLOOR_COLOUR} fillOpacity={0.18} stroke="none" clipPath={`url(#${clipId})`} />
    </g>
  );
}
