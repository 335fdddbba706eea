import { useState, type CSSProperties } from 'react';
import {
  CartesianGrid,
  LabelList,
  ReferenceLine,
  ResponsiveContainer,
  Scatter,
  ScatterChart,
  Tooltip,
  usePlotArea,
  useXAxisScale,
  useYAxisScale,
  XAxis,
  YAxis,
} from 'recharts';
import { fittedSteps, type StepsFit } from '../../core/criticalBatch.ts';
import { formatCount, formatNumber } from '../../core/format.ts';
import type { AppState } from '../../state/store.ts';
import { pointLabel, stepsTable, stepsView, type StepsView } from '../panels/stepsVsExamples.ts';
import { logAxis } from './axes.ts';
import { axisTick } from './axisTick.tsx';
import { ChartFrame } from './ChartFrame.tsx';
import { chartSource } from './chartSource.ts';
import { placeLabels, textWidth, type Box } from './stepsLabels.ts';

const MARGIN = { top: 16, right: 24, bottom: 20, left: 16 };
const AXIS_STYLE = { fontSize: 14, fill: '#4b5563' };
const X_LABEL = {
  value: 'S: updates to the target',
  position: 'insideBottom',
  offset: -14,
  ...AXIS_STYLE,
} as const;
const Y_LABEL = {
  value: 'E: examples seen',
  angle: -90,
  position: 'insideBottomLeft',
  offset: 10,
  ...AXIS_STYLE,
} as const;
const POINT_COLOUR = '#1d3557';
const FIT_COLOUR = '#047857';
const LIMIT_COLOUR = '#b45309';

interface ChartPoint {
  readonly steps: number;
  readonly examples: number;
  readonly label: string;
  /** Whether the label prefers the side under the point: the side away from the fitted curve. */
  readonly below: boolean;
}

/** A white outline under a label's letters, so that it reads where a grid line crosses it. */
const HALO = { stroke: '#ffffff', strokeWidth: 4, paintOrder: 'stroke' } as const;
/** Half the side of a point's symbol, in px: the labels keep off the other points too. */
const POINT_REACH = 6;

/**
 * The points' labels, each on one line beside its point on a side where it crosses neither S_min's nor
 * E_min's line, nor the fitted curve, nor other text (see `placeLabels`), drawn through the chart's scales.
 */
function PointLabels({
  points,
  fit,
  curve,
}: {
  points: readonly ChartPoint[];
  fit: StepsFit;
  curve: readonly ChartPoint[];
}) {
  const x = useXAxisScale();
  const y = useYAxisScale();
  const plot = usePlotArea();
  if (!x || !y || !plot) return null;
  const at = (point: { steps: number; examples: number }) =>
    [Number(x(point.steps)), Number(y(point.examples))] as const;
  const pixels = points.map(at);
  const boxes: Box[] = pixels.map(([px, py]) => ({
    left: px - POINT_REACH,
    right: px + POINT_REACH,
    top: py - POINT_REACH,
    bottom: py + POINT_REACH,
  }));
  const verticals: number[] = [];
  const horizontals: number[] = [];
  if (fit.kind === 'fit') {
    const sMin = Number(x(fit.minSteps));
    const eMin = Number(y(fit.minExamples));
    verticals.push(sMin);
    horizontals.push(eMin);
    // The reference lines' own labels (insideTopLeft of S_min's, insideBottomLeft of E_min's) and B_crit's.
    const sLabel = textWidth(`S_min ${formatNumber(fit.minSteps)}`);
    const eLabel = textWidth(`E_min ${formatNumber(fit.minExamples)}`);
    boxes.push({ left: sMin + 5, right: sMin + 5 + sLabel, top: plot.y + 5, bottom: plot.y + 22 });
    boxes.push({ left: plot.x + 5, right: plot.x + 5 + eLabel, top: eMin - 22, bottom: eMin - 5 });
    const [cx, cy] = at({ steps: 2 * fit.minSteps, examples: 2 * fit.minExamples });
    const crossing = textWidth(`B_crit ${formatNumber(fit.criticalBatch)}`);
    boxes.push({ left: cx - POINT_REACH, right: cx + 10 + crossing, top: cy - 10, bottom: cy + 8 });
  }
  const placed = placeLabels(
    points.map((point, k) => {
      const [px, py] = pixels[k] as readonly [number, number];
      return { x: px, y: py, text: point.label, prefer: point.below ? 'below' : 'above' };
    }),
    {
      verticals,
      horizontals,
      curve: curve.map(at),
      boxes,
      plot: { left: plot.x, right: plot.x + plot.width, top: plot.y, bottom: plot.y + plot.height },
    },
  );
  return (
    <g className="point-labels">
      {placed.map((label) => (
        <text
          key={label.text}
          x={label.x}
          y={label.y}
          textAnchor={label.anchor}
          fontSize={14}
          fill={POINT_COLOUR}
          {...HALO}
        >
          {label.text}
        </text>
      ))}
    </g>
  );
}

/** The fitted curve, S = S_min + E_min/B and E = B·S, for B log-spaced a little beyond the points. */
function curvePoints(view: StepsView): ChartPoint[] {
  const fit = view.fit;
  const points = view.found.points;
  if (fit.kind !== 'fit' || points.length === 0) return [];
  const low = Math.log((points[0] as { batchSize: number }).batchSize / 4);
  const high = Math.log((points.at(-1) as { batchSize: number }).batchSize * 4);
  return Array.from({ length: 48 }, (_, k) => {
    const batchSize = Math.exp(low + ((high - low) * k) / 47);
    const steps = fittedSteps(fit, batchSize);
    return { steps, examples: batchSize * steps, label: '', below: false };
  });
}

