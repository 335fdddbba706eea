/**
 * Labelled points as CSV: the limits of a file the app reads, and the writer. The reader, with papaparse,
 * is src/core/csv.ts, loaded only when a file is imported.
 */
import type { PointSet } from './datasets.ts';

/** Labelled 2-D points as CSV carries them: the same shape as a dataset's PointSet (x1, x2 interleaved; y −1/+1). */
export type LabelledPoints = PointSet;

/** The largest file accepted, in UTF-8 bytes, and the most points (data rows, not counting a header). */
export const CSV_LIMITS = { bytes: 10_000_000, rows: 100_000 } as const;

/** Writes points as CSV with the header "x,y,label", labels -1 and 1, and every coordinate exact. */
export function serializePointsCsv(points: LabelledPoints): string {
  const lines = ['x,y,label'];
  for (let i = 0; i < points.y.length; i++) {
    const label = (points.y[i] as number) > 0 ? '1' : '-1';
    lines.push(
      `${formatExact(points.x[2 * i] as number)},${formatExact(points.x[2 * i + 1] as number)},${label}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** The shortest text that reads back as the same double; String(-0) is "0", so the sign of zero is kept by hand. */
function formatExact(value: number): string {
  return Object.is(value, -0) ? '-0' : String(value);
}
