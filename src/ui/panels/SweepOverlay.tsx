import { useId, useLayoutEffect, useRef, useState } from 'react';
import { formatNumber, formatRate } from '../../core/format.ts';
import type { SweepResult } from '../../core/sweep.ts';

/** λ_max at the sweep's starting weights: a number, null (no Hessian), or undefined (no result yet). */
export function startSharpnessOf(results: readonly (SweepResult | null)[]): number | null | undefined {
  const first = results.find((result) => result != null);
  return first === undefined || first === null ? undefined : first.startSharpness;
}

/** The 2 / λ_max line's caption: its value, where it falls, and what it means. */
export function describeStabilityLimit(
  lambdaMax: number | null | undefined,
  learningRates: readonly number[],
) {
  if (lambdaMax === undefined) return 'The 2 / λ_max limit appears with the first finished run.';
  if (lambdaMax === null || !(lambdaMax > 0)) {
    return 'No 2 / λ_max limit: this objective has no Hessian (hinge and perceptron are piecewise linear).';
  }
  const limit = 2 / lambdaMax;
  const lowest = Math.min(...learningRates);
  const highest = Math.max(...learningRates);
  const where =
    limit > highest
      ? ', right of the sweep’s largest rate'
      : limit < lowest
        ? ', left of the sweep’s smallest rate'
        : '';
  return (
    `Dashed line: lr = 2 / λ_max = ${formatRate(limit)}${where} (λ_max = ${formatNumber(lambdaMax)}, the ` +
    'sharpness at the starting weights): to its right, full-batch gradient descent diverges near the start.'
  );
}

/** Positions of the grid's cells inside the table: column and row centres and the cells' outer edges. */
interface Geometry {
  readonly width: number;
  readonly height: number;
  readonly columns: readonly number[];
  readonly rows: readonly number[];
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
}

function measure(table: HTMLTableElement): Geometry | null {
  const box = table.getBoundingClientRect();
  const rows = [...(table.tBodies[0]?.rows ?? [])];
  const first = rows[0];
  const last = rows.at(-1);
  if (!first || !last || box.width === 0) return null;
  const cells = [...first.cells].slice(1).map((cell) => cell.getBoundingClientRect());
  const rowBoxes = rows.map((row) => (row.cells[1] ?? row).getBoundingClientRect());
  const firstCell = cells[0];
  const lastCell = cells.at(-1);
  const topBox = rowBoxes[0];
  const bottomBox = rowBoxes.at(-1);
  if (!firstCell || !lastCell || !topBox || !bottomBox) return null;
  return {
    width: box.width,
    height: box.height,
    columns: cells.map((cell) => cell.left + cell.width / 2 - box.left),
    rows: rowBoxes.map((row) => row.top + row.height / 2 - box.top),
    left: firstCell.left - box.left,
    right: lastCell.right - box.left,
    top: topBox.top - box.top,
    bottom: bottomBox.bottom - box.top,
  };
}

/** A piecewise-linear map through (xs, ys), xs ascending, continued past both ends along the nearest segment. */
function piecewiseLinear(xs: readonly number[], ys: readonly number[]) {
  return (x: number): number => {
    // With one point any slope will do: 40 px per unit, a column's width per e-fold.
    if (xs.length === 1) return (ys[0] as number) + (x - (xs[0] as number)) * 40;
    let k = 0;
    while (k < xs.length - 2 && x > (xs[k + 1] as number)) k++;
    const [a, b] = [xs[k] as number, xs[k + 1] as number];
    const [p, q] = [ys[k] as number, ys[k + 1] as number];
    return p + ((x - a) / (b - a)) * (q - p);
  };
}

/** Pixel position of a value on an axis of log-spaced cells: piecewise linear in its logarithm. */
export function logInterpolator(values: readonly number[], positions: readonly number[]) {
  const map = piecewiseLinear(values.map(Math.log), positions);
  return (value: number) => map(Math.log(value));
}

/** Decades of lr / B that cross the grid: from the smallest lr over the largest B to the largest over 1. */
export function temperatureDecades(
  learningRates: readonly number[],
  batchSizes: readonly number[],
): number[] {
  const low = Math.min(...learningRates) / Math.max(...batchSizes);
  const high = Math.max(...learningRates) / Math.min(...batchSizes);
  const decades: number[] = [];
  for (let power = Math.ceil(Math.log10(low)); power <= Math.floor(Math.log10(high)); power++) {
    decades.push(Number((10 ** power).toPrecision(1)));
  }
  return decades;
}

/** Width kept free for one line's label, so that the labels of neighbouring lines do not overlap. */
const LABEL_WIDTH = 96;
/** The labels go under the grid, in the room `.sweep-grid-wrap.overlaid` keeps there: one row each kind. */
const LABEL_ROW = 18;

/**
 * The lines of constant lr / B through the grid, from its top edge to its bottom edge, each labelled where
 * it leaves the grid: under it, or right of it for a line that leaves through the right edge; a label that
 * would run into the one before it is left out.
 */
