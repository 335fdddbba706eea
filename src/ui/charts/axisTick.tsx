import type { ReactElement } from 'react';
import type { BaseTickContentProps } from 'recharts';

/** How far below its anchor a line of text starts, per Recharts' vertical anchor (its cap height, 0.71 em). */
const ANCHOR_SHIFT = { start: '0.71em', middle: '0.355em', end: '0' } as const;

/**
 * An axis's tick label as plain SVG text. Recharts' own label measures its words in the page each time a
 * chart redraws, which makes the browser lay the page out there and then; these labels are single short
 * numbers that never wrap, so nothing needs measuring.
 */
export function axisTick(props: BaseTickContentProps): ReactElement {
  const { x, y, payload, index, textAnchor, verticalAnchor, tickFormatter, className } = props;
  const value: unknown = payload.value;
  return (
    <text
      x={x}
      y={y}
      dy={ANCHOR_SHIFT[verticalAnchor]}
      textAnchor={textAnchor}
      fontSize={14}
      fill="#4b5563"
      className={className}
    >
      {tickFormatter ? tickFormatter(value, index) : String(value)}
    </text>
  );
}
