import { useState, type CSSProperties } from 'react';
import {
  CartesianGrid,
  LabelList,
  type LabelProps,
  ReferenceLine,
  ResponsiveContainer,
  Scatter,
  ScatterChart,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { fittedSteps } from '../../core/criticalBatch.ts';
import { formatCount, formatNumber } from '../../core/format.ts';
import type { AppState } from '../../state/store.ts';
import { pointLabel, stepsTable, stepsView, type StepsView } from '../panels/stepsVsExamples.ts';
import { logAxis } from './axes.ts';
import { axisTick } from './axisTick.tsx';
import { ChartFrame } from './ChartFrame.tsx';
import { chartSource } from './chartSource.ts';

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
  /** The label, on the side of the point away from the fitted curve (the other is empty). */
  readonly labelAbove: string;
  readonly labelBelow: string;
}

/**
 * A point's label centred above or below it, on one line: Recharts' own top and bottom labels wrap their
 * words to the width of the point's symbol.
 */
function labelBeside(side: 'above' | 'below', colour: string) {
  return function PointLabel(props: LabelProps) {
    const box = props.viewBox;
    if (props.value === undefined || props.value === '' || box === undefined || !('width' in box))
      return <g />;
    const x = Number(box.x) + Number(box.width) / 2;
    const y = side === 'above' ? Number(box.y) - 6 : Number(box.y) + Number(box.height) + 16;
    return (
      <text x={x} y={y} textAnchor="middle" fontSize={14} fill={colour} {...HALO}>
        {props.value}
      </text>
    );
  };
}
/** A white outline under a label's letters, so that it reads where a line crosses it. */
const HALO = { stroke: '#ffffff', strokeWidth: 4, paintOrder: 'stroke' } as const;
const POINT_LABEL_ABOVE = labelBeside('above', POINT_COLOUR);
const POINT_LABEL_BELOW = labelBeside('below', POINT_COLOUR);

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
    return { steps, examples: batchSize * steps, labelAbove: '', labelBelow: '' };
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
            labelAbove: `B_crit ${formatNumber(fit.criticalBatch)}`,
            labelBelow: '',
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
    return {
      steps: point.steps,
      examples: point.examples,
      labelAbove: below ? '' : label,
      labelBelow: below ? label : '',
    };
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
            >
              <LabelList dataKey="labelAbove" content={POINT_LABEL_ABOVE} />
              <LabelList dataKey="labelBelow" content={POINT_LABEL_BELOW} />
            </Scatter>
            {crossing.length > 0 && (
              <Scatter
                name="B_crit"
                data={crossing}
                fill={FIT_COLOUR}
                shape="diamond"
                isAnimationActive={false}
              >
                <LabelList dataKey="labelAbove" position="right" fontSize={14} fill={FIT_COLOUR} />
              </Scatter>
            )}
          </ScatterChart>
        </ResponsiveContainer>
      </div>
    </ChartFrame>
  );
}
