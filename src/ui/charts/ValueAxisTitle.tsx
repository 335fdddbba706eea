/**
 * A chart's y-axis title that stays inside the chart: read upwards beside the ticks, centred on the plot
 * as far as the chart's height allows, or, on a chart too short for it, level at the plot's top-left
 * corner after an arrow ("↑ accuracy %"), as the plane labels its axes.
 */
import { useLayoutEffect, useRef, useState } from 'react';
import { useChartHeight, type CartesianViewBox, type LabelProps } from 'recharts';

/** The space kept between the title and the chart's top and bottom edges. */
const EDGE = 4;

/** Where a y-axis title goes: upright with its middle at `center`, or level in the plot's corner. */
export type ValueTitlePlacement = { kind: 'upright'; center: number } | { kind: 'level' };

/**
 * Places a title of `length` (null while it is not measured) beside a plot spanning [plotTop, plotBottom]
 * in a chart `chartHeight` tall: centred on the plot, moved up or down just enough to stay inside the
 * chart, and level in the plot's corner when the chart is shorter than the title.
 */
export function placeValueTitle(
  length: number | null,
  plotTop: number,
  plotBottom: number,
  chartHeight: number,
): ValueTitlePlacement {
  const middle = (plotTop + plotBottom) / 2;
  if (length === null) return { kind: 'upright', center: middle };
  if (length + 2 * EDGE > chartHeight) return { kind: 'level' };
  const half = length / 2 + EDGE;
  return { kind: 'upright', center: Math.min(Math.max(middle, half), chartHeight - half) };
}

/** Where a value axis's title is drawn: its left edge, the plot's left edge, top and bottom. */
export interface ValueTitleFrame {
  titleLeft: number;
  plotLeft: number;
  plotTop: number;
  plotBottom: number;
  chartHeight: number;
}

/** The title, measured after each render (its type grows in presentation mode) and placed to fit. */
export function ValueAxisTitle(props: { title: string; frame: ValueTitleFrame; className: string }) {
  const { frame } = props;
  const measured = useRef<SVGTSpanElement>(null);
  const [length, setLength] = useState<number | null>(null);
  // Measured again when the chart changes size: presentation mode's larger type comes with a new size.
  useLayoutEffect(() => {
    const span = measured.current;
    // The text's own length in the chart's units; a document that lays nothing out (jsdom) has none.
    if (span !== null && typeof span.getComputedTextLength === 'function') {
      setLength(span.getComputedTextLength());
    }
  }, [props.title, frame.plotLeft, frame.plotTop, frame.plotBottom, frame.chartHeight]);
  const placement = placeValueTitle(length, frame.plotTop, frame.plotBottom, frame.chartHeight);
  const title = <tspan ref={measured}>{props.title}</tspan>;
  if (placement.kind === 'level') {
    return (
      <text
        className={`${props.className} axis-title-level`}
        x={frame.plotLeft + 6}
        y={frame.plotTop + 2}
        dominantBaseline="text-before-edge"
        textAnchor="start"
      >
        ↑ {title}
      </text>
    );
  }
  // Rotated a quarter turn back, the text's top edge faces left: it starts at the title's left edge, as
  // far from the tick labels as the chart allows.
  return (
    <text
      className={props.className}
      transform={`translate(${frame.titleLeft} ${placement.center}) rotate(-90)`}
      dominantBaseline="text-before-edge"
      textAnchor="middle"
    >
      {title}
    </text>
  );
}

/**
 * A y-axis title for a Recharts chart (the `content` of its label), at the chart's left edge: its box is
 * the y-axis's own, as tall as the plot, and the chart's height comes from Recharts.
 */
export function RechartsValueTitle(props: LabelProps) {
  const chartHeight = useChartHeight() ?? 0;
  const box: CartesianViewBox = props.viewBox !== undefined && 'width' in props.viewBox ? props.viewBox : {};
  const plotTop = box.y ?? 0;
  const frame = {
    titleLeft: 1,
    plotLeft: (box.x ?? 0) + (box.width ?? 0),
    plotTop,
    plotBottom: plotTop + (box.height ?? 0),
    chartHeight,
  };
  return <ValueAxisTitle title={String(props.value ?? '')} frame={frame} className="axis-title" />;
}
