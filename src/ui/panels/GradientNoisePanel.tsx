import { useState } from 'react';
import { formatNumber } from '../../core/format.ts';
import type { BatchNoiseSeries, InsightsView } from '../../state/insightsSlice.ts';
import { logAxis, type Axis } from '../charts/axes.ts';
import { DataTable, TableToggle, type ChartTable } from '../charts/ChartFrame.tsx';
import { useAppStore, type AppState } from '../../state/store.ts';
import { useThrottledSelector } from '../pageClock.ts';
import { useBoxSize, type BoxSize } from '../useBoxSize.ts';
import { ValueAxisTitle } from '../charts/ValueAxisTitle.tsx';

// Drawn at about its own size in a third of a laptop screen's width, so that its 14 px text stays 14 px.
const DRAWING: BoxSize = { width: 400, height: 260 };
// On a projector the drawing fills its box at this scale, so that its 14 px type shows at 20 px there.
const PROJECTOR_SCALE = 20 / 14;
const MARGIN = { top: 12, right: 12, bottom: 44, left: 64 };
const NOISE_COLOUR = '#1d3557';
const SIGNAL_COLOUR = '#b45309';
const SIGNAL_DASH = '6 4';

const selectLatest = (state: AppState) => (state.insightsRunId === state.runId ? state.insights : null);
const selectSampled = (state: AppState) => (state.insightsRunId === state.runId ? state.sampledNoise : null);
const selectPresentation = (state: AppState) => state.config.presentation;

/** A log scale from an axis's domain to pixels [from, to]. */
function logScale(axis: Axis, from: number, to: number) {
  const [low, high] = axis.domain.map(Math.log10) as [number, number];
  return (value: number) => from + ((Math.log10(value) - low) / (high - low)) * (to - from);
}

/** The panel's data as a table: B, the exact variance, the Monte-Carlo one where drawn, and ‖G‖². */
export function gradientNoiseTable(view: InsightsView, sampled: BatchNoiseSeries | null): ChartTable {
  const sizes = [...new Set([...view.exact.batchSizes, ...(sampled?.batchSizes ?? [])])].sort(
    (a, b) => a - b,
  );
  return {
    caption: 'Gradient noise E‖g_B − G‖² against batch size B at the current weights',
    columns: ['Batch size B', 'Exact E‖g_B − G‖²', 'Monte-Carlo', 'Signal ‖G‖²'],
    rows: sizes.map((size) => {
      const exact = view.exact.batchSizes.indexOf(size);
      const drawn = sampled?.batchSizes.indexOf(size) ?? -1;
      return [
        String(size),
        exact < 0 ? '—' : formatNumber(view.exact.variances[exact] as number),
        drawn < 0 ? '—' : formatNumber(sampled?.variances[drawn] as number),
        formatNumber(view.noise.meanGradientNormSquared),
      ];
    }),
  };
}

/** The words under the panel's title: B_simple by name with its value, or why there is none. */
export function describeNoiseScale(view: InsightsView): string {
  const scale = view.noise.noiseScale;
  if (scale === null) return 'The mean gradient G is 0 here: there is no signal, so no noise scale.';
  const reading =
    scale < 1
      ? 'even one example’s gradient is mostly signal here'
      : 'below it a batch’s gradient is mostly noise, above it mostly signal';
  return `Noise scale B_simple = tr S / ‖G‖² = ${formatNumber(scale)} examples: ${reading}.`;
}

/**
 * At the current weights: the exact variance of a batch's mean gradient against the batch size (a line on
 * log–log axes, falling as 1/B and reaching 0 at B = N), Monte-Carlo batches drawn as the app draws them
 * (dots), the signal ‖G‖² (flat), and where they cross, B_simple.
 */
export function GradientNoisePanel() {
  const view = useThrottledSelector(selectLatest);
  const sampled = useThrottledSelector(selectSampled);
  const [asTable, setAsTable] = useState(false);
  const [boxRef, box] = useBoxSize<HTMLDivElement>(useAppStore(selectPresentation));
  const size =
    box !== null && box.height > 0
      ? { width: box.width / PROJECTOR_SCALE, height: box.height / PROJECTOR_SCALE }
      : DRAWING;
  return (
    <figure className="chart gradient-noise" aria-label="Gradient noise">
      <figcaption>Gradient noise</figcaption>
      {view && <TableToggle title="Gradient noise" pressed={asTable} onToggle={() => setAsTable(!asTable)} />}
      <p className="chart-note" data-testid="noise-scale">
        {view ? describeNoiseScale(view) : 'Measured when the run starts…'}
      </p>
      {view && asTable && <DataTable table={gradientNoiseTable(view, sampled)} />}
      {view && !asTable && <NoiseLegend sampled={(sampled?.batchSizes.length ?? 0) > 0} />}
      {view && !asTable && (
        <div className="noise-plot-box" ref={boxRef}>
          <NoisePlot view={view} sampled={sampled} size={size} />
        </div>
      )}
    </figure>
  );
}

/**
 * What the plot's lines and dots are, above it as the other charts' legends are: labels inside the plot
 * would cross each other, the lines and the B_simple mark wherever the measurements put them.
 */