function temperatureLines(
  learningRates: readonly number[],
  batchSizes: readonly number[],
  g: Geometry,
  xOf: (rate: number) => number,
  yOf: (batch: number) => number,
  logBatchAt: (y: number) => number,
) {
  const top = Math.exp(logBatchAt(g.top));
  const bottom = Math.exp(logBatchAt(g.bottom));
  const logRateAt = piecewiseLinear(g.columns, learningRates.map(Math.log));
  const rightRate = Math.exp(logRateAt(g.right));
  let lastBelow = Number.NEGATIVE_INFINITY;
  let lastRight = Number.POSITIVE_INFINITY;
  return temperatureDecades(learningRates, batchSizes).map((ratio) => {
    const points = [top, ...batchSizes, bottom].map((batch) => [xOf(ratio * batch), yOf(batch)] as const);
    const x = xOf(ratio * bottom);
    const yRight = yOf(rightRate / ratio);
    let label: { x: number; y: number; anchor: 'middle' | 'start' } | null = null;
    if (x >= g.left && x <= g.right) {
      if (x >= lastBelow + LABEL_WIDTH) {
        label = { x, y: g.bottom + LABEL_ROW, anchor: 'middle' };
        lastBelow = x;
      }
    } else if (x > g.right && yRight >= g.top && yRight <= g.bottom && yRight <= lastRight - LABEL_ROW) {
      // Lines further right leave higher up: the labels on the right go upwards.
      label = { x: g.right + 4, y: yRight + 5, anchor: 'start' };
      lastRight = yRight;
    }
    return { ratio, points, label };
  });
}

/**
 * Lines over a sweep's table, which it measures (it sits right after the table in a positioned box): lines
 * of constant lr / B through the grid, and a vertical line at the learning rate 2 / λ_max.
 */
export function SweepOverlayLines(props: {
  /** Changes whenever the table's layout may have (the number of finished cells). */
  layoutKey: number;
  learningRates: readonly number[];
  batchSizes: readonly number[];
  temperature: boolean;
  limitRate: number | null;
}) {
  const { layoutKey, learningRates, batchSizes, temperature, limitRate } = props;
  const svg = useRef<SVGSVGElement>(null);
  const clipId = useId();
  const [geometry, setGeometry] = useState<Geometry | null>(null);
  const shown = temperature || limitRate !== null;
  useLayoutEffect(() => {
    const table = svg.current?.previousElementSibling;
    if (!shown || !(table instanceof HTMLTableElement)) return;
    const update = () => setGeometry(measure(table));
    update();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(update);
    observer.observe(table);
    return () => observer.disconnect();
  }, [shown, layoutKey, learningRates, batchSizes]);
  if (!shown) return null;
  const g = geometry;
  const xOf = g ? logInterpolator(learningRates, g.columns) : null;
  // Rows go down as the batch grows; the inverse map reads the batch size at the grid's top and bottom.
  const yOf = g ? logInterpolator(batchSizes, g.rows) : null;
  const logBatchAt = g ? piecewiseLinear(g.rows, batchSizes.map(Math.log)) : null;
  const lines =
    temperature && g && xOf && yOf && logBatchAt
      ? temperatureLines(learningRates, batchSizes, g, xOf, yOf, logBatchAt)
      : [];
  const limitX = limitRate !== null && xOf ? xOf(limitRate) : null;
  return (
    <svg ref={svg} className="sweep-overlay" width={g?.width ?? 0} height={g?.height ?? 0} aria-hidden="true">
      {g && xOf && yOf && logBatchAt && (
        <>
          <defs>
            <clipPath id={clipId}>
              <rect x={g.left} y={g.top} width={g.right - g.left} height={g.bottom - g.top} />
            </clipPath>
          </defs>
          <g clipPath={`url(#${clipId})`}>
            {lines.map(({ ratio, points }) => (
              <polyline
                key={ratio}
                className="temperature-line"
                points={points.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(' ')}
                fill="none"
                stroke="#1d3557"
                strokeOpacity={0.75}
                strokeWidth={2}
                strokeLinecap="round"
                strokeDasharray="0.5 5"
              />
            ))}
            {limitX !== null && (
              <line
                className="stability-limit"
                x1={limitX}
                x2={limitX}
                y1={g.top}
                y2={g.bottom}
                stroke="#b45309"
                strokeWidth={3}
                strokeDasharray="8 5"
              />
            )}
          </g>
          {lines.map(({ ratio, label }) =>
            label ? (
              <text
                key={ratio}
                x={label.x}
                y={label.y}
                textAnchor={label.anchor}
                fontSize={14}
                fill="#1d3557"
              >
                lr/B = {formatRate(ratio)}
              </text>
            ) : null,
          )}
          {limitX !== null && limitRate !== null && (
            <text
              x={Math.min(limitX, g.right)}
              y={g.bottom + 2 * LABEL_ROW}
              textAnchor={limitX > (g.left + g.right) / 2 ? 'end' : 'start'}
              fontSize={14}
              fill="#92400e"
            >
              2 / λ_max = {formatRate(limitRate)}
            </text>
          )}
        </>
      )}
    </svg>
  );
}
