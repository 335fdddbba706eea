/**
 * The content of "Curvature & noise": the sharpness λ_max against 2/lr, the gradient noise against the
 * batch size with B_simple, and B_simple per epoch. It is a chunk of its own, fetched when the section first
 * opens, so that a first visit does not load it.
 */
import { useEffect, useRef } from 'react';
import { formatNumber, formatRate } from '../../core/format.ts';
import { lambdaMaxOf, type InsightsView } from '../../state/insightsSlice.ts';
import { useAppStore, type AppState } from '../../state/store.ts';
import { NoiseScaleChart, SharpnessChart } from '../charts/InsightsCharts.tsx';
import { useThrottledSelector } from '../pageClock.ts';
import { GradientNoisePanel } from './GradientNoisePanel.tsx';
import { INSIGHTS_HEADING, INSIGHTS_LABEL, INSIGHTS_SECTION_ID } from './insightsSectionIds.ts';

const selectShow = (state: AppState) => state.showInsights;
const selectLatest = (state: AppState) => (state.insightsRunId === state.runId ? state.insights : null);

/** The Sharpness chart's caption: what λ_max is, how it was found, and why 2/lr matters. */
export function describeSharpness(view: InsightsView | null): string {
  if (view === null) return 'Measured when the run starts…';
  const sharpness = view.sharpness;
  if (sharpness.kind === 'none') {
    return `No sharpness to show: ${sharpness.reason}, so there is no Hessian and no 2/λ limit.`;
  }
  const how =
    sharpness.kind === 'exact'
      ? 'exact, from the Hessian'
      : `power iteration, ${sharpness.iterations} iterations, tolerance ${formatNumber(sharpness.tolerance)}${sharpness.converged ? '' : ', not yet converged'}`;
  const lambda = lambdaMaxOf(view);
  const now =
    lambda !== null && lambda > 0
      ? ` Now λ_max = ${formatNumber(lambda)}, so 2/λ_max = ${formatRate(2 / lambda)} against lr ${formatRate(view.learningRate)}.`
      : '';
  return `λ_max is the steepest curvature of the mean objective at the current weights (${how}). Full-batch gradient descent is stable only while lr < 2/λ_max: where λ_max rises above the dashed 2/lr, steps overshoot.${now}`;
}

/** The sharpness chart with its caption following the newest measurement. */
function SharpnessWithNote() {
  const latest = useThrottledSelector(selectLatest);
  return <SharpnessChart note={describeSharpness(latest)} />;
}

/** The open section: its heading, its Close button and the three views; the heading scrolls into view. */
export function InsightsContent() {
  const show = useAppStore(selectShow);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.scrollIntoView?.({ block: 'nearest' });
  }, []);
  return (
    <section className="panel insights" id={INSIGHTS_SECTION_ID} aria-label={INSIGHTS_LABEL}>
      <div className="insights-header">
        <h2 ref={heading}>{INSIGHTS_HEADING}</h2>
        <button type="button" className="insights-close" onClick={() => show(false)}>
          Close
        </button>
      </div>
      <div className="insights-grid">
        <SharpnessWithNote />
        <GradientNoisePanel />
        <NoiseScaleChart />
      </div>
    </section>
  );
}
