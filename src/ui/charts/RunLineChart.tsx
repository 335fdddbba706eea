import { useMemo, type CSSProperties, type ReactNode } from 'react';
import {
  CartesianGrid,
  DefaultLegendContent,
  Legend,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  XAxis,
  YAxis,
  type DefaultLegendContentProps,
  type LegendPayload,
  usePlotArea,
  useXAxisScale,
} from 'recharts';
import { formatCount } from '../../core/format.ts';
import { latestEpoch } from '../../state/runSlice.ts';
import { useAppStore, type AppState } from '../../state/store.ts';
import type { Axis } from './axes.ts';
import { axisTick } from './axisTick.tsx';
import { ChartLines } from './ChartLines.tsx';
import type { ChartSource } from './chartSource.ts';
import { labelPosition, type DrawnLine, type LineLabelPosition } from './lines.ts';
import { RechartsValueTitle } from './ValueAxisTitle.tsx';

const axisStyle = { fontSize: 14, fill: '#4b5563' };

// Recharts compares its props by reference and recomputes its layout when one changes, so every object
// and function handed to it below is built once, here, not on each render.
/** Space around each chart's plot. */
export const CHART_MARGIN = { top: 8, right: 16, bottom: 18, left: 8 };
/** The legend's text size. */
export const LEGEND_STYLE = { fontSize: 14 };
/** The epoch axis's title. */
export const EPOCH_LABEL = { value: 'epoch', position: 'insideBottom', offset: -10, ...axisStyle } as const;
/** A y-axis title beside the ticks, placed to stay inside the chart however short it is. */
export function valueLabel(value: string) {
  return { value, content: RechartsValueTitle } as const;
}

/** A legend that lists the given entries, in that order, whatever lines the chart holds. */
export function legendContent(payload: readonly LegendPayload[]) {
  return function ChartLegend(props: DefaultLegendContentProps) {
    return <DefaultLegendContent {...props} payload={payload} />;
  };
}

/** The epoch range a chart spans: from 0 to the run's epochs (or further, when the run went further). */
const selectEpochEnd = (state: AppState) => Math.max(state.counters.epochs, latestEpoch(state.history), 1);
const selectMarks = (state: AppState) => state.marks;
const selectScrubEpoch = (state: AppState) => state.scrubEpoch;

/**
 * The rows Recharts is given: the epoch range's two ends, so that it lays the axes out (it draws no axis
 * without data). They change only when the range does, never with the run's epochs.
 */
export function useEpochRange() {
  const end = useAppStore(selectEpochEnd);
  return useMemo(
    () => ({ domain: [0, end] as [number, number], rows: [{ epoch: 0 }, { epoch: end }] }),
    [end],
  );
}

/** The y-axis of a chart: our domain and ticks, no measuring, lines clipped to it. */
function valueAxis(axis: Axis, tickFormatter: (value: number) => string, label?: object) {
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

/** Where the label of a vertical line at an epoch goes: towards the wider side of the plot. */
function useLabelPosition(): (epoch: number) => LineLabelPosition {
  const x = useXAxisScale();
  const plot = usePlotArea();
  return (epoch) => {
    const pixel = x?.(epoch);
    return pixel === undefined || !plot ? 'insideTopLeft' : labelPosition(pixel, plot);
  };
}

/** The hyperparameter changes as dashed vertical lines, each labelled with what changed. */
function MarkLines() {
  const marks = useAppStore(selectMarks);
  const positionAt = useLabelPosition();
  return marks.map((mark, index) => (
    <ReferenceLine
      key={`${mark.epoch}-${index}`}
      x={mark.epoch}
      stroke="#6b7280"
      strokeDasharray="2 3"
      label={{ value: mark.label, position: positionAt(mark.epoch), fontSize: 14, fill: '#4b5563' }}
    />
  ));
}

/** A vertical cursor at the scrubbed epoch. */
function ScrubLine() {
  const epoch = useAppStore(selectScrubEpoch);
  const positionAt = useLabelPosition();
  return epoch === null ? null : (
    <ReferenceLine
      x={epoch}
      stroke="#b45309"
      strokeWidth={2}
      label={{ value: `epoch ${epoch}`, position: positionAt(epoch), fontSize: 14, fill: '#b45309' }}
    />
  );
}

/**
 * A chart over the epochs: Recharts draws the axes, the grid, the legend and the reference lines;
 * ChartLines draws every line of `source` and reads values on hover.
 */
export function RunLineChart(props: {
  height: number;
  source: ChartSource<readonly DrawnLine[]>;
  axis: Axis;
  formatTick: (value: number) => string;
  /** Formats a value for the hover readout. */
  formatValue: (value: number) => string;
  yLabel?: object;
  legend: ReturnType<typeof legendContent>;
  /** Whether the hyperparameter changes and the scrubbed epoch are marked. */
  marked: boolean;
  /** Drawn under the lines, inside the chart (an area such as a predicted band). */
  children?: ReactNode;
}) {
  const range = useEpochRange();
  // The stylesheets size the plot from its height here: as given on the page, filling its cell in
  // presentation mode, lower on a short screen.
  return (
    <div className="chart-plot" style={{ '--chart-height': `${props.height}px` } as CSSProperties}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={range.rows} margin={CHART_MARGIN}>
          <CartesianGrid stroke="#eef0f2" />
          <XAxis
            type="number"
            dataKey="epoch"
            domain={range.domain}
            allowDecimals={false}
            interval={0}
            tick={axisTick}
            tickFormatter={formatCount}
            label={EPOCH_LABEL}
          />
          {valueAxis(props.axis, props.formatTick, props.yLabel)}
          <Legend verticalAlign="top" height={24} wrapperStyle={LEGEND_STYLE} content={props.legend} />
          {props.marked && <MarkLines />}
          {props.marked && <ScrubLine />}
          {props.children}
          <ChartLines source={props.source} formatValue={props.formatValue} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
