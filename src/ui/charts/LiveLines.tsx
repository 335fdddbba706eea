import { useEffect, useId, useRef } from 'react';
import { usePlotArea, useXAxisScale, useYAxisDomain, useYAxisScale } from 'recharts';
import { useAppStoreApi, type AppState } from '../../state/store.ts';
import { followOnTicks } from '../pageClock.ts';

/** One line of the live run, drawn as Recharts would draw its `<Line>` of the same key. */
export interface LiveLine {
  readonly dataKey: string;
  readonly stroke: string;
  readonly strokeWidth: number;
  readonly dashed?: boolean;
  /** Whether a value outside the y-axis asks for new axes (noisy series such as per-batch estimates do not). */
  readonly fitsAxis: boolean;
  /** Rows of its own, when the line's x positions differ from the chart's (per-batch estimates). */
  readonly rows?: (state: AppState) => LiveRows;
}

/** A chart's rows: the epoch (x) and one number per line's `dataKey`. */
export type LiveRows = readonly Readonly<Record<string, number>>[];

/** Builds an SVG path through the rows' finite points, breaking the line where a value cannot be drawn. */
function pathThrough(
  rows: LiveRows,
  key: string,
  x: (value: number) => number | undefined,
  y: (value: number) => number | undefined,
): string {
  let path = '';
  let drawing = false;
  for (const row of rows) {
    const px = x(row.epoch ?? Number.NaN);
    const value = row[key];
    const py = value === undefined ? undefined : y(value);
    if (px === undefined || py === undefined || !Number.isFinite(px) || !Number.isFinite(py)) {
      drawing = false;
      continue;
    }
    path += `${drawing ? 'L' : 'M'}${px.toFixed(1)},${py.toFixed(1)}`;
    drawing = true;
  }
  return path;
}

/**
 * The live run's lines over a Recharts chart while it trains, written straight into SVG paths at the
 * ticks of a clock, without a React render. Recharts takes 50–150 ms to take new data on a slow machine;
 * these paths take well under a millisecond, so while training the chart keeps its data, legend and
 * tooltip from before, and only widens its y-axis when a live value leaves it (`onOutside`). Off while not
 * training: then the chart's own lines are current.
 */
export function LiveLines(props: {
  rows: (state: AppState) => LiveRows;
  lines: readonly LiveLine[];
  onOutside: () => void;
  /** The y-axis was fitted to no values yet: ask (`onOutside`) for one as soon as there is a live value. */
  axisEmpty: boolean;
  /** The lines are redrawn at the ticks of the page's clock of this period. */
  period: number;
}) {
  const { rows, lines, onOutside, axisEmpty, period } = props;
  const store = useAppStoreApi();
  const xScale = useXAxisScale();
  const yScale = useYAxisScale();
  const yDomain = useYAxisDomain();
  const plot = usePlotArea();
  const paths = useRef<(SVGPathElement | null)[]>([]);
  const clipId = useId();

  useEffect(() => {
    if (!xScale || !yScale) return;
    const [low, high] =
      yDomain && yDomain.length === 2 && typeof yDomain[0] === 'number' && typeof yDomain[1] === 'number'
        ? [yDomain[0], yDomain[1]]
        : [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY];
    const draw = (state: AppState) => {
      const live = state.counters.state === 'training';
      const shared = live ? rows(state) : [];
      let outside = false;
      lines.forEach((line, k) => {
        const data = live && line.rows ? line.rows(state) : shared;
        paths.current[k]?.setAttribute('d', live ? pathThrough(data, line.dataKey, xScale, yScale) : '');
        if (!live || !line.fitsAxis) return;
        for (const row of data) {
          const value = row[line.dataKey];
          if (value === undefined || !Number.isFinite(value)) continue;
          if (axisEmpty || value < low || value > high) outside = true;
        }
      });
      if (outside) onOutside();
    };
    draw(store.getState());
    // Repainting a chart's SVG costs the page a few milliseconds even for a path: while training the lines
    // follow the run at the clock's ticks, not every frame; a change of state is drawn at once.
    return followOnTicks(
      store,
      (state, previous) =>
        state.counters.state !== previous.counters.state ||
        state.history !== previous.history ||
        state.batchSeries !== previous.batchSeries,
      draw,
      period,
    );
  }, [store, xScale, yScale, yDomain, rows, lines, onOutside, axisEmpty, period]);

  if (!plot) return null;
  return (
    <g className="live-lines">
      <clipPath id={clipId}>
        <rect x={plot.x} y={plot.y} width={plot.width} height={plot.height} />
      </clipPath>
      <g clipPath={`url(#${clipId})`}>
        {lines.map((line, k) => (
          <path
            key={line.dataKey}
            ref={(element) => {
              paths.current[k] = element;
            }}
            className={`live-${line.dataKey}`}
            fill="none"
            stroke={line.stroke}
            strokeWidth={line.strokeWidth}
            strokeDasharray={line.dashed ? '6 4' : undefined}
          />
        ))}
      </g>
    </g>
  );
}