function NoiseLegend({ sampled }: { sampled: boolean }) {
  return (
    <ul className="noise-legend" aria-label="Legend">
      <li>
        <svg className="noise-legend-key" viewBox="0 0 24 10" aria-hidden>
          <line x1={0} x2={24} y1={5} y2={5} stroke={NOISE_COLOUR} strokeWidth={2.5} />
        </svg>
        noise E‖g_B − G‖² (exact)
      </li>
      {sampled && (
        <li>
          <svg className="noise-legend-key" viewBox="0 0 24 10" aria-hidden>
            <circle cx={12} cy={5} r={4} fill="#fff" stroke={NOISE_COLOUR} strokeWidth={2} />
          </svg>
          Monte-Carlo batches
        </li>
      )}
      <li>
        <svg className="noise-legend-key" viewBox="0 0 24 10" aria-hidden>
          <line
            x1={0}
            x2={24}
            y1={5}
            y2={5}
            stroke={SIGNAL_COLOUR}
            strokeWidth={2}
            strokeDasharray={SIGNAL_DASH}
          />
        </svg>
        signal ‖G‖²
      </li>
    </ul>
  );
}

function NoisePlot(props: { view: InsightsView; sampled: BatchNoiseSeries | null; size: BoxSize }) {
  const { view, sampled } = props;
  const width = props.size.width;
  const height = props.size.height;
  const count = view.noise.count;
  const signal = view.noise.meanGradientNormSquared;
  const values = [...view.exact.variances, ...(sampled?.variances ?? []), signal].filter(
    (value) => value > 0 && Number.isFinite(value),
  );
  const yAxis = logAxis(values.length > 0 ? [Math.min(...values), Math.max(...values)] : null);
  // From 1 to N exactly: the batch sizes there are, ticked on the decades within.
  const decades = logAxis([1, count]);
  const xAxis: Axis = {
    ...decades,
    domain: [1, count],
    ticks: decades.ticks.filter((tick) => tick <= count),
  };
  const x = logScale(xAxis, MARGIN.left, width - MARGIN.right);
  const y = logScale(yAxis, height - MARGIN.bottom, MARGIN.top);
  const exactPath = view.exact.batchSizes
    .map((size, index) => [size, view.exact.variances[index] as number] as const)
    .filter(([, variance]) => variance > 0)
    .map(
      ([size, variance], index) =>
        `${index === 0 ? 'M' : 'L'}${x(size).toFixed(1)},${y(variance).toFixed(1)}`,
    )
    .join('');
  const scale = view.noise.noiseScale;
  const showScale = scale !== null && scale >= 1 && scale <= count && signal > 0;
  return (
    <svg
      className="noise-plot"
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={`Gradient noise against batch size, log–log. ${describeNoiseScale(view)}`}
    >
      {xAxis.ticks.map((tick) => (
        <g key={`x${tick}`} className="noise-tick">
          <line x1={x(tick)} x2={x(tick)} y1={MARGIN.top} y2={height - MARGIN.bottom} stroke="#eef0f2" />
          <text x={x(tick)} y={height - MARGIN.bottom + 18} textAnchor="middle">
            {formatNumber(tick)}
          </text>
        </g>
      ))}
      {yAxis.ticks.map((tick) => (
        <g key={`y${tick}`} className="noise-tick">
          <line x1={MARGIN.left} x2={width - MARGIN.right} y1={y(tick)} y2={y(tick)} stroke="#eef0f2" />
          <text x={MARGIN.left - 6} y={y(tick) + 5} textAnchor="end">
            {formatNumber(tick)}
          </text>
        </g>
      ))}
      <text
        className="axis-title noise-axis-title"
        x={(MARGIN.left + width - MARGIN.right) / 2}
        y={height - 6}
        textAnchor="middle"
      >
        batch size B (examples, N = {count})
      </text>
      {signal > 0 && (
        <line
          className="series-signal"
          x1={MARGIN.left}
          x2={width - MARGIN.right}
          y1={y(signal)}
          y2={y(signal)}
          stroke={SIGNAL_COLOUR}
          strokeWidth={2}
          strokeDasharray={SIGNAL_DASH}
        />
      )}
      <path
        className="series-exact-noise"
        d={exactPath}
        fill="none"
        stroke={NOISE_COLOUR}
        strokeWidth={2.5}
      />
      {sampled?.batchSizes.map((size, index) => {
        const variance = sampled.variances[index] as number;
        return variance > 0 ? (
          <circle
            key={size}
            className="noise-sample"
            cx={x(size)}
            cy={y(variance)}
            r={5}
            fill="#fff"
            stroke={NOISE_COLOUR}
            strokeWidth={2}
          >
            <title>{`B = ${size}: Monte-Carlo ${formatNumber(variance)}`}</title>
          </circle>
        ) : null;
      })}
      {/* After the lines and dots: a title laid level in a short plot's corner stays above them. */}
      <ValueAxisTitle
        title="squared norm"
        frame={{
          titleLeft: 2,
          plotLeft: MARGIN.left,
          plotTop: MARGIN.top,
          plotBottom: height - MARGIN.bottom,
          chartHeight: height,
        }}
        className="axis-title noise-axis-title"
      />
      {showScale && (
        <g className="noise-scale-mark">
          <line
            x1={x(scale)}
            x2={x(scale)}
            y1={MARGIN.top}
            y2={height - MARGIN.bottom}
            stroke="#047857"
            strokeWidth={2}
          />
          <text
            x={x(scale) + (x(scale) > width / 2 ? -6 : 6)}
            y={height - MARGIN.bottom - 8}
            textAnchor={x(scale) > width / 2 ? 'end' : 'start'}
            fill="#047857"
          >
            B_simple ≈ {formatNumber(scale)}
          </text>
        </g>
      )}
    </svg>
  );
}
