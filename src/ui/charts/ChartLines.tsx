import { memo, useId, useMemo, useState, type PointerEvent } from 'react';
import { createPortal } from 'react-dom';
import { usePlotArea, useXAxisInverseScale, useXAxisScale, useYAxisScale } from 'recharts';
import { formatNumber } from '../../core/format.ts';
import { useChartSource, type ChartSource } from './chartSource.ts';
import { readAt, shapeOf, type DrawnLine, type Readout, type Scale } from './lines.ts';

/** The plot's rectangle inside the chart's SVG, in pixels. */
interface PlotArea {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/**
 * Every line of a chart, stopped or training, drawn inside a Recharts chart through its scales: Recharts
 * draws the frame (axes, grid, legend) and is given no rows of the run, so that a new epoch, a pause or the
 * end of a run redraws these paths and nothing of Recharts. The lines follow the store at once while the
 * run is stopped and at the page clock's ticks while it trains; the pointer reads exact values off them.
 */
export function ChartLines(props: {
  source: ChartSource<readonly DrawnLine[]>;
  /** Formats a value for the hover readout. */
  formatValue: (value: number) => string;
}) {
  const lines = useChartSource(props.source);
  const x = useXAxisScale();
  const y = useYAxisScale();
  const plot = usePlotArea();
  const clipId = useId();
  if (!x || !y || !plot) return null;
  const clips: Clips = { line: `${clipId}-line`, dot: `${clipId}-dot` };
  return (
    <g className="chart-lines">
      <clipPath id={clips.line}>
        <rect x={plot.x} y={plot.y} width={plot.width} height={plot.height} />
      </clipPath>
      {/* A lone point on the plot's edge (the first epoch of a one-epoch run) is drawn whole. */}
      <clipPath id={clips.dot}>
        <rect
          x={plot.x - DOT_REACH}
          y={plot.y - DOT_REACH}
          width={plot.width + 2 * DOT_REACH}
          height={plot.height + 2 * DOT_REACH}
        />
      </clipPath>
      {lines.map((line) => (
        <LineShapeOf key={line.key} line={line} x={x} y={y} clips={clips} />
      ))}
      <HoverReadout lines={lines} x={x} y={y} plot={plot} formatValue={props.formatValue} />
    </g>
  );
}

/** The radius of the dot a line of one point is drawn as: as large as the hover readout's dots. */
export const DOT_RADIUS = 4.5;
/** How far past the plot a dot may reach: its radius and its widest outline. */
const DOT_REACH = DOT_RADIUS + 2;

/** The ids of the clip paths: lines are cut at the plot's edges, dots only beyond their own reach. */
interface Clips {
  readonly line: string;
  readonly dot: string;
}

/**
 * One line: a path through its points, or a dot when it has only one, inside a group named by its class.
 * The dot is filled for a solid line and an open ring for a dashed (test) one, so that a train dot under a
 * test dot still shows.
 */
const LineShapeOf = memo(function LineShapeOf(props: { line: DrawnLine; x: Scale; y: Scale; clips: Clips }) {
  const { line, x, y, clips } = props;
  const shape = useMemo(() => shapeOf(line.points, x, y), [line.points, x, y]);
  return (
    <g className={line.className}>
      {shape.kind === 'path' && (
        <path
          className="recharts-line-curve"
          clipPath={`url(#${clips.line})`}
          d={shape.d}
          fill="none"
          stroke={line.stroke}
          strokeWidth={line.strokeWidth}
          strokeDasharray={line.dash}
        />
      )}
      {shape.kind === 'dot' && (
        <circle
          className="recharts-line-dot"
          clipPath={`url(#${clips.dot})`}
          cx={shape.cx}
          cy={shape.cy}
          r={DOT_RADIUS}
          fill={line.dash === undefined ? line.stroke : 'none'}
          stroke={line.stroke}
          strokeWidth={line.strokeWidth}
        />
      )}
    </g>
  );
});

/** Where the pointer is over the plot, and the chart's wrapper that the readout is placed in. */
interface Pointer {
  readonly px: number;
  readonly py: number;
  readonly host: Element | null;
}

/** The pointer's readout: a cursor at the nearest epoch, a dot on each line there, and their exact values. */
function HoverReadout(props: {
  lines: readonly DrawnLine[];
  x: Scale;
  y: Scale;
  plot: PlotArea;
  formatValue: (value: number) => string;
}) {
  const { lines, x, y, plot, formatValue } = props;
  const invert = useXAxisInverseScale();
  const [pointer, setPointer] = useState<Pointer | null>(null);
  const at = pointer && invert ? Number(invert(pointer.px)) : Number.NaN;
  const readout = Number.isFinite(at) ? readAt(lines, at, x) : null;
  const cursor = readout ? x(readout.x) : undefined;
  const follow = (event: PointerEvent<SVGRectElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    setPointer({
      px: plot.x + event.clientX - box.left,
      py: plot.y + event.clientY - box.top,
      host: event.currentTarget.closest('.recharts-wrapper'),
    });
  };
  return (
    <>
      <rect
        className="chart-hover-area"
        x={plot.x}
        y={plot.y}
        width={Math.max(0, plot.width)}
        height={Math.max(0, plot.height)}
        fill="transparent"
        pointerEvents="all"
        onPointerMove={follow}
        onPointerLeave={() => setPointer(null)}
      />
      {readout && cursor !== undefined && pointer && (
        <g className="chart-hover" pointerEvents="none">
          <line x1={cursor} x2={cursor} y1={plot.y} y2={plot.y + plot.height} stroke="#9ca3af" />
          {readout.entries.map((entry) => {
            const cy = y(entry.point.y);
            return cy === undefined || !Number.isFinite(cy) ? null : (
              <circle key={entry.name} cx={x(entry.point.x)} cy={cy} r={4} fill={entry.colour} />
            );
          })}
          {pointer.host &&
            createPortal(
              <ReadoutBox readout={readout} formatValue={formatValue} pointer={pointer} plot={plot} />,
              pointer.host,
            )}
        </g>
      )}
    </>
  );
}

/** The readout's values, in an HTML box beside the pointer, on the side of the plot with more room. */
function ReadoutBox(props: {
  readout: Readout;
  formatValue: (value: number) => string;
  pointer: Pointer;
  plot: PlotArea;
}) {
  const { readout, formatValue, pointer, plot } = props;
  const onRight = pointer.px < plot.x + plot.width / 2;
  return (
    <div
      className="chart-tooltip"
      style={{
        position: 'absolute',
        left: pointer.px + (onRight ? 12 : -12),
        top: pointer.py + 12,
        transform: onRight ? undefined : 'translateX(-100%)',
        pointerEvents: 'none',
        margin: 0,
        padding: 10,
        background: '#fff',
        border: '1px solid #ccc',
        whiteSpace: 'nowrap',
        fontSize: 14,
        zIndex: 1,
      }}
    >
      <p style={{ margin: 0 }}>epoch {formatNumber(readout.x)}</p>
      {readout.entries.map((entry) => (
        <p key={entry.name} style={{ margin: 0, color: entry.colour }}>
          {entry.name} : {formatValue(entry.point.y)}
        </p>
      ))}
    </div>
  );
}