/**
 * Updates S against examples E to a target on log–log axes: each batch size's fastest cell (labelled with
 * its batch size and learning rate), the fitted curve (S/S_min − 1)(E/E_min − 1) = 1, and its asymptotes
 * S_min and E_min, dashed.
 */
export function StepsExamplesChart({ view }: { view: StepsView }) {
  const [table] = useState(() =>
    chartSource(
      (state: AppState) => [
        state.sweep,
        state.sweepTarget,
        state.sweepSettings.targetMargin,
        state.sweepRefinement,
      ],
      (state) =>
        stepsTable(
          stepsView(state.sweep, state.sweepTarget, state.sweepSettings.targetMargin, state.sweepRefinement),
        ),
    ),
  );
  const fit = view.fit;
  const crossing: ChartPoint[] =
    fit.kind === 'fit'
      ? [
          {
            steps: 2 * fit.minSteps,
            examples: 2 * fit.minExamples,
            label: `B_crit ${formatNumber(fit.criticalBatch)}`,
            below: false,
          },
        ]
      : [];
  // The axes span the points and the asymptotes, not the whole curve, whose ends run off to infinity.
  const steps = [...view.found.points, ...crossing].map((point) => point.steps);
  const examples = [...view.found.points, ...crossing].map((point) => point.examples);
  if (fit.kind === 'fit') {
    steps.push(fit.minSteps);
    examples.push(fit.minExamples);
  }
  // Room around the points, so that no point or label sits on the plot's edge.
  const padded = (values: number[]): [number, number] | null =>
    values.length > 0 ? [Math.min(...values) / 2, Math.max(...values) * 2] : null;
  const xAxis = logAxis(padded(steps));
  const yAxis = logAxis(padded(examples));
  const points: ChartPoint[] = view.found.points.map((point) => {
    const label = pointLabel(point, view.sweptAnnealing);
    // A point under the curve (fewer examples than the fit at its S) is labelled under it, and vice versa.
    const below =
      fit.kind === 'fit' &&
      point.steps > fit.minSteps &&
      point.examples < (fit.minExamples / (point.steps - fit.minSteps)) * point.steps;
    return { steps: point.steps, examples: point.examples, label, below };
  });
  const curve = curvePoints(view);
  return (
    <ChartFrame
      title="Steps vs examples (log–log)"
      table={table}
      note={<span className="chart-note"> each batch size’s fastest cell; the fitted curve in green</span>}
    >
      <div className="chart-plot" style={{ '--chart-height': '400px' } as CSSProperties}>
        <ResponsiveContainer width="100%" height="100%">
          <ScatterChart margin={MARGIN}>
            <CartesianGrid stroke="#eef0f2" />
            <XAxis
              type="number"
              dataKey="steps"
              scale="log"
              domain={xAxis.domain as [number, number]}
              ticks={xAxis.ticks as number[]}
              allowDataOverflow
              interval={0}
              tick={axisTick}
              tickFormatter={formatCount}
              label={X_LABEL}
              height={40}
            />
            <YAxis
              type="number"
              dataKey="examples"
              scale="log"
              domain={yAxis.domain as [number, number]}
              ticks={yAxis.ticks as number[]}
              allowDataOverflow
              interval={0}
              tick={axisTick}
              tickFormatter={formatCount}
              label={Y_LABEL}
              width={72}
            />
            <Tooltip
              isAnimationActive={false}
              formatter={(value: unknown, name: unknown) => [formatNumber(Number(value)), String(name)]}
            />
            {fit.kind === 'fit' && (
              <ReferenceLine
                x={fit.minSteps}
                stroke={LIMIT_COLOUR}
                strokeDasharray="6 4"
                strokeWidth={2}
                label={{
                  value: `S_min ${formatNumber(fit.minSteps)}`,
                  position: 'insideTopLeft',
                  ...AXIS_STYLE,
                  fill: LIMIT_COLOUR,
                }}
              />
            )}
            {fit.kind === 'fit' && (
              <ReferenceLine
                y={fit.minExamples}
                stroke={LIMIT_COLOUR}
                strokeDasharray="6 4"
                strokeWidth={2}
                label={{
                  value: `E_min ${formatNumber(fit.minExamples)}`,
                  position: 'insideBottomLeft',
                  ...AXIS_STYLE,
                  fill: LIMIT_COLOUR,
                }}
              />
            )}
            {curve.length > 0 && (
              <Scatter
                name="fitted curve"
                data={curve}
                line={{ stroke: FIT_COLOUR, strokeWidth: 2.5 }}
                shape={() => <g />}
                isAnimationActive={false}
                className="series-fit"
              />
            )}
            <Scatter
              name="fastest cell"
              data={points}
              fill={POINT_COLOUR}
              isAnimationActive={false}
              className="series-steps"
            />
            {crossing.length > 0 && (
              <Scatter
                name="B_crit"
                data={crossing}
                fill={FIT_COLOUR}
                shape="diamond"
                isAnimationActive={false}
              >
                <LabelList dataKey="label" position="right" fontSize={14} fill={FIT_COLOUR} />
              </Scatter>
            )}
            <PointLabels points={points} fit={fit} curve={curve} />
          </ScatterChart>
        </ResponsiveContainer>
      </div>
    </ChartFrame>
  );
}
