import { useId, useLayoutEffect, useRef, useState } from 'react';
import { formatNumber, formatRate } from '../../core/format.ts';
import type { SweepResult } from '../../core/sweep.ts';
import { LABEL_FONT, layoutSweepOverlay, type OverlayGeometry } from './sweepOverlayLayout.ts';

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
  const sharpness = `(λ_max = ${formatNumber(lambdaMax)}, the sharpness at the starting weights)`;
  if (limit > highest) {
    return (
      `lr = 2 / λ_max = ${formatRate(limit)} lies right of the sweep’s largest rate, ${formatRate(highest)}, ` +
      `as the arrow under the grid says ${sharpness}: every rate swept is below the limit at which ` +
      'full-batch gradient descent diverges near the start.'
    );
  }
  if (limit < lowest) {
    return (
      `lr = 2 / λ_max = ${formatRate(limit)} lies left of the sweep’s smallest rate, ${formatRate(lowest)}, ` +
      `as the arrow under the grid says ${sharpness}: every rate swept is above the limit, where ` +
      'full-batch gradient descent diverges near the start.'
    );
  }
  return (
    `Orange dashed line: lr = 2 / λ_max = ${formatRate(limit)} ${sharpness}: to its right, full-batch ` +
    'gradient descent diverges near the start.'
  );
}

/**
 * The grid's geometry in the overlay's own pixels (the overlay sits at the box's corner, the table below its
 * margin), or null before the table has a layout.
 */
function measure(table: HTMLTableElement, overlay: SVGSVGElement): OverlayGeometry | null {
  const tableBox = table.getBoundingClientRect();
  const origin = overlay.getBoundingClientRect();
  const box = { left: origin.left, top: origin.top, width: tableBox.right - origin.left };
  const rows = [...(table.tBodies[0]?.rows ?? [])];
  const first = rows[0];
  if (!first || box.width === 0) return null;
  const cells = [...first.cells].slice(1).map((cell) => cell.getBoundingClientRect());
  const rowBoxes = rows.map((row) => (row.cells[1] ?? row).getBoundingClientRect());
  const firstCell = cells[0];
  const lastCell = cells.at(-1);
  const topBox = rowBoxes[0];
  const bottomBox = rowBoxes.at(-1);
  if (!firstCell || !lastCell || !topBox || !bottomBox) return null;
  return {
    width: box.width,
    height: tableBox.bottom - origin.top,
    columns: cells.map((cell) => cell.left + cell.width / 2 - box.left),
    rows: rowBoxes.map((row) => row.top + row.height / 2 - box.top),
    left: firstCell.left - box.left,
    right: lastCell.right - box.left,
    top: topBox.top - box.top,
    bottom: bottomBox.bottom - box.top,
  };
}

const TEMPERATURE_COLOUR = '#334155';
const LIMIT_COLOUR = '#b45309';
const LIMIT_TEXT = '#92400e';

/**
 * Lines over a sweep's table, which it measures (it sits right after the table in a positioned box, under
 * the cells' numbers): thin lines of constant lr / B through the grid, and the 2 / λ_max limit as a line
 * or, past the swept rates, an arrow; every label outside the grid (see `layoutSweepOverlay`).
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
  const [geometry, setGeometry] = useState<OverlayGeometry | null>(null);
  const shown = temperature || limitRate !== null;
  useLayoutEffect(() => {
    const overlay = svg.current;
    const table = overlay?.previousElementSibling;
    if (!shown || !overlay || !(table instanceof HTMLTableElement)) return;
    const update = () => setGeometry(measure(table, overlay));
    update();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(update);
    observer.observe(table);
    return () => observer.disconnect();
  }, [shown, layoutKey, learningRates, batchSizes]);
  if (!shown) return null;
  const g = geometry;
  const layout = g ? layoutSweepOverlay(learningRates, batchSizes, g, temperature, limitRate) : null;
  return (
    <svg ref={svg} className="sweep-overlay" width={g?.width ?? 0} height={g?.height ?? 0} aria-hidden="true">
      {g && layout && (
        <>
          <defs>
            <clipPath id={clipId}>
              <rect x={g.left} y={g.top} width={g.right - g.left} height={g.bottom - g.top} />
            </clipPath>
          </defs>
          <g clipPath={`url(#${clipId})`}>
            {layout.lines.map(({ ratio, points }) => (
              <polyline
                key={ratio}
                className="temperature-line"
                points={points.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(' ')}
                fill="none"
                stroke={TEMPERATURE_COLOUR}
                strokeOpacity={0.75}
                strokeWidth={1.25}
                strokeDasharray="4 3"
              />
            ))}
            {layout.limit?.kind === 'line' && (
              <line
                className="stability-limit"
                x1={layout.limit.x}
                x2={layout.limit.x}
                y1={g.top}
                y2={g.bottom}
                stroke={LIMIT_COLOUR}
                strokeOpacity={0.85}
                strokeWidth={2}
                strokeDasharray="7 4"
              />
            )}
          </g>
          {layout.lines.map(({ ratio, leader }) =>
            leader ? (
              <line
                key={ratio}
                x1={leader[0]}
                y1={leader[1]}
                x2={leader[2]}
                y2={leader[3]}
                stroke={TEMPERATURE_COLOUR}
                strokeWidth={1.25}
              />
            ) : null,
          )}
          {layout.limit?.kind === 'line' && (
            <line
              x1={layout.limit.x}
              x2={layout.limit.x}
              y1={g.bottom}
              y2={g.bottom + 6}
              stroke={LIMIT_COLOUR}
              strokeWidth={2}
            />
          )}
          {layout.labels.map((label) => (
            <text
              key={`${label.kind}-${label.text}`}
              className={label.kind === 'limit' ? 'stability-limit-label' : 'temperature-label'}
              x={label.x}
              y={label.y}
              textAnchor={label.anchor}
              fontSize={LABEL_FONT}
              fontWeight={label.kind === 'temperatureTitle' ? 600 : undefined}
              fill={label.kind === 'limit' ? LIMIT_TEXT : TEMPERATURE_COLOUR}
            >
              {label.text}
            </text>
          ))}
        </>
      )}
    </svg>
  );
}
